/// L1/L2 weight penalties `l1 * Σ|w| + l2 * Σw²` over the penalised tensors (weights, not biases), as Keras's
/// `regularizers.L1L2`. The subgradient of |w| at 0 is taken as 0.
enum Penalty {
    static func forward<S: NetworkScalar>(
        params: UnsafePointer<S>, layout: ParameterLayout,
        l1: S, l2: S
    ) -> Double {
        guard l1 != 0 || l2 != 0 else { return 0 }
        var sum = 0.0
        for spec in layout.tensors where spec.isPenalized {
            let w = params + spec.offset
            var a: S = 0
            var q: S = 0
            for i in 0..<spec.count {
                a += abs(w[i])
                q += w[i] * w[i]
            }
            sum += Double(l1 * a + l2 * q)
        }
        return sum
    }

    /// dparams += d(penalty)/d(params)
    static func backward<S: NetworkScalar>(
        dparams: UnsafeMutablePointer<S>, params: UnsafePointer<S>,
        layout: ParameterLayout, l1: S, l2: S
    ) {
        guard l1 != 0 || l2 != 0 else { return }
        for spec in layout.tensors where spec.isPenalized {
            let w = params + spec.offset
            let dw = dparams + spec.offset
            for i in 0..<spec.count {
                let sign: S = w[i] > 0 ? 1 : (w[i] < 0 ? -1 : 0)
                dw[i] += l1 * sign + 2 * l2 * w[i]
            }
        }
    }
}
