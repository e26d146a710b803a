import DeepMouseCore

/// Where a window came from: which recording and which sample it starts at.
public struct WindowReference: Codable, Sendable, Hashable {
    public var recording: Int
    public var start: Int

    public init(recording: Int, start: Int) {
        self.recording = recording
        self.start = start
    }
}

/// Windows cut from a dataset, materialised as one flat buffer ready for batching.
///
/// Values are in the stream's unit until `normalized(by:)`; labels follow `Hand.label`.
public struct WindowSet: Sendable {
    /// W: samples per window.
    public let window: Int
    /// The windows, back to back.  // (N, W, 2)
    public private(set) var inputs: [Float]
    /// 1 = left, 0 = right.  // (N)
    public private(set) var labels: [Float]
    public private(set) var references: [WindowReference]
    /// Fraction of samples with dx = dy = 0 in each window, computed before normalisation.  // (N)
    public private(set) var stillFractions: [Float]
    /// Windows dropped by the no-motion filter while cutting, per hand (right, left).
    public private(set) var droppedStill: [Int]
    /// Whether each window fails the no-motion filter (all false unless cut with `keepStill`).  // (N)
    public private(set) var still: [Bool]

    public init(window: Int) {
        self.window = window
        inputs = []
        labels = []
        references = []
        stillFractions = []
        droppedStill = [0, 0]
        still = []
    }

    public var count: Int { labels.count }
    public var isEmpty: Bool { labels.isEmpty }

    /// Windows per class, indexed by `Hand.index` (right, left).
    public var classCounts: [Int] {
        var counts = [0, 0]
        for label in labels { counts[label >= 0.5 ? 1 : 0] += 1 }
        return counts
    }

    public func hand(_ i: Int) -> Hand { labels[i] >= 0.5 ? .left : .right }

    /// Cuts windows from the given segments with `windowing` (window length, stride, still
    /// filter). With `keepStill` the no-motion filter is not applied.
    public static func cut(
        _ dataset: Dataset, segments: [Segment], windowing: WindowingParameters,
        keepStill: Bool = false
    ) -> WindowSet {
        var set = WindowSet(window: windowing.window)
        for segment in segments {
            let recording = dataset.recordings[segment.recording]
            for start in windowing.starts(in: segment.range) {
                let isStill = windowing.isStill(recording.stream, start: start)
                if isStill && !keepStill {
                    set.droppedStill[recording.hand.index] += 1
                    continue
                }
                set.append(
                    recording.stream, start: start, hand: recording.hand, recording: segment.recording, still: isStill)
            }
        }
        return set
    }

    /// Appends the window of `stream` starting at `start`.
    public mutating func append(_ stream: MotionStream, start: Int, hand: Hand, recording: Int, still: Bool = false) {
        precondition(start >= 0 && start + window <= stream.count, "window outside the stream")
        inputs.append(contentsOf: stream.samples[(2 * start)..<(2 * (start + window))])
        labels.append(hand.trainingLabel)
        references.append(WindowReference(recording: recording, start: start))
        stillFractions.append(Float(Windowing.stillFraction(stream, start: start, count: window)))
        self.still.append(still)
    }

    /// The windows at `indices`, in that order; the still windows not selected are counted as dropped.
    public func subset(_ indices: [Int]) -> WindowSet {
        var result = WindowSet(window: window)
        let size = 2 * window
        result.inputs.reserveCapacity(indices.count * size)
        for i in indices {
            result.inputs.append(contentsOf: inputs[(i * size)..<((i + 1) * size)])
            result.labels.append(labels[i])
            result.references.append(references[i])
            result.stillFractions.append(stillFractions[i])
            result.still.append(still[i])
        }
        result.droppedStill = droppedStill
        let chosen = Set(indices)
        for i in still.indices where still[i] && !chosen.contains(i) { result.droppedStill[hand(i).index] += 1 }
        return result
    }

    /// Each window cut into sub-windows of `length` samples every `stride` samples (non-overlapping when `stride`
    /// equals `length`; `window - length` must be a multiple of `stride`), window by window in time order. They keep
    /// their window's label and recording; their still fraction and `still` flag are their own (the no-motion rule
    /// with `stillThreshold`, on raw values), and none is dropped.
    public func subWindows(of length: Int, stride: Int? = nil, stillThreshold: Float) -> WindowSet {
        let stride = stride ?? length
        precondition(
            length > 0 && length <= window && stride > 0 && (window - length) % stride == 0,
            "sub-windows of \(length) every \(stride) do not tile the window \(window)")
        var result = WindowSet(window: length)
        result.droppedStill = droppedStill
        let k = (window - length) / stride + 1
        result.inputs.reserveCapacity(count * k * 2 * length)
        result.labels.reserveCapacity(count * k)
        inputs.withUnsafeBufferPointer { x in
            for i in 0..<count {
                for j in 0..<k {
                    let start = i * window + j * stride  // in samples of the flat buffer
                    result.inputs.append(
                        contentsOf: UnsafeBufferPointer(rebasing: x[(2 * start)..<(2 * (start + length))]))
                    let (stdX, stdY) = Windowing.standardDeviations(interleaved: x, start: start, count: length)
                    result.labels.append(labels[i])
                    result.references.append(
                        WindowReference(recording: references[i].recording, start: references[i].start + j * stride))
                    result.stillFractions.append(
                        Float(Windowing.stillFraction(interleaved: x, start: start, count: length)))
                    result.still.append(stdX <= Double(stillThreshold) || stdY <= Double(stillThreshold))
                }
            }
        }
        return result
    }

    /// The windows that pass the no-motion filter (for sets cut with `keepStill`).
    public var moving: WindowSet { subset(still.indices.filter { !still[$0] }) }

    /// The same windows with `normalization` applied to every sample.
    public func normalized(by normalization: Normalization) -> WindowSet {
        var copy = self
        normalization.apply(to: &copy.inputs)
        return copy
    }

    /// Copies the windows at `indices` (in order) into `batch`, and their labels into `labels`.
    public func gather(_ indices: some Collection<Int>, into batch: inout [Float], labels batchLabels: inout [Float]) {
        let size = 2 * window
        batch.removeAll(keepingCapacity: true)
        batchLabels.removeAll(keepingCapacity: true)
        inputs.withUnsafeBufferPointer { x in
            for i in indices {
                batch.append(contentsOf: UnsafeBufferPointer(rebasing: x[(i * size)..<((i + 1) * size)]))
                batchLabels.append(labels[i])
            }
        }
    }
}
