/// What the training loop needs from a model: one optimiser step on a batch, and predictions.
/// The float Conv1D+GRU/LSTM network conforms; tests use small models. Inputs are normalised
/// windows back to back (B, W, 2); labels are 1 = left, 0 = right.
public protocol TrainableClassifier: AnyObject {
    /// Forward with dropout, backward, one optimiser step. Returns the batch's mean data loss
    /// (binary cross-entropy, without the L1/L2 penalty) and how many windows the same forward
    /// pass classified correctly. Throws when `weights` are given but not supported.
    ///   // inputs (B, W, 2), labels (B), weights (B) or nil
    func trainStep(inputs: [Float], labels: [Float], weights: [Float]?, count: Int) throws -> TrainStepResult

    /// `p_left` per window, without dropout.  // (B, W, 2) -> (B)
    func predict(inputs: [Float], count: Int) throws -> [Float]

    /// Starts an exponential moving average of the weights (`TrainingConfig.weightAverage`). Throws when the
    /// model cannot keep one.
    func startWeightAverage(decay: Double) throws

    /// Runs `body` with the averaged weights in place of the trained ones (when an average is kept), then puts
    /// the trained weights back: dev evaluation and `keepBest` see what the checkpoint will hold.
    func withAveragedWeights<R>(_ body: () throws -> R) throws -> R
}

/// The outcome of one optimiser step.
public struct TrainStepResult: Sendable {
    /// Mean binary cross-entropy over the batch (weighted when weights were given).
    public var loss: Double
    /// Windows of the batch on the right side of 0.5 before the update.
    public var correct: Int

    public init(loss: Double, correct: Int) {
        self.loss = loss
        self.correct = correct
    }
}

extension TrainableClassifier {
    public func startWeightAverage(decay: Double) throws {
        throw TrainingError.unsupported("this model cannot keep a weight average (--weight-average)")
    }

    public func withAveragedWeights<R>(_ body: () throws -> R) throws -> R { try body() }

    /// Predictions for a whole window set, `batchSize` windows at a time.
    public func predict(_ windows: WindowSet, batchSize: Int = 256) throws -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(windows.count)
        var batch: [Float] = []
        var labels: [Float] = []
        var start = 0
        while start < windows.count {
            let end = min(windows.count, start + batchSize)
            windows.gather(start..<end, into: &batch, labels: &labels)
            result += try predict(inputs: batch, count: end - start)
            start = end
        }
        return result
    }
}
