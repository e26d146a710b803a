import DeepMouseCore
import Foundation

/// A dataset described in a small JSON Lines file, one recording per line:
///
///     {"recording": "mouse/left-1.txt", "hand": "left", "device": "mouse", "role": "train"}
///
/// `recording` (relative to the manifest's folder, or absolute) and `hand` (`left`/`right`) are
/// required; `device`, `person`, `notes`, `session` and `role` (`train`/`dev`/`test`) are
/// optional. Blank lines and lines starting with `#` are skipped. Unknown fields are errors
/// (a typo must not silently drop a label).
public enum Manifest {
    static let knownFields: Set<String> = ["recording", "hand", "device", "person", "notes", "session", "role"]

    /// One parsed manifest line.
    public struct Entry: Sendable, Equatable {
        public var url: URL
        public var hand: Hand
        public var metadata: RecordingMetadata
        public var line: Int
    }

    /// Loads the manifest and every recording it lists.
    public static func load(_ url: URL) throws -> Dataset {
        let recordings = try entries(url).map { try Recording.load($0.url, hand: $0.hand, metadata: $0.metadata) }
        return try Dataset(recordings: recordings)
    }

    /// Parses the manifest without reading the recordings.
    public static func entries(_ url: URL) throws -> [Entry] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw DataError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        try refuseRecording(text, file: url.path)
        let folder = url.deletingLastPathComponent()
        var result: [Entry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            result.append(try entry(line, number: index + 1, file: url.path, folder: folder))
        }
        if result.isEmpty {
            throw DataError.manifest(file: url.path, line: 0, field: nil, reason: "manifest lists no recordings")
        }
        return result
    }

    /// A recording given where a manifest belongs is one error that says what to do, not one per line.
    static func refuseRecording(_ text: String, file: String) throws {
        guard let first = text.split(separator: "\n").first(where: { !$0.allSatisfy(\.isWhitespace) }) else { return }
        let line = first.trimmingCharacters(in: .whitespaces)
        let evemu = ["# EVEMU", "N:", "I:", "E:", "B:"].contains { line.hasPrefix($0) }
        let parts = line.split(separator: ",", omittingEmptySubsequences: false)
        let legacy = parts.count == 2 && parts.allSatisfy { Int($0.trimmingCharacters(in: .whitespaces)) != nil }
        guard evemu || legacy else { return }
        throw DataError.manifest(
            file: file, line: 1, field: nil,
            reason: "\(evemu ? "an evemu recording" : "a legacy x,y recording"), not a manifest (JSON Lines, one "
                + "{\"recording\": ..., \"hand\": ...} per line): write one with 'deepmouse dataset manifest "
                + "RECORDING... -o data.jsonl', or give recordings to train with --left/--right")
    }

    static func entry(_ line: String, number: Int, file: String, folder: URL) throws -> Entry {
        func fail(_ field: String?, _ reason: String) -> DataError {
            .manifest(file: file, line: number, field: field, reason: reason)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw fail(nil, "not a JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !knownFields.contains($0) }) {
            throw fail(unknown, "unknown field (known: \(knownFields.sorted().joined(separator: ", ")))")
        }
        func string(_ field: String, required: Bool = false) throws -> String? {
            guard let value = object[field] else {
                if required { throw fail(field, "missing") }
                return nil
            }
            guard let text = value as? String, !text.isEmpty else { throw fail(field, "must be a non-empty string") }
            return text
        }
        let path = try string("recording", required: true)!
        let handName = try string("hand", required: true)!
        guard let hand = Hand(handName.lowercased()) else {
            throw fail("hand", "must be 'left' or 'right', not '\(handName)'")
        }
        var role: SplitPart?
        if let roleName = try string("role") {
            guard let parsed = SplitPart(rawValue: roleName.lowercased()) else {
                throw fail("role", "must be 'train', 'dev' or 'test', not '\(roleName)'")
            }
            role = parsed
        }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw fail("recording", "file not found: \(url.path)")
        }
        let metadata = RecordingMetadata(
            device: try string("device"), person: try string("person"),
            notes: try string("notes"), role: role, session: try string("session"))
        return Entry(url: url.standardizedFileURL, hand: hand, metadata: metadata, line: number)
    }
}
