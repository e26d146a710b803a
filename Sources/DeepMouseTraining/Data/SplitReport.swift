import DeepMouseCore
import Foundation

/// The split of a run, as printed before training and stored with the model: which recordings
/// (with sizes and hashes), which sample ranges went to which part, and how many windows of each
/// class each part has. Enough to reproduce the run exactly.
public struct SplitReport: Codable, Sendable, Equatable {
    /// One recording of the dataset, with the size and hash that identify it.
    public struct RecordingEntry: Codable, Sendable, Equatable {
        public var path: String
        public var hand: Hand
        public var samples: Int
        public var bytes: Int
        public var sha256: String
        public var session: String?
        public var device: String?
    }

    /// One part of the split (train, dev or test): its stride and window counts.
    public struct PartEntry: Codable, Sendable, Equatable {
        public var part: SplitPart
        /// Samples between window starts in this part.
        public var stride: Int
        /// Kept windows per class.
        public var windowsRight: Int
        public var windowsLeft: Int
        /// Windows dropped by the no-motion filter per class.
        public var stillRight: Int
        public var stillLeft: Int
        public var samples: Int
    }

    public var split: String
    public var summary: String
    public var window: Int
    public var stillThreshold: Float
    public var recordings: [RecordingEntry]
    public var segments: [Segment]
    public var parts: [PartEntry]

    public init(_ data: PreparedData) {
        split = data.plan.name
        summary = data.plan.summary
        window = data.windowing.window
        stillThreshold = data.windowing.stillThreshold
        recordings = data.dataset.recordings.map {
            RecordingEntry(
                path: $0.source.path, hand: $0.hand, samples: $0.stream.count, bytes: $0.source.byteCount,
                sha256: $0.source.sha256, session: $0.metadata.session, device: $0.metadata.device)
        }
        segments = data.plan.segments
        parts = SplitPart.allCases.map { part in
            let set = data.windows(part)
            let counts = set.classCounts
            return PartEntry(
                part: part, stride: part == .train ? data.windowing.stride : data.windowing.window,
                windowsRight: counts[0], windowsLeft: counts[1],
                stillRight: set.droppedStill[0], stillLeft: set.droppedStill[1],
                samples: data.plan.segments(part).reduce(0) { $0 + $1.count })
        }
    }

    /// A human-readable table: one line per part, then the segments per recording.
    public var text: String {
        var lines = [
            "split \(split): \(summary)",
            "window \(window) samples, no-motion filter: std <= \(stillThreshold) on an axis"
        ]
        for p in parts {
            lines.append(
                "  " + p.part.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
                    + String(
                        format: "%6d windows (right %5d, left %5d), stride %d, %d still dropped, %d samples",
                        p.windowsRight + p.windowsLeft, p.windowsRight, p.windowsLeft,
                        p.stride, p.stillRight + p.stillLeft, p.samples))
        }
        for (i, r) in recordings.enumerated() {
            let own = segments.filter { $0.recording == i }
            let ranges: String
            if own.count > 6 {
                let byPart = SplitPart.allCases.map { part in "\(part.rawValue) \(own.filter { $0.part == part }.count)"
                }
                ranges = "\(own.count) segments (" + byPart.joined(separator: ", ") + ")"
            } else {
                ranges = own.map { "\($0.part.rawValue) [\($0.start), \($0.end))" }.joined(separator: " ")
            }
            lines.append(
                "  \(r.hand.description.padding(toLength: 5, withPad: " ", startingAt: 0)) \(r.path) (\(r.samples) samples): \(ranges)"
            )
        }
        return lines.joined(separator: "\n")
    }
}
