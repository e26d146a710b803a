import Crypto
import DeepMouseCore
import Foundation

/// What a recording's file looks like on disk, recorded for provenance (so a run can be
/// reproduced and its data checked with `sha256sum`).
public struct RecordingSource: Codable, Sendable, Equatable {
    /// The path as given by the user or the manifest (resolved against the manifest's folder).
    public var path: String
    public var byteCount: Int
    public var sha256: String
    public var format: RecordingFormat

    public init(path: String, byteCount: Int, sha256: String, format: RecordingFormat) {
        self.path = path
        self.byteCount = byteCount
        self.sha256 = sha256
        self.format = format
    }
}

/// Optional facts about a recording, from a manifest or the file name.
public struct RecordingMetadata: Codable, Sendable, Equatable {
    /// The kind of device ("mouse", "touchpad", ...).
    public var device: String?
    public var person: String?
    public var notes: String?
    /// The manifest's split role for this recording.
    public var role: SplitPart?
    /// The session pairing left and right recordings (`left-6.txt` and `right-6.txt` -> "6").
    public var session: String?

    public init(
        device: String? = nil, person: String? = nil, notes: String? = nil,
        role: SplitPart? = nil, session: String? = nil
    ) {
        self.device = device
        self.person = person
        self.notes = notes
        self.role = role
        self.session = session
    }
}

/// One labelled recording: a fixed-rate motion stream, the hand that made it, and where it
/// came from. The unit of a dataset.
public struct Recording: Sendable {
    public var source: RecordingSource
    public var hand: Hand
    public var stream: MotionStream
    public var metadata: RecordingMetadata

    public init(source: RecordingSource, hand: Hand, stream: MotionStream, metadata: RecordingMetadata = .init()) {
        self.source = source
        self.hand = hand
        self.stream = stream
        self.metadata = metadata
    }

    /// A short display name: the file name.
    public var name: String { (source.path as NSString).lastPathComponent }

    /// Reads the recording at `url` (format detected from the content and extension), with the
    /// session taken from a `left-N` / `right-N` file name unless `metadata` has one.
    public static func load(_ url: URL, hand: Hand, metadata: RecordingMetadata = .init()) throws -> Recording {
        let bytes: Data
        bytes = try InputFile.read(url)
        let format = try RecordingFormat.detect(bytes, file: url)
        let stream: MotionStream
        switch format {
        case .legacy: stream = try LegacyRecordingReader.parse(bytes, file: url.path)
        case .evemu: stream = try EvemuRecordingReader.parse(bytes, file: url.path)
        }
        var metadata = metadata
        if metadata.session == nil { metadata.session = sessionName(fromFileName: url.lastPathComponent) }
        let source = RecordingSource(
            path: url.path, byteCount: bytes.count,
            sha256: sha256Hex(bytes), format: format)
        return Recording(source: source, hand: hand, stream: stream, metadata: metadata)
    }

    /// `left-6.txt` -> "6"; `right.txt` -> nil.
    public static func sessionName(fromFileName name: String) -> String? {
        let stem = (name as NSString).deletingPathExtension
        guard let dash = stem.lastIndex(of: "-") else { return nil }
        let session = String(stem[stem.index(after: dash)...])
        return session.isEmpty ? nil : session
    }
}

/// The recording file formats DeepMouse reads.
public enum RecordingFormat: String, Codable, Sendable {
    /// The original project's `x,y` position text.
    case legacy
    /// evemu-record output (`E: sec.usec type code value` with a device description).
    case evemu

    /// Detects the format from the extension (`.events`/`.evemu`) or the first meaningful line.
    public static func detect(_ bytes: Data, file: URL) throws -> RecordingFormat {
        switch file.pathExtension.lowercased() {
        case "events", "evemu": return .evemu
        default: break
        }
        for line in bytes.prefix(4096).split(separator: UInt8(ascii: "\n")) {
            guard
                let first = line.first(where: {
                    $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r")
                })
            else { continue }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("# EVEMU") || text.hasPrefix("N:") || text.hasPrefix("E:") || text.hasPrefix("I:") {
                return .evemu
            }
            if first == UInt8(ascii: "#") { continue }
            return .legacy
        }
        if bytes.isEmpty || bytes.allSatisfy({ $0 == 10 || $0 == 13 || $0 == 32 || $0 == 9 }) {
            throw DataError.emptyRecording(file: file.path)
        }
        return .legacy
    }
}

/// The lowercase hex SHA-256 of `bytes`, as `sha256sum` prints it (provenance records).
func sha256Hex(_ bytes: Data) -> String {
    Crypto.SHA256.hash(data: bytes).map { byte in
        let hex = String(byte, radix: 16)
        return byte < 16 ? "0" + hex : hex
    }.joined()
}
