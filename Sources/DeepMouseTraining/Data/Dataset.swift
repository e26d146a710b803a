import DeepMouseCore
import Foundation

/// A list of labelled recordings in one motion unit, with both hands present: what training,
/// splitting and evaluation start from.
public struct Dataset: Sendable {
    public private(set) var recordings: [Recording]

    /// Validates that there are recordings, all in one unit, and (unless `requireBothHands` is
    /// false) recordings of both hands.
    public init(recordings: [Recording], requireBothHands: Bool = true) throws {
        guard let first = recordings.first else {
            throw DataError.noRecordings(reason: "give recordings with --left/--right, --manifest or --data-dir")
        }
        for recording in recordings where recording.stream.unit != first.stream.unit {
            throw DataError.mixedUnits(
                file: recording.source.path, unit: recording.stream.unit, expected: first.stream.unit)
        }
        if requireBothHands {
            let hands = Set(recordings.map(\.hand))
            if hands.count == 1 { throw DataError.singleHand(present: first.hand) }
        }
        self.recordings = recordings
    }

    /// The same recordings with their still samples removed (see `MotionStream.movingSamplesOnly()`).
    public func movingSamplesOnly() -> Dataset {
        var copy = self
        for i in copy.recordings.indices { copy.recordings[i].stream = copy.recordings[i].stream.movingSamplesOnly() }
        return copy
    }

    /// The motion unit shared by all recordings.
    public var unit: MotionUnit { recordings[0].stream.unit }

    /// Total samples per hand.
    public var samplesPerHand: [Hand: Int] {
        var counts: [Hand: Int] = [:]
        for r in recordings { counts[r.hand, default: 0] += r.stream.count }
        return counts
    }

    /// Loads the given files, each labelled with the hand whose list it is in.
    public static func load(left: [URL], right: [URL], requireBothHands: Bool = true) throws -> Dataset {
        let recordings =
            try left.map { try Recording.load($0, hand: .left) }
            + right.map { try Recording.load($0, hand: .right) }
        return try Dataset(recordings: recordings, requireBothHands: requireBothHands)
    }

    /// Loads every recording of a folder whose file name starts with `left` or `right`
    /// (the layout of `../shared/data/deepmouse/mouse`), sorted by name.
    public static func load(directory: URL, device: String? = nil) throws -> Dataset {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() } catch {
            throw DataError.unreadable(file: directory.path, reason: error.localizedDescription)
        }
        var recordings: [Recording] = []
        for name in names where !name.hasPrefix(".") && name.lowercased() != "readme.md" {
            let lower = name.lowercased()
            let hand: Hand
            if lower.hasPrefix("left") {
                hand = .left
            } else if lower.hasPrefix("right") {
                hand = .right
            } else {
                continue
            }
            recordings.append(
                try Recording.load(
                    directory.appendingPathComponent(name), hand: hand,
                    metadata: RecordingMetadata(device: device)))
        }
        if recordings.isEmpty {
            throw DataError.noRecordings(reason: "\(directory.path) has no files named left*/right*")
        }
        return try Dataset(recordings: recordings)
    }
}
