import Foundation
import TestSupport
import Testing

/// DeepMouseMotion compiles as Embedded Swift (x86_64 Linux and a 32-bit Cortex-M), as the
/// embedded daemon needs: runs tools/motion-embedded-check with the toolchain's swiftc.
@Suite struct MotionEmbeddedBuildTests {
    static let swiftc: String? = {
        let candidates =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/swiftc" }
            + ["/opt/swift/usr/bin/swiftc", "/usr/bin/swiftc"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test(.enabled(if: swiftc != nil, "swiftc not found on PATH"))
    func motionCompilesAsEmbeddedSwift() throws {
        let script = SharedData.repositoryRoot.appendingPathComponent("tools/motion-embedded-check")
        let process = Process()
        process.executableURL = script
        process.arguments = [Self.swiftc!]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("armv7em-none-none-eabi: ok"))
    }
}
