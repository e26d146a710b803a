import DeepMouseCore
import Foundation

/// The model files and golden vectors of `Tests/Fixtures/models` (written by `tools/test-fixtures` from
/// DeepMouseQuantization's `GoldenFixtures`), for the tests of the core, the pipeline and the daemon, which do
/// not depend on the workstation code.
public enum FixtureModels {
    public static let directory = SharedData.repositoryRoot.appendingPathComponent("Tests/Fixtures/models")

    /// `NAME.dmm`.
    public static func url(_ name: String) -> URL { directory.appendingPathComponent("\(name).dmm") }

    /// The bytes of `NAME.dmm`.
    public static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

    /// The names of the engine fixtures that carry a golden vector (`NAME.golden`).
    public static var goldenNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".golden") }.map { String($0.dropLast(".golden".count)) }.sorted()
    }
}

/// A model file held in aligned memory for the life of the process, with its arena size: what the engine
/// and pipeline tests prepare classifiers from.
public final class LoadedFixture: @unchecked Sendable {
    public let bytes: [UInt8]
    public let model: ModelFile
    private let storage: UnsafeMutableRawBufferPointer

    public convenience init(_ name: String) throws { try self.init(bytes: try FixtureModels.bytes(name)) }

    public init(bytes: [UInt8]) throws {
        self.bytes = bytes
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        storage.copyBytes(from: bytes)
        model = try ModelFile(bytes: UnsafeRawBufferPointer(rebasing: storage[0..<bytes.count]))
    }

    /// A fresh arena for `hop`, `memory` and `kernel` (not freed: test processes are short).
    public func arena(hop: Int32? = nil, memory: EngineMemory = .fast, kernel: GRUKernel = .best) throws
        -> UnsafeMutableRawBufferPointer
    {
        let size = try StreamingClassifier.arenaByteCount(for: model, hop: hop, memory: memory, kernel: kernel)
        return .allocate(byteCount: size, alignment: 16)
    }

    /// Runs `body` with a classifier prepared over the model.
    public func withClassifier<R>(
        hop: Int32? = nil, memory: EngineMemory = .fast, kernel: GRUKernel = .best,
        _ body: (inout StreamingClassifier) throws -> R
    ) throws -> R {
        let arena = try arena(hop: hop, memory: memory, kernel: kernel)
        defer { arena.deallocate() }
        var classifier = try StreamingClassifier(model: model, arena: arena, hop: hop, memory: memory, kernel: kernel)
        return try body(&classifier)
    }
}

/// A fixture's golden vector: the model input and every decision the streaming engine must make.
public struct GoldenVector: Sendable {
    /// One expected decision: at sample `t` (the window's last), with what the network says even when idle.
    public struct Decision: Equatable, Sendable {
        public var t: Int
        public var idle: Bool
        public var pLeftQ15: Int16
        public var logitQ12: Int32
    }

    public var hop: Int32
    /// (N, 2) int16 model input.
    public var input: [Int16]
    public var decisions: [Decision]

    /// Reads `NAME.golden` (format in its header).
    public init(_ name: String) throws {
        let text = try String(
            contentsOf: FixtureModels.directory.appendingPathComponent("\(name).golden"), encoding: .utf8)
        var hop: Int32 = 0
        var input: [Int16] = []
        var decisions: [Decision] = []
        var lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.makeIterator()
        while let line = lines.next() {
            let f = line.split(separator: " ")
            switch f.first {
            case "hop": hop = Int32(f[1])!
            case "input":
                for _ in 0..<Int(f[1])! {
                    let v = lines.next()!.split(separator: " ")
                    input += [Int16(v[0])!, Int16(v[1])!]
                }
            case "decisions":
                for _ in 0..<Int(f[1])! {
                    let v = lines.next()!.split(separator: " ")
                    decisions.append(
                        Decision(t: Int(v[0])!, idle: v[1] == "1", pLeftQ15: Int16(v[2])!, logitQ12: Int32(v[3])!))
                }
            default: throw GoldenVectorError(line: String(line))
            }
        }
        self.hop = hop
        self.input = input
        self.decisions = decisions
    }

    struct GoldenVectorError: Error { var line: String }
}
