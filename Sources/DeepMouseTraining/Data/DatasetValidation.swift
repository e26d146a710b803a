import DeepMouseCore
import DeepMouseMotion
import Foundation

/// Everything wrong with a manifest, found in one pass (`deepmouse dataset validate`): lines that
/// do not parse, recordings that do not read, a manifest hand contradicting the hand the
/// recorder wrote into the file, the same recording listed twice (it would leak between
/// splits), mixed units, a missing hand or split role; plus warnings for recordings shorter than
/// a window and unbalanced hands. Never throws for the data: each problem names its file and line.
public struct DatasetValidation: Sendable {
    /// One readable recording.
    public struct Row: Sendable {
        public var line: Int
        public var path: String
        public var hand: Hand
        public var unit: MotionUnit
        public var samples: Int
        /// Samples with motion (|dx| or |dy| > 0).
        public var movingSamples: Int
        public var metadata: RecordingMetadata
        /// The `hand` label inside the file, when it has one.
        public var labelledHand: Hand?
        public var sha256: String

        public var seconds: Double { Double(samples) / Double(MotionStream.standardSampleRate) }
    }

    public var manifest: String
    public var rows: [Row] = []
    public var errors: [String] = []
    public var warnings: [String] = []

    public var isValid: Bool { errors.isEmpty }

    /// The window the default model uses: recordings shorter than this give no window.
    public static let defaultWindow = 800

    public static func run(manifest url: URL, window: Int = defaultWindow, allowOutside: Bool = false)
        -> DatasetValidation
    {
        var v = DatasetValidation(manifest: url.path)
        let results: [Result<Manifest.Entry, DataError>]
        do { results = try Manifest.entryResults(url, allowOutside: allowOutside) } catch {
            v.errors.append("\(error)")
            return v
        }
        if results.isEmpty { v.errors.append("\(url.path): manifest lists no recordings") }
        var seen: [String: Row] = [:]
        for result in results {
            let entry: Manifest.Entry
            switch result {
            case .failure(let error):
                v.errors.append(error.description)
                continue
            case .success(let e): entry = e
            }
            let where_ = "\(url.path):\(entry.line)"
            let recording: Recording
            do { recording = try entry.load() } catch {
                v.errors.append("\(where_): \(error)")
                continue
            }
            let labels = recording.source.format == .evemu ? RecordingFileLabels.read(entry.url) : RecordingLabels()
            let labelled = RecordingFileLabels.hand(labels)
            var moving = 0
            for i in 0..<recording.stream.count where recording.stream.dx(i) != 0 || recording.stream.dy(i) != 0 {
                moving += 1
            }
            let row = Row(
                line: entry.line, path: entry.url.path, hand: entry.hand, unit: recording.stream.unit,
                samples: recording.stream.count, movingSamples: moving, metadata: recording.metadata,
                labelledHand: labelled, sha256: recording.source.sha256)
            if let labelled, labelled != entry.hand {
                v.errors.append(
                    "\(where_) field 'hand': the manifest says \(entry.hand) but \(entry.url.lastPathComponent) was recorded as \(labelled) (its '# deepmouse-hand' label)"
                )
            }
            if labels[RecordingLabels.Key.hand] != nil && !labels.isComplete {
                v.warnings.append(
                    "\(where_): \(entry.url.lastPathComponent) has no end label: the recording was interrupted (its whole lines are usable)"
                )
            }
            if let first = seen[row.sha256] {
                v.errors.append(
                    "\(where_): \(entry.url.lastPathComponent) has the same content as line \(first.line) (\(URL(fileURLWithPath: first.path).lastPathComponent)); a recording listed twice leaks between splits"
                )
            } else {
                seen[row.sha256] = row
            }
            if row.samples < window {
                v.warnings.append(
                    "\(where_): \(entry.url.lastPathComponent) has \(row.samples) samples, fewer than one \(window)-sample window"
                )
            }
            v.rows.append(row)
        }
        v.checkDataset()
        return v
    }

    private mutating func checkDataset() {
        guard let first = rows.first else { return }
        for r in rows where r.unit != first.unit {
            errors.append(
                "\(manifest):\(r.line): motion unit '\(r.unit.description)' differs from line \(first.line)'s '\(first.unit.description)'"
            )
        }
        let hands = Set(rows.map(\.hand))
        for hand in Hand.allCases where !hands.contains(hand) {
            errors.append("\(manifest): no \(hand)-hand recording (a classifier needs both hands)")
        }
        let roles = rows.compactMap(\.metadata.role)
        if !roles.isEmpty {
            if roles.count < rows.count {
                errors.append(
                    "\(manifest): \(rows.count - roles.count) of \(rows.count) recordings have no 'role' (give every line a role, or none)"
                )
            }
            for part in [SplitPart.train, .test] where !roles.contains(part) {
                errors.append("\(manifest): no recording has role '\(part.rawValue)'")
            }
        }
        let moving = Dictionary(grouping: rows, by: \.hand).mapValues { $0.reduce(0) { $0 + $1.movingSamples } }
        if let l = moving[.left], let r = moving[.right], min(l, r) > 0, Double(max(l, r)) / Double(min(l, r)) > 2 {
            warnings.append(
                "\(manifest): the hands are unbalanced: \(l) moving samples left, \(r) right (more than 2:1)")
        }
    }

    /// A table for people: one row per recording, then totals per hand, warnings and errors.
    public var report: String {
        var out = "line  hand   unit    seconds  moving  label  file\n"
        for r in rows {
            let label = r.labelledHand.map { $0 == r.hand ? "ok" : "WRONG" } ?? "-"
            out += String(
                format: "%4d  %-5@  %-6@ %8.1f  %5.1f%%  %-5@  %@\n", r.line, r.hand.description as NSString,
                r.unit.description as NSString, r.seconds, 100 * Double(r.movingSamples) / Double(max(r.samples, 1)),
                label as NSString, URL(fileURLWithPath: r.path).lastPathComponent as NSString)
        }
        for hand in Hand.allCases.reversed() {
            let rs = rows.filter { $0.hand == hand }
            let seconds = rs.reduce(0) { $0 + $1.seconds }
            let moving = Double(rs.reduce(0) { $0 + $1.movingSamples }) / 100
            out += String(
                format: "%@: %d recordings, %.1f s, %.1f s of motion\n", hand.description as NSString, rs.count,
                seconds, moving)
        }
        for w in warnings { out += "warning: \(w)\n" }
        for e in errors { out += "error: \(e)\n" }
        out += isValid ? "valid: \(rows.count) recordings\n" : "invalid: \(errors.count) error(s)\n"
        return out
    }
}
