/// A dataset split and cut into windows: what the training loop consumes and what gets
/// reported and stored so the run can be reproduced.
///
/// Train windows use the training stride (overlap allowed); dev and test windows are always
/// non-overlapping from each segment's start. Values are not normalised yet.
public struct PreparedData: Sendable {
    public var dataset: Dataset
    public var plan: SplitPlan
    public var windowing: WindowingParameters
    public var train: WindowSet
    public var dev: WindowSet
    public var test: WindowSet

    /// Validates the window against every recording, plans the split, cuts the windows.
    /// `trainFraction` < 1 keeps only the first part of each train segment (time-contiguous, for
    /// training-set-size curves); dev and test are unchanged.
    /// With `windowing.movingSamplesOnly` the still samples are removed first, so segments and
    /// window starts index the moving-only streams.
    public static func prepare(
        _ dataset: Dataset, split: SplitStrategy,
        windowing: WindowingParameters, trainFraction: Double = 1
    ) throws -> PreparedData {
        let dataset = windowing.streams(of: dataset)
        for r in dataset.recordings where r.stream.count < windowing.window {
            throw DataError.windowTooLong(window: windowing.window, file: r.source.path, samples: r.stream.count)
        }
        guard trainFraction > 0 && trainFraction <= 1 else {
            throw DataError.split(reason: "train fraction \(trainFraction) must be in (0, 1]")
        }
        var plan = try split.plan(for: dataset, windowing: windowing)
        if trainFraction < 1 {
            plan.segments = plan.segments.map { s in
                guard s.part == .train else { return s }
                return Segment(
                    recording: s.recording, part: .train, start: s.start,
                    end: s.start + Int((Double(s.count) * trainFraction).rounded(.down)))
            }
            plan.summary += "; train parts cut to their first \(SplitStrategy.percent(trainFraction))"
        }
        let evaluation = windowing.nonOverlapping
        let data = PreparedData(
            dataset: dataset, plan: plan, windowing: windowing,
            train: WindowSet.cut(dataset, segments: plan.segments(.train), windowing: windowing),
            dev: WindowSet.cut(dataset, segments: plan.segments(.dev), windowing: evaluation),
            test: WindowSet.cut(dataset, segments: plan.segments(.test), windowing: evaluation))
        if data.train.isEmpty {
            throw DataError.noWindows(
                part: "training",
                reason:
                    "every train segment is shorter than the window or still (\(data.train.droppedStill.reduce(0, +)) still windows dropped)"
            )
        }
        if Set(data.train.labels).count < 2 {
            throw DataError.noWindows(
                part: "training",
                reason:
                    "the training windows are all one hand; the split left no \(data.train.classCounts[0] == 0 ? "right" : "left")-hand windows"
            )
        }
        return data
    }

    public func windows(_ part: SplitPart) -> WindowSet {
        switch part {
        case .train: train
        case .dev: dev
        case .test: test
        }
    }

    /// The split as stored with the model and printed before training.
    public var report: SplitReport { SplitReport(self) }
}
