import DeepMouseTraining

/// The scores every result line carries for a set of windows: what the report plots and what
/// `deepmouse evaluate --json` reports, in a compact Codable form.
public struct WindowMetrics: Codable, Sendable, Equatable {
    public var windows: Int
    public var windowAccuracy: Double?
    public var balancedAccuracy: Double?
    /// Rows: true right, true left; columns: predicted right, predicted left.
    public var confusion: [[Int]]
    public var streamAccuracy: Double?
    public var loss: Double?

    public init(
        windows: Int, windowAccuracy: Double?, balancedAccuracy: Double?, confusion: [[Int]],
        streamAccuracy: Double?, loss: Double?
    ) {
        self.windows = windows
        self.windowAccuracy = windowAccuracy
        self.balancedAccuracy = balancedAccuracy
        self.confusion = confusion
        self.streamAccuracy = streamAccuracy
        self.loss = loss
    }

    /// Scores `pLeft` on `windows` (stream accuracy over `streamSeconds`).
    public init(windows: WindowSet, pLeft: [Float], streamSeconds: Double = 30, withLoss: Bool = true) {
        let confusion = ConfusionMatrix(labels: windows.labels, pLeft: pLeft)
        self.windows = windows.count
        windowAccuracy = Self.finite(confusion.accuracy)
        balancedAccuracy = Self.finite(confusion.balancedAccuracy)
        self.confusion = confusion.counts
        streamAccuracy =
            windows.isEmpty
            ? nil
            : Self.finite(StreamAccuracy(windows: windows, pLeft: pLeft, streamSeconds: streamSeconds).accuracy)
        loss = withLoss ? Self.finite(Metrics.binaryCrossEntropy(pLeft: pLeft, labels: windows.labels)) : nil
    }

    /// The same numbers from an evaluation report.
    public init(_ report: EvaluationReport) {
        windows = report.windows
        windowAccuracy = Self.finite(report.confusion.accuracy)
        balancedAccuracy = Self.finite(report.confusion.balancedAccuracy)
        confusion = report.confusion.counts
        streamAccuracy = Self.finite(report.stream.accuracy)
        loss = Self.finite(report.loss)
    }

    static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
}
