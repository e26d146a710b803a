/// A model of short windows scored on longer ones: the `p_left` of a long window is the mean of the model's
/// `p_left` over the non-overlapping model-length windows it holds, as a board's decision averages several hops.
/// It lets a model trained on 4 s windows be compared with others on the same 8 s windows
/// (`deepmouse evaluate --decide-over 800`).
public final class SubWindowMeanClassifier: HandClassifier {
    public let model: any HandClassifier
    /// The long window: a multiple (at least 2) of the model's.
    public let window: Int

    public init(_ model: any HandClassifier, window: Int) throws {
        guard window > model.window, window % model.window == 0 else {
            throw SubWindowError(model: model.summary, modelWindow: model.window, window: window)
        }
        self.model = model
        self.window = window
    }

    public var subWindowsPerWindow: Int { window / model.window }
    public var unit: MotionUnit { model.unit }
    public var stillThreshold: Float { model.stillThreshold }
    public var movingSamplesOnly: Bool { model.movingSamplesOnly }
    public var trainingRecordings: [ProvenanceRecord.DataFile] { model.trainingRecordings }
    public var summary: String {
        "mean p_left of \(subWindowsPerWindow) windows of \(model.window) per \(window) samples: \(model.summary)"
    }

    public func pLeft(_ windows: WindowSet) throws -> [Float] {
        precondition(windows.window == window, "windows of \(windows.window) samples given to a \(window)-sample classifier")
        let k = subWindowsPerWindow
        let p = try model.pLeft(windows.subWindows(of: model.window))
        return (0..<windows.count).map { i in
            var sum = 0.0
            for j in 0..<k { sum += Double(p[i * k + j]) }
            return Float(sum / Double(k))
        }
    }
}

/// `--decide-over` a length the model's window does not divide into several parts.
public struct SubWindowError: Error, Equatable, CustomStringConvertible {
    public var model: String, modelWindow: Int, window: Int

    public var description: String {
        "\(model): its window is \(modelWindow) samples, so it can decide over \(2 * modelWindow), \(3 * modelWindow), ... "
            + "samples, not \(window)"
    }
}
