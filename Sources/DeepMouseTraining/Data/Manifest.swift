import DeepMouseCore
import Foundation

/// A dataset described in a small JSON Lines file, one recording per line:
///
///     {"recording": "mouse/left-1.txt", "hand": "left", "device": "mouse", "role": "train"}
///
/// `recording` (relative to the manifest's folder, and inside it unless `allowOutside`: no
/// absolute path or `..` leading elsewhere, no link out of it) and `hand` (`left`/`right`) are
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
        /// True when the recording lies outside the manifest's folder (allowed by `--allow-outside`):
        /// its errors then never quote its lines (it may be any file).
        public var outside = false

        /// Reads the recording; errors about a file outside the folder name the line, never quote it.
        public func load() throws -> Recording {
            do { return try Recording.load(url, hand: hand, metadata: metadata) } catch let error as DataError {
                guard outside, case .malformedLine(let file, let line, _, let reason) = error else { throw error }
                throw DataError.malformedLine(file: file, line: line, text: "", reason: reason)
            }
        }
    }

    /// Loads the manifest and every recording it lists.
    public static func load(_ url: URL, allowOutside: Bool = false) throws -> Dataset {
        let recordings = try entries(url, allowOutside: allowOutside).map { try $0.load() }
        return try Dataset(recordings: recordings)
    }

    /// Parses the manifest without reading the recordings.
    public static func entries(_ url: URL, allowOutside: Bool = false) throws -> [Entry] {
        let folder = url.deletingLastPathComponent()
        var result: [Entry] = []
        for line in try lines(url) {
            result.append(
                try entry(
                    line.text.get(), number: line.number, file: url.path, folder: folder, allowOutside: allowOutside))
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

    /// The manifest's lines that may hold an entry (not blank, not a `#` comment) with their
    /// numbers. CRLF line ends are accepted (JSON Lines allows them); a line that is not UTF-8, or
    /// holds a carriage return elsewhere, is a failure naming its line and column.
    static func lines(_ url: URL) throws -> [(number: Int, text: Result<String, DataError>)] {
        let bytes = [UInt8](try InputFile.read(url))
        try refuseRecording(String(decoding: bytes.prefix(4096), as: UTF8.self), file: url.path)
        var result: [(number: Int, text: Result<String, DataError>)] = []
        var start = 0
        var number = 1
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0a { end += 1 }
            var line = Array(bytes[start..<end])
            if line.last == 0x0d { line.removeLast() }
            func fail(_ reason: String) -> Result<String, DataError> {
                .failure(.manifest(file: url.path, line: number, field: nil, reason: reason))
            }
            if let cr = line.firstIndex(of: 0x0d) {
                result.append(
                    (
                        number,
                        fail(
                            "carriage return (\\r) at column \(cr + 1), not at the line's end: save it with \\n line ends"
                        )
                    ))
            } else if let bad = firstInvalidUTF8(line) {
                result.append(
                    (
                        number,
                        fail(
                            "not valid UTF-8 (byte 0x\(String(line[bad], radix: 16, uppercase: true)) at column \(bad + 1))"
                        )
                    ))
            } else {
                let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if !text.isEmpty && !text.hasPrefix("#") { result.append((number, .success(text))) }
            }
            start = end + 1
            number += 1
        }
        return result
    }

    /// The index of the first byte of `bytes` that does not start a valid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            let length = UTF8Validation.sequenceLength(bytes, at: i, end: bytes.count)
            if length == 0 { return i }
            i += length
        }
        return nil
    }

    static func entry(_ line: String, number: Int, file: String, folder: URL, allowOutside: Bool) throws -> Entry {
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
        // Where it really is (links followed) must be inside the folder, as really located.
        let root = folder.standardizedFileURL.resolvingSymlinksInPath().path
        let target = url.standardizedFileURL.resolvingSymlinksInPath().path
        let outside = !target.hasPrefix(root == "/" ? "/" : root + "/")
        if !allowOutside {
            guard !outside else {
                throw fail(
                    "recording",
                    "'\(path)' is outside the manifest's folder \(root) (refused: a manifest names recordings beside it; --allow-outside reads it)"
                )
            }
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw fail("recording", "file not found: \(url.path)")
        }
        let metadata = RecordingMetadata(
            device: try string("device"), person: try string("person"),
            notes: try string("notes"), role: role, session: try string("session"))
        return Entry(url: url.standardizedFileURL, hand: hand, metadata: metadata, line: number, outside: outside)
    }
}
