import DeepMouseCore
import DeepMouseMotion
import Foundation

/// Writing manifests (`deepmouse dataset manifest`, the same format `deepmoused record
/// --manifest` appends to), and reading every line's verdict at once (`deepmouse dataset validate`).
extension Manifest {
    /// One manifest line: keys in a fixed, readable order, only the fields that are set.
    public static func line(recording: String, hand: Hand, metadata: RecordingMetadata) -> String {
        var fields = [("recording", recording), ("hand", hand.description)]
        if let v = metadata.device { fields.append(("device", v)) }
        if let v = metadata.person { fields.append(("person", v)) }
        if let v = metadata.session { fields.append(("session", v)) }
        if let v = metadata.role { fields.append(("role", v.rawValue)) }
        if let v = metadata.notes { fields.append(("notes", v)) }
        return "{" + fields.map { "\(jsonString($0.0)):\(jsonString($0.1))" }.joined(separator: ",") + "}"
    }

    /// `url` as a manifest at `manifest` should name it: relative to the manifest's folder when
    /// it lies inside it (so the folder can be moved as a whole), absolute otherwise.
    public static func recordingPath(_ url: URL, relativeTo manifest: URL) -> String {
        let file = url.standardizedFileURL.resolvingSymlinksInPath().path
        let folder = manifest.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().path
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
    }

    /// Every line's entry or error (the loader stops at the first error; validation lists all).
    public static func entryResults(_ url: URL, allowOutside: Bool = false) throws -> [Result<Entry, DataError>] {
        let folder = url.deletingLastPathComponent()
        var results: [Result<Entry, DataError>] = []
        for line in try lines(url) {
            do {
                let entry = try entry(
                    line.text.get(), number: line.number, file: url.path, folder: folder, allowOutside: allowOutside)
                results.append(.success(entry))
            } catch let e as DataError {
                results.append(.failure(e))
            }
        }
        return results
    }

    private static func jsonString(_ s: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

/// The labels an evemu recording carries about itself (`# deepmouse-hand: left`, ...), read
/// from its first and last bytes; empty for other files.
public enum RecordingFileLabels {
    public static func read(_ url: URL) -> RecordingLabels {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return RecordingLabels() }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        var labels = head.withUnsafeBytes { RecordingLabels.read($0) }
        if let size = try? handle.seekToEnd(), size > UInt64(head.count) {
            try? handle.seek(toOffset: max(UInt64(head.count), size - 4096))
            var tail = (try? handle.readToEnd()) ?? Data()
            if let newline = tail.firstIndex(of: 0x0a) { tail = tail[(newline + 1)...] }
            labels.fields += tail.withUnsafeBytes { RecordingLabels.read($0) }.fields
        }
        return labels
    }

    /// The `hand` label, if it is `left` or `right`.
    public static func hand(_ labels: RecordingLabels) -> Hand? {
        labels[RecordingLabels.Key.hand].flatMap { Hand(name: $0) }
    }

    /// A label as text.
    public static func text(_ labels: RecordingLabels, _ key: StaticString) -> String? {
        labels[key].map { String(decoding: $0, as: UTF8.self) }
    }
}
