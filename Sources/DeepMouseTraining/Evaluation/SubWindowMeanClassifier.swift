import DeepMouseCore

/// A model of short windows scored on longer ones: the `p_left` of a long window is the mean of the model's
/// `p_left` over the model-length windows inside it, every `stride` samples (by default back to back, or evenly
/// overlapping when the model's window does not divide the long one), that pass the model's no-motion rule (all of
/// them if none does). It is an evaluation convention, so that a model trained on 4 s windows is compared with
/// others and with baselines on the same 8 s windows (`deepmouse evaluate --decide-over 800`); the board itself
/// decides every hop and accumulates evidence (`DecisionParameters`).
public final class SubWindowMeanClassifier: HandClassifier {
    public let model: any HandClassifier
    /// The long window: longer than the model's.
    public let window: Int
    /// Samples between the starts of the model's windows inside a long one (at most the model's window, so they
    /// cover it; the first starts at the long window's start and the last ends at its end).
    public let stride: Int

    /// `stride` defaults to ``coveringStride(window:modelWindow:)``: back to back when the model's window divides
    /// the long one, else the fewest evenly spaced windows that cover it.
    public init(_ model: any HandClassifier, window: Int, stride: Int? = nil) throws(SubWindowError) {
        guard window > model.window else {
            throw .notLonger(model: model.summary, modelWindow: model.window, window: window)
        }
        let stride = stride ?? Self.coveringStride(window: window, modelWindow: model.window)
        guard stride > 0, stride <= model.window, (window - model.window) % stride == 0 else {
            throw .badStride(model: model.summary, modelWindow: model.window, window: window, stride: stride)
        }
        self.model = model
        self.window = window
        self.stride = stride
    }

    /// The largest stride at which windows of `modelWindow` samples tile `window` samples from end to end: for 800
    /// and 400, 400 (two back to back); for 200 and 104, 96 (two, overlapping by 8 samples). `window` must be longer
    /// than `modelWindow`.
    public static func coveringStride(window: Int, modelWindow: Int) -> Int {
        precondition(
            window > modelWindow && modelWindow > 0, "decide over \(window) samples with windows of \(modelWindow)")
        var gaps = (window + modelWindow - 1) / modelWindow - 1  // sub-windows - 1, at least 1
        while (window - modelWindow) % gaps != 0 { gaps += 1 }  // ends at gaps = window - modelWindow (stride 1)
        return (window - modelWindow) / gaps
    }

    public var subWindowsPerWindow: Int { (window - model.window) / stride + 1 }
    public var unit: MotionUnit { model.unit }
    public var stillThreshold: Float { model.stillThreshold }
    public var movingSamplesOnly: Bool { model.movingSamplesOnly }
    public var trainingRecordings: [ProvenanceRecord.DataFile] { model.trainingRecordings }
    public var trainingSplit: SplitStrategy? { model.trainingSplit }
    public var summary: String {
        "mean p_left of \(subWindowsPerWindow) windows of \(model.window)\(stride == model.window ? "" : " every \(stride)") per \(window) samples: \(model.summary)"
    }

    public func pLeft(_ windows: WindowSet) throws -> [Float] {
        guard windows.window == window else {
            throw SubWindowError.windowMismatch(classifier: summary, window: window, given: windows.window)
        }
        let k = subWindowsPerWindow
        let parts = windows.subWindows(of: model.window, stride: stride, stillThreshold: model.stillThreshold)
        let p = try model.pLeft(parts)
        return (0..<windows.count).map { i in
            let all = (i * k)..<((i + 1) * k)
            let moving = all.filter { !parts.still[$0] }
            let used = moving.isEmpty ? Array(all) : moving
            return Float(used.reduce(0.0) { $0 + Double(p[$1]) } / Double(used.count))
        }
    }
}

/// A long window no longer than the model's, sub-windows that do not tile it, or windows of another length than the
/// one a `SubWindowMeanClassifier` was made for.
public enum SubWindowError: Error, Equatable, CustomStringConvertible {
    case notLonger(model: String, modelWindow: Int, window: Int)
    case windowMismatch(classifier: String, window: Int, given: Int)
    case badStride(model: String, modelWindow: Int, window: Int, stride: Int)

    public var description: String {
        switch self {
        case .notLonger(let model, let modelWindow, let window):
            "\(model): its window is \(modelWindow) samples, so it can only decide over longer windows, not \(window)"
        case .windowMismatch(let classifier, let window, let given):
            "\(classifier): given windows of \(given) samples, but it scores windows of \(window)"
        case .badStride(let model, let modelWindow, let window, let stride):
            "\(model): its windows of \(modelWindow) samples every \(stride) do not tile \(window) samples (the stride must be at "
                + "most \(modelWindow) and divide \(window) - \(modelWindow) = \(window - modelWindow); "
                + "\(SubWindowMeanClassifier.coveringStride(window: window, modelWindow: modelWindow)) does)"
        }
    }
}
