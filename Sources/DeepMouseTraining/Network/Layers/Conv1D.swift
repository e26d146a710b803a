/// 1-D convolution, stride 1, Keras "same" zero padding (`padLeft = (K-1)/2`, `padRight = K-1-padLeft`), with an
/// optional fused ReLU. Computed as im2col + one GEMM over the whole batch: the weight layout (K, Cin, Cout) is
/// already the (K*Cin, Cout) matrix the im2col rows multiply.
enum Conv1D {
    static func padLeft(kernel: Int) -> Int { (kernel - 1) / 2 }

    /// out = [relu](conv(inp, weight) + bias). `col` is saved for backward.
    static func forward<S: NetworkScalar>(
        out: UnsafeMutablePointer<S>,  // (B, T, Cout)
        col: UnsafeMutablePointer<S>,  // (B, T, K*Cin)
        inp: UnsafePointer<S>,  // (B, T, Cin)
        weight: UnsafePointer<S>,  // (K, Cin, Cout)
        bias: UnsafePointer<S>,  // (Cout)
        relu: Bool,
        B: Int, T: Int, Cin: Int, Cout: Int, K: Int
    ) {
        im2col(col: col, inp: inp, B: B, T: T, Cin: Cin, K: K)
        let rows = B * T
        for r in 0..<rows { (out + r * Cout).update(from: bias, count: Cout) }
        S.gemm(transposeA: false, transposeB: false, m: rows, n: Cout, k: K * Cin, alpha: 1,
               a: col, lda: K * Cin, b: weight, ldb: Cout, beta: 1, c: out, ldc: Cout)
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
        dcol: UnsafeMutablePointer<S>,  // (B, T, K*Cin) scratch
        dout: UnsafeMutablePointer<S>,  // (B, T, Cout)
        out: UnsafePointer<S>,  // (B, T, Cout)
        col: UnsafePointer<S>,  // (B, T, K*Cin)
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
        S.gemm(transposeA: true, transposeB: false, m: K * Cin, n: Cout, k: rows, alpha: 1,
               a: col, lda: K * Cin, b: dout, ldb: Cout, beta: 1, c: dweight, ldc: Cout)
        guard let dinp else { return }
        S.gemm(transposeA: false, transposeB: true, m: rows, n: K * Cin, k: Cout, alpha: 1,
               a: dout, lda: Cout, b: weight, ldb: Cout, beta: 0, c: dcol, ldc: K * Cin)
        col2im(dinp: dinp, dcol: dcol, B: B, T: T, Cin: Cin, K: K)
    }

    /// col[b, t, k*Cin + c] = inp[b, t + k - padLeft, c], zero outside [0, T).
    static func im2col<S: NetworkScalar>(
        col: UnsafeMutablePointer<S>,  // (B, T, K*Cin)
        inp: UnsafePointer<S>,  // (B, T, Cin)
        B: Int, T: Int, Cin: Int, K: Int
    ) {
        let pad = padLeft(kernel: K), width = K * Cin
        for b in 0..<B {
            let x = inp + b * T * Cin
            for t in 0..<T {
                let row = col + (b * T + t) * width
                for k in 0..<K {
                    let src = t + k - pad
                    let dst = row + k * Cin
                    if src >= 0 && src < T {
                        let from = x + src * Cin
                        for c in 0..<Cin { dst[c] = from[c] }
                    } else {
                        for c in 0..<Cin { dst[c] = 0 }
                    }
                }
            }
        }
    }

    /// dinp[b, t + k - padLeft, c] += dcol[b, t, k*Cin + c]: the adjoint of ``im2col(col:inp:B:T:Cin:K:)``.
    static func col2im<S: NetworkScalar>(
        dinp: UnsafeMutablePointer<S>,  // (B, T, Cin)
        dcol: UnsafePointer<S>,  // (B, T, K*Cin)
        B: Int, T: Int, Cin: Int, K: Int
    ) {
        let pad = padLeft(kernel: K), width = K * Cin
        for b in 0..<B {
            let dx = dinp + b * T * Cin
            for t in 0..<T {
                let row = dcol + (b * T + t) * width
                for k in 0..<K {
                    let src = t + k - pad
                    guard src >= 0 && src < T else { continue }
                    let d = dx + src * Cin, g = row + k * Cin
                    var c = 0
                    while c < Cin {
                        let w = min(8, Cin - c)
                        store(load(d + c, w) + load(g + c, w), d + c, w)
                        c += 8
                    }
                }
            }
        }
    }
}
