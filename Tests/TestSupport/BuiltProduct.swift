import Foundation

/// Runs an executable as a user would and captures what it prints: the one process runner of the tests
/// (the CLI's, the daemon's and the recorder's end-to-end tests all go through it).
public struct BuiltProduct: Sendable {
    public let url: URL

    /// The product `name` next to the test bundle (any --scratch-path or configuration), else in the
    /// repository's `.build/debug`; nil when it was not built.
    public init?(_ name: String) {
        var candidates = [
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        ]
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        candidates.append(SharedData.repositoryRoot.appendingPathComponent(".build/debug"))
        guard
            let found = candidates.map({ $0.appendingPathComponent(name) })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { return nil }
        url = found
    }

    /// Any executable (e.g. `/usr/bin/umockdev-run`).
    public init(url: URL) { self.url = url }

    /// What a run printed and how it ended.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }

        /// The stdout lines parsed as JSON objects (other lines are skipped).
        public var objects: [[String: Any]] {
            stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
        }

        /// The objects of `type` (and for `device`, when given).
        public func objects(type: String, device: String? = nil) -> [[String: Any]] {
            objects.filter { $0["type"] as? String == type && (device == nil || $0["device"] as? String == device) }
        }
    }

    /// Runs with `arguments` in `directory`, `environment` entries replacing the inherited ones of the same
    /// name, and waits for it; after `timeout` seconds it is terminated (the result then says so in its
    /// status, 15).
    public func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        timeout: TimeInterval = 300
    ) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        // Read both pipes while the process runs so neither can fill up and block it.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        killer.cancel()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
