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
    public static func prepare(_ dataset: Dataset, split: SplitStrategy,
                               windowing: WindowingParameters) throws -> PreparedData {
        for r in dataset.recordings where r.stream.count < windowing.window {
            throw DataError.windowTooLong(window: windowing.window, file: r.source.path, samples: r.stream.count)
        }
        let plan = try split.plan(for: dataset, windowing: windowing)
        let evaluation = windowing.nonOverlapping
        let data = PreparedData(
            dataset: dataset, plan: plan, windowing: windowing,
            train: WindowSet.cut(dataset, segments: plan.segments(.train), windowing: windowing),
            dev: WindowSet.cut(dataset, segments: plan.segments(.dev), windowing: evaluation),
            test: WindowSet.cut(dataset, segments: plan.segments(.test), windowing: evaluation))
        if data.train.isEmpty {
            throw DataError.noWindows(part: "training", reason: "every train segment is shorter than the window or still (\(data.train.droppedStill.reduce(0, +)) still windows dropped)")
        }
        if Set(data.train.labels).count < 2 {
            throw DataError.noWindows(part: "training", reason: "the training windows are all one hand; the split left no \(data.train.classCounts[0] == 0 ? "right" : "left")-hand windows")
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
