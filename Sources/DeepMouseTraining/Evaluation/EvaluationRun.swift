import DeepMouseCore
import Foundation

/// Everything `deepmouse evaluate` does: load recordings, cut them as the model was trained
/// (its window, its no-motion threshold), predict, and score, with the still-fraction baseline
/// beside. The model comes in through `HandClassifier`, so the float checkpoint and the
/// fixed-point `.dmm` engine are evaluated by the same code.
public struct EvaluationRun {
    /// What to evaluate on and how: the data, the split whose test part is scored, windows and outputs.
    public struct Settings: Sendable {
        public var source: DataSource
        /// Evaluate the test part of this split; nil evaluates every recording whole.
        public var split: SplitStrategy?
        /// Window length (default: the model's).
        public var window: Int?
        /// Samples between windows in the per-window output (metrics always use non-overlapping windows).
        public var stride: Int?
        public var streamSeconds: Double
        /// Per-window JSON Lines output (every window, still ones flagged).
        public var windowsOutput: URL?
        /// How recordings in mm or counts are brought into a px model's unit (other mismatches are errors).
        public var pixelGains: PixelGains

        public init(
            source: DataSource, split: SplitStrategy? = nil, window: Int? = nil, stride: Int? = nil,
            streamSeconds: Double = 30, windowsOutput: URL? = nil, pixelGains: PixelGains = .daemonDefaults
        ) {
            self.pixelGains = pixelGains
            self.source = source
            self.split = split
            self.window = window
            self.stride = stride
            self.streamSeconds = streamSeconds
            self.windowsOutput = windowsOutput
        }
    }

    public static func run(_ classifier: HandClassifier, _ s: Settings) throws -> EvaluationReport {
        var loaded = try s.source.load()
        var conversion = ""
        let unit = loaded.unit  // a Dataset is in one unit
        if classifier.unit == .px && unit != .px {
            loaded = try Dataset(recordings: loaded.recordings.map(s.pixelGains.inPixels))
            conversion =
                " (\(unit.description) converted to px at \(s.pixelGains.gain(from: unit)) px per \(unit == .mm ? "mm" : "count"), as deepmoused does)"
        }
        if let r = loaded.recordings.first(where: { $0.stream.unit != classifier.unit }) {
            throw DataError.unitNotModels(file: r.source.path, unit: r.stream.unit, model: classifier.unit)
        }
        let windowing = WindowingParameters(
            window: s.window ?? classifier.window, stillThreshold: classifier.stillThreshold,
            movingSamplesOnly: classifier.movingSamplesOnly)
        // Window starts index these streams (without still samples when the model reads moving ones only).
        let dataset = windowing.streams(of: loaded)
        let segments: [Segment]
        var baseline: (StillFractionBaseline, fittedOn: String)?
        let description: String
        if let split = s.split {
            let data = try PreparedData.prepare(loaded, split: split, windowing: windowing)
            segments = data.plan.segments(.test)
            if segments.isEmpty {
                throw DataError.noWindows(part: "test", reason: "split \(split.name) has no test part")
            }
            baseline = (StillFractionBaseline.fit(data.train), "train part of split \(split.name)")
            description = "test part of split \(split.name) (\(data.plan.summary)) of \(s.source.summary)\(conversion)"
        } else {
            for r in dataset.recordings where r.stream.count < windowing.window {
                throw DataError.windowTooLong(window: windowing.window, file: r.source.path, samples: r.stream.count)
            }
            segments = dataset.recordings.indices.map {
                Segment(recording: $0, part: .test, start: 0, end: dataset.recordings[$0].stream.count)
            }
            description = s.source.summary + conversion
        }
        let windows = WindowSet.cut(dataset, segments: segments, windowing: windowing)
        if windows.isEmpty {
            throw DataError.noWindows(
                part: "evaluation", reason: "all \(windows.droppedStill.reduce(0, +)) windows are still (no motion)")
        }
        if baseline == nil { baseline = (StillFractionBaseline.fit(windows), "the evaluated windows (optimistic)") }
        let pLeft = try classifier.pLeft(windows)
        if let url = s.windowsOutput {
            try writeWindows(classifier, dataset, segments, windowing, stride: s.stride ?? windowing.window, to: url)
        }
        var report = EvaluationReport(
            model: classifier.summary, data: description, windows: windows, pLeft: pLeft,
            streamSeconds: s.streamSeconds, baseline: baseline)
        let evaluated = Set(segments.map(\.recording)).sorted().map { dataset.recordings[$0].source }
        let seen = classifier.trainedOn(evaluated, wholeRecordings: s.split == nil, split: s.split)
        if !seen.isEmpty {
            var hint = "(a final fit in firmware-models/ has an evaluation twin in firmware-models/evaluation/)"
            if let split = s.split, split.testStartsEarlier(than: classifier.trainingSplit),
                let mine = classifier.trainingSplit?.testStartFraction, let theirs = split.testStartFraction
            {
                hint =
                    "(its test part starts at \(Int((100 * mine).rounded()))% of each file, this split's at \(Int((100 * theirs).rounded()))%)"
            }
            report.warnings.append(
                "the model was trained on \(seen.map(\.path).joined(separator: ", ")), which this run scores: "
                    + "these figures are not a test " + hint)
        }
        return report
    }

    /// One `WindowPrediction` JSON object per window, still ones included and flagged.
    static func writeWindows(
        _ classifier: HandClassifier, _ dataset: Dataset, _ segments: [Segment],
        _ windowing: WindowingParameters, stride: Int, to url: URL
    ) throws {
        let all = WindowSet.cut(
            dataset, segments: segments,
            windowing: windowing.with(stride: stride),
            keepStill: true)
        let pLeft = try classifier.pLeft(all)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = Data()
        for i in 0..<all.count {
            let ref = all.references[i]
            text += try encoder.encode(
                WindowPrediction(
                    file: dataset.recordings[ref.recording].source.path, hand: all.hand(i),
                    start: ref.start, pLeft: pLeft[i], still: all.still[i],
                    stillFraction: all.stillFractions[i]))
            text.append(UInt8(ascii: "\n"))
        }
        do { try text.write(to: url, options: .atomic) } catch {
            throw DataError.unwritable(file: url.path, reason: error.localizedDescription)
        }
    }
}

/// One line of `evaluate --windows-output`: a window's start sample in its file and the model's
/// `p_left` (the daemon-equivalence test compares these with the board's decisions).
public struct WindowPrediction: Codable, Sendable, Equatable {
    public var file: String
    public var hand: Hand
    public var start: Int
    public var pLeft: Float
    /// True when the window fails the no-motion filter (the board reports it idle).
    public var still: Bool
    public var stillFraction: Float

    enum CodingKeys: String, CodingKey {
        case file, hand, start
        case pLeft = "p_left"
        case still
        case stillFraction = "still_fraction"
    }
}
