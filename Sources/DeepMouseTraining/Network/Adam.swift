import Foundation

/// Adam's hyper-parameters. Defaults are Keras's (`learning_rate=0.001, beta_1=0.9, beta_2=0.999,
/// epsilon=1e-7`).
public struct AdamConfig: Codable, Sendable, Equatable {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// If set, the whole gradient is rescaled to at most this L2 norm before the update (Keras `global_clipnorm`).
    public var globalClipNorm: Float?

    public init(
        learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
        globalClipNorm: Float? = nil
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.globalClipNorm = globalClipNorm
    }

    enum CodingKeys: String, CodingKey {
        case learningRate = "learning_rate"
        case beta1 = "beta_1"
        case beta2 = "beta_2"
        case epsilon
        case globalClipNorm = "global_clipnorm"
    }
}

/// The Adam update over flat buffers, one loop over every parameter, in Keras's form (bias correction folded
/// into the step size, epsilon added to √v unscaled):
///
///     m ← β1 m + (1-β1) g;  v ← β2 v + (1-β2) g²;  α_t = lr · √(1-β2^t) / (1-β1^t);  θ ← θ - α_t m / (√v + ε)
enum Adam {
    static func update<S: NetworkScalar>(
        params: UnsafeMutablePointer<S>,  // (P)
        grads: UnsafePointer<S>,  // (P)
        m: UnsafeMutablePointer<S>,  // (P)
        v: UnsafeMutablePointer<S>,  // (P)
        count: Int,
        step t: Int,  // 1 for the first update
        config: AdamConfig
    ) {
        let b1 = Double(config.beta1)
        let b2 = Double(config.beta2)
        let alpha = S(Double(config.learningRate) * (1 - pow(b2, Double(t))).squareRoot() / (1 - pow(b1, Double(t))))
        var scale: S = 1
        if let clip = config.globalClipNorm {
            var sumSquares = 0.0
            for i in 0..<count { sumSquares += Double(grads[i]) * Double(grads[i]) }
            let norm = sumSquares.squareRoot()
            if norm > Double(clip) { scale = S(Double(clip) / norm) }
        }
        let beta1 = SIMD8(repeating: S(config.beta1))
        let beta2 = SIMD8(repeating: S(config.beta2))
        let eps = SIMD8(repeating: S(config.epsilon))
        let one = SIMD8<S>(repeating: 1)
        var i = 0
        while i < count {  // eight lanes at a time, the last step partial
            let w = min(8, count - i)
            let g = load(grads + i, w) * scale
            let mi = beta1 * load(m + i, w) + (one - beta1) * g
            let vi = beta2 * load(v + i, w) + (one - beta2) * g * g
            store(mi, m + i, w)
            store(vi, v + i, w)
            store(load(params + i, w) - alpha * mi / (vi.squareRoot() + eps), params + i, w)
            i += 8
        }
    }
}
