/// Keras-compatible initial values: Glorot-uniform kernels, orthogonal recurrent kernels, zero biases (LSTM forget
/// bias 1). Values are drawn in Double and rounded to the scalar type, so a Float and a Double network built from
/// the same seed start from the same weights (to Float precision).
enum Initialization {
    static func fill<S: NetworkScalar>(
        _ params: UnsafeMutablePointer<S>, layout: ParameterLayout,
        rng: inout Xoshiro256StarStar
    ) {
        for spec in layout.tensors {
            let p = params + spec.offset
            switch spec.initializer {
            case .zeros:
                for i in 0..<spec.count { p[i] = 0 }
            case .lstmBias(let h):
                for i in 0..<spec.count { p[i] = (i >= h && i < 2 * h) ? 1 : 0 }
            case .glorotUniform(let fanIn, let fanOut):
                let limit = (6.0 / Double(fanIn + fanOut)).squareRoot()
                for i in 0..<spec.count { p[i] = S((2 * rng.nextUnitDouble() - 1) * limit) }
            case .orthogonal:
                let rows = spec.shape[0]
                let cols = spec.count / spec.shape[0]
                let q = orthogonal(rows: rows, cols: cols, rng: &rng)
                for i in 0..<spec.count { p[i] = S(q[i]) }
            }
        }
    }

    /// A (rows, cols) matrix with orthonormal rows if rows <= cols (orthonormal columns otherwise): modified
    /// Gram–Schmidt on Gaussian vectors, which is the Q of a QR decomposition with a positive diagonal R, i.e.
    /// Keras's `Orthogonal(gain=1)` in distribution.
    static func orthogonal(rows: Int, cols: Int, rng: inout Xoshiro256StarStar) -> [Double] {
        let vectors = min(rows, cols)
        let length = max(rows, cols)
        var v = [Double](repeating: 0, count: vectors * length)  // (vectors, length)
        for i in 0..<v.count { v[i] = rng.nextNormal() }
        for i in 0..<vectors {
            for j in 0..<i {
                var dot = 0.0
                for k in 0..<length { dot += v[i * length + k] * v[j * length + k] }
                for k in 0..<length { v[i * length + k] -= dot * v[j * length + k] }
            }
            var norm = 0.0
            for k in 0..<length { norm += v[i * length + k] * v[i * length + k] }
            norm = norm.squareRoot()
            for k in 0..<length { v[i * length + k] /= norm }
        }
        if rows <= cols { return v }
        var t = [Double](repeating: 0, count: rows * cols)  // transpose: orthonormal columns
        for i in 0..<vectors { for k in 0..<length { t[k * cols + i] = v[i * length + k] } }
        return t
    }
}
