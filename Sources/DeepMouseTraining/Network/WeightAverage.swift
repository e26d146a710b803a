/// An exponential moving average of the weights over Adam steps (Polyak averaging). With `--weight-average`
/// the dev evaluation, early stopping and the checkpoint use these averaged weights while Adam keeps updating
/// the raw ones: the average smooths the step-to-step noise of small mini-batches, so one trained model gets part
/// of what an ensemble of seeds gets, at no cost on the board (same architecture, same size).
///
/// The decay warms up as TensorFlow's `ExponentialMovingAverage(num_updates=)` does, so the first steps do not
/// drag the random initial weights along:
///
///     d_t = min(decay, (1 + t) / (10 + t));  θ̄ ← d_t θ̄ + (1 - d_t) θ
final class WeightAverage<S: NetworkScalar> {
    let decay: Double
    let values: FlatBuffer<S>  // (P)
    /// Updates folded in so far.
    private(set) var updates = 0

    /// Starts the average at `params` (the weights before the first step).
    init(decay: Double, params: UnsafePointer<S>, count: Int) {
        precondition(decay > 0 && decay < 1, "weight-average decay must be in (0, 1)")
        self.decay = decay
        values = FlatBuffer(count: count)
        values.pointer.update(from: params, count: count)
    }

    /// The decay used for update number `t` (1 for the first).
    static func decay(_ decay: Double, step t: Int) -> Double {
        min(decay, Double(1 + t) / Double(10 + t))
    }

    /// Folds the current weights in: θ̄ ← d θ̄ + (1 - d) θ.
    func update(from params: UnsafePointer<S>) {  // (P)
        updates += 1
        let d = S(Self.decay(decay, step: updates))
        let keep = SIMD8(repeating: d)
        let take = SIMD8(repeating: 1 - d)
        var i = 0
        while i < values.count {
            let w = min(8, values.count - i)
            store(keep * load(values.pointer + i, w) + take * load(params + i, w), values.pointer + i, w)
            i += 8
        }
    }
}
