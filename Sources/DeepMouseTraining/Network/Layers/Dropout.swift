/// Inverted dropout: during training an input is kept with probability 1-p and scaled by 1/(1-p), so inference
/// needs no rescaling (dropout is simply off). Masks hold 0 or 1/(1-p) and are drawn from the trainer's seeded
/// generator, so a step is reproducible and the gradient checks can hold a mask fixed.
enum Dropout {
    static func fillMask<S: NetworkScalar>(
        _ mask: UnsafeMutablePointer<S>, count: Int, rate: Float,
        rng: inout Xoshiro256StarStar
    ) {
        let keep = S(1) / S(1 - rate)
        for i in 0..<count { mask[i] = rng.nextUnitFloat() < rate ? 0 : keep }
    }

    /// out = inp ⊙ mask
    static func forward<S: NetworkScalar>(
        out: UnsafeMutablePointer<S>, inp: UnsafePointer<S>,
        mask: UnsafePointer<S>, N: Int
    ) {
        for i in 0..<N { out[i] = inp[i] * mask[i] }
    }

    /// dinp += dout ⊙ mask
    static func backward<S: NetworkScalar>(
        dinp: UnsafeMutablePointer<S>, dout: UnsafePointer<S>,
        mask: UnsafePointer<S>, N: Int
    ) {
        for i in 0..<N { dinp[i] += dout[i] * mask[i] }
    }

    /// The recurrent layer's input dropout: one (Cin) mask per sequence, shared by all T steps (as Keras).
    static func forwardPerSequence<S: NetworkScalar>(
        out: UnsafeMutablePointer<S>,  // (B, T, C)
        inp: UnsafePointer<S>,  // (B, T, C)
        mask: UnsafePointer<S>,  // (B, C)
        B: Int, T: Int, C: Int
    ) {
        for b in 0..<B {
            let m = mask + b * C
            for t in 0..<T {
                let x = inp + (b * T + t) * C
                let y = out + (b * T + t) * C
                for c in 0..<C { y[c] = x[c] * m[c] }
            }
        }
    }

    static func backwardPerSequence<S: NetworkScalar>(
        dinp: UnsafeMutablePointer<S>,  // (B, T, C)
        dout: UnsafePointer<S>,  // (B, T, C)
        mask: UnsafePointer<S>,  // (B, C)
        B: Int, T: Int, C: Int
    ) {
        for b in 0..<B {
            let m = mask + b * C
            for t in 0..<T {
                let d = dout + (b * T + t) * C
                let dx = dinp + (b * T + t) * C
                for c in 0..<C { dx[c] += d[c] * m[c] }
            }
        }
    }
}
