/// Binary cross-entropy of `p = sigmoid(logit)` against labels in [0, 1] (left = 1), computed from the logit so it
/// never takes log(0): `max(l, 0) - l*y + log(1 + e^-|l|)`. Optional per-sample weights multiply each sample's
/// loss (Keras `sample_weight`: the batch loss is Σ w_b loss_b / B).
enum BinaryCrossEntropy {
    /// Returns Σ_b w_b loss_b (the caller divides by its batch size); `correct` counts (logit > 0) == (y > 0.5).
    static func forward<S: NetworkScalar>(
        logits: UnsafePointer<S>,  // (B)
        labels: UnsafePointer<S>,  // (B)
        weights: UnsafePointer<S>? = nil,  // (B)
        B: Int
    ) -> (lossSum: Double, correct: Int) {
        var sum = 0.0
        var correct = 0
        for b in 0..<B {
            let l = logits[b]
            let y = labels[b]
            let loss = max(l, 0) - l * y + S.log1p(S.exp(-abs(l)))
            sum += Double(loss) * Double(weights?[b] ?? 1)
            if (l > 0) == (y > 0.5) { correct += 1 }
        }
        return (sum, correct)
    }

    /// dlogits[b] += scale * w_b * (sigmoid(l_b) - y_b); with scale = 1/N this is the gradient of the mean over N.
    static func backward<S: NetworkScalar>(
        dlogits: UnsafeMutablePointer<S>,  // (B)
        logits: UnsafePointer<S>,  // (B)
        labels: UnsafePointer<S>,  // (B)
        weights: UnsafePointer<S>? = nil,  // (B)
        scale: S,
        B: Int
    ) {
        for b in 0..<B { dlogits[b] += scale * (weights?[b] ?? 1) * (S.sigmoid(logits[b]) - labels[b]) }
    }
}
