/// 1-D convolution, stride 1, Keras "same" zero padding (`padLeft = (K-1)/2`, `padRight = K-1-padLeft`), with an
/// optional fused ReLU.
///
/// Computed as shifted matrix products, one per sample and kernel tap k: with s = k - padLeft, the output rows
/// t in [max(0, -s), min(T, T - s)) get `inp[t + s] (rows, Cin) · weight[k] (Cin, Cout)`. Rows whose input would
/// fall in the padding get nothing from that tap, which is the zero padding, exactly. Nothing is copied (no
/// im2col buffer), so the only memory traffic is the activations themselves.
enum Conv1D {
    static func padLeft(kernel: Int) -> Int { (kernel - 1) / 2 }

    /// The output rows [lo, hi) of one sample that tap k reaches, and the shift s = k - padLeft to their inputs.
    @inline(__always)
    static func tap(_ k: Int, K: Int, T: Int) -> (lo: Int, hi: Int, shift: Int) {
        let s = k - padLeft(kernel: K)
        return (max(0, -s), min(T, T - s), s)
    }

    /// out = [relu](conv(inp, weight) + bias).
    static func forward<S: NetworkScalar>(
        out: UnsafeMutablePointer<S>,  // (B, T, Cout)
        inp: UnsafePointer<S>,  // (B, T, Cin)
        weight: UnsafePointer<S>,  // (K, Cin, Cout)
        bias: UnsafePointer<S>,  // (Cout)
        relu: Bool,
        B: Int, T: Int, Cin: Int, Cout: Int, K: Int
    ) {
        let rows = B * T
        for r in 0..<rows { (out + r * Cout).update(from: bias, count: Cout) }
        for b in 0..<B {
            for k in 0..<K {
                let (lo, hi, s) = tap(k, K: K, T: T)
                guard hi > lo else { continue }
                S.gemm(
                    transposeA: false, transposeB: false, m: hi - lo, n: Cout, k: Cin, alpha: 1,
                    a: inp + (b * T + lo + s) * Cin, lda: Cin, b: weight + k * Cin * Cout, ldb: Cout,
                    beta: 1, c: out + (b * T + lo) * Cout, ldc: Cout)
            }
        }
        if relu {
            let n = rows * Cout
            var i = 0
            while i < n {  // eight lanes at a time, the last step partial
                let w = min(8, n - i)
                store(S.relu(load(out + i, w)), out + i, w)
                i += 8
            }
        }
    }

    /// Accumulates dweight, dbias and (if given) dinp. `dout` is the gradient of `out`; with `relu` it is masked
    /// in place by `out > 0` (so it holds the pre-activation gradient afterwards).
    static func backward<S: NetworkScalar>(
        dinp: UnsafeMutablePointer<S>?,  // (B, T, Cin)
        dweight: UnsafeMutablePointer<S>,  // (K, Cin, Cout)
        dbias: UnsafeMutablePointer<S>,  // (Cout)
        dout: UnsafeMutablePointer<S>,  // (B, T, Cout)
        out: UnsafePointer<S>,  // (B, T, Cout)
        inp: UnsafePointer<S>,  // (B, T, Cin)
        weight: UnsafePointer<S>,  // (K, Cin, Cout)
        relu: Bool,
        B: Int, T: Int, Cin: Int, Cout: Int, K: Int
    ) {
        let rows = B * T
        if relu {
            let n = rows * Cout
            var i = 0
            while i < n {
                let w = min(8, n - i)
                store(S.passWherePositive(load(dout + i, w), load(out + i, w)), dout + i, w)
                i += 8
            }
        }
        columnSums(into: dbias, dout, rows: rows, cols: Cout)
        for b in 0..<B {
            for k in 0..<K {
                let (lo, hi, s) = tap(k, K: K, T: T)
                guard hi > lo else { continue }
                let x = inp + (b * T + lo + s) * Cin
                let d = dout + (b * T + lo) * Cout
                // dweight[k] (Cin, Cout) += inp[t + s]ᵀ · dout[t]
                S.gemm(
                    transposeA: true, transposeB: false, m: Cin, n: Cout, k: hi - lo, alpha: 1,
                    a: x, lda: Cin, b: d, ldb: Cout, beta: 1, c: dweight + k * Cin * Cout, ldc: Cout)
                // dinp[t + s] (rows, Cin) += dout[t] · weight[k]ᵀ
                if let dinp {
                    S.gemm(
                        transposeA: false, transposeB: true, m: hi - lo, n: Cin, k: Cout, alpha: 1,
                        a: d, lda: Cout, b: weight + k * Cin * Cout, ldb: Cout, beta: 1,
                        c: dinp + (b * T + lo + s) * Cin, ldc: Cin)
                }
            }
        }
    }
}
