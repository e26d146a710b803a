import Foundation

/// The training log: a JSON Lines file with one `EpochRecord` object per epoch, written as each
/// epoch ends (so a crashed or interrupted run keeps its history). Keys are snake_case;
/// missing dev metrics are omitted.
public final class TrainingLog {
    public let url: URL
    private let handle: FileHandle
    private let encoder: JSONEncoder

    /// Creates (or truncates) the log at `url`.
    public init(url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw DataError.unwritable(file: url.path, reason: "cannot create the training log")
        }
        handle = try FileHandle(forWritingTo: url)
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    }

    deinit { try? handle.close() }

    public func append(_ record: EpochRecord) throws {
        var line = try encoder.encode(record)
        line.append(UInt8(ascii: "\n"))
        try handle.write(contentsOf: line)
    }

    /// Reads a log back (for tools and tests).
    public static func read(_ url: URL) throws -> [EpochRecord] {
        let text = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(EpochRecord.self, from: Data($0.utf8)) }
    }
}
