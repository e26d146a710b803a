/// GRU with the reset gate applied after the recurrent matmul (Keras `reset_after=True`, PyTorch), gate order
/// [z, r, n], zero initial state, keeping every hidden state h_1 ... h_T (for the readout):
///
///     z = σ(x·Wx_z + bx_z + h̃·Wh_z + bh_z)        r = σ(x·Wx_r + bx_r + h̃·Wh_r + bh_r)
///     n = tanh(x·Wx_n + bx_n + r ⊙ (h̃·Wh_n + bh_n))   h' = z ⊙ h + (1 − z) ⊙ n
///
/// where h̃ = h ⊙ mask is the recurrent-dropout view of h (h̃ = h without dropout). The input projection
/// x·Wx + bx runs as one GEMM over all B*T steps; only h̃·Wh is a GEMM per step. Backward is backprop through time,
/// with the weight gradients again one GEMM each over all steps.
enum GRU {
    /// What forward saves for backward. The caller owns the memory.
    struct Cache<S: NetworkScalar> {
        var hs: UnsafeMutablePointer<S>  // (T+1, B, H) h_0 = 0, h_1 ... h_T
        var hm: UnsafeMutablePointer<S>  // (T, B, H) h̃_t = h_t ⊙ mask (may alias hs when there is no mask)
        var gates: UnsafeMutablePointer<S>  // (T, B, 3H) z, r, n of each step
        var ghn: UnsafeMutablePointer<S>  // (T, B, H) h̃·Wh_n + bh_n of each step
        var gx: UnsafeMutablePointer<S>  // (B, T, 3H) x·Wx + bx
        var gh: UnsafeMutablePointer<S>  // (B, 3H) scratch: h̃·Wh of the current step
    }

    /// Scratch memory for backward.
    struct BackwardScratch<S: NetworkScalar> {
        var dgx: UnsafeMutablePointer<S>  // (B, T, 3H) gradient of the input projection
        var dgh: UnsafeMutablePointer<S>  // (T, B, 3H) gradient of h̃·Wh + bh per step
        var dh: UnsafeMutablePointer<S>  // (B, H) gradient flowing into h_t
        var dhm: UnsafeMutablePointer<S>  // (B, H) gradient of h̃_t (used with a mask)
    }

    static func forward<S: NetworkScalar>(
        cache c: Cache<S>,
        inp: UnsafePointer<S>,  // (B, T, Cin)
        wx: UnsafePointer<S>, wh: UnsafePointer<S>,  // (Cin, 3H), (H, 3H)
        bx: UnsafePointer<S>, bh: UnsafePointer<S>,  // (3H), (3H)
        mask: UnsafePointer<S>?,  // (B, H) recurrent dropout, already scaled by 1/(1-p)
        B: Int, T: Int, Cin: Int, H: Int
    ) {
        let G = 3 * H
        for r in 0..<B * T { (c.gx + r * G).update(from: bx, count: G) }
        S.gemm(
            transposeA: false, transposeB: false, m: B * T, n: G, k: Cin, alpha: 1,
            a: inp, lda: Cin, b: wx, ldb: G, beta: 1, c: c.gx, ldc: G)
        c.hs.update(repeating: 0, count: B * H)
        for t in 0..<T {
            let hPrev = c.hs + t * B * H
            let hNext = hPrev + B * H
            let hTilde: UnsafePointer<S>
            if let mask {
                let m = c.hm + t * B * H
                for i in 0..<B * H { m[i] = hPrev[i] * mask[i] }
                hTilde = UnsafePointer(m)
            } else {
                hTilde = UnsafePointer(hPrev)
            }
            S.gemm(
                transposeA: false, transposeB: false, m: B, n: G, k: H, alpha: 1,
                a: hTilde, lda: H, b: wh, ldb: G, beta: 0, c: c.gh, ldc: G)
            for b in 0..<B {
                let x = c.gx + (b * T + t) * G
                let h = c.gh + b * G
                let gate = c.gates + (t * B + b) * G
                let hn = c.ghn + (t * B + b) * H
                let hp = hPrev + b * H
                let hq = hNext + b * H
                // Two passes keep few vectors live (baseline x86-64 has 16 SSE registers; a SIMD8 takes two).
                var j = 0
                while j < 2 * H {  // z and r: eight lanes at a time, the last step partial
                    let w = min(8, 2 * H - j)
                    store(S.sigmoid(load(x + j, w) + load(h + j, w) + load(bh + j, w)), gate + j, w)
                    j += 8
                }
                j = 0
                while j < H {  // n and the new state
                    let w = min(8, H - j)
                    let ghn = load(h + 2 * H + j, w) + load(bh + 2 * H + j, w)
                    let n = S.tanh(load(x + 2 * H + j, w) + load(gate + H + j, w) * ghn)
                    store(n, gate + 2 * H + j, w)
                    store(ghn, hn + j, w)
                    let z = load(gate + j, w)
                    store(n + z * (load(hp + j, w) - n), hq + j, w)  // z ⊙ h + (1 − z) ⊙ n
                    j += 8
                }
            }
        }
    }

    /// Backprop through time from `dReadout`, the gradient of the readout's output (h_T, or the mean of h_1 ... h_T:
    /// ``RecurrentReadout`` adds its share into each step's state gradient). Accumulates dwx, dwh, dbx, dbh and dinp.
    static func backward<S: NetworkScalar>(
        dinp: UnsafeMutablePointer<S>?,  // (B, T, Cin)
        dwx: UnsafeMutablePointer<S>, dwh: UnsafeMutablePointer<S>,  // (Cin, 3H), (H, 3H)
        dbx: UnsafeMutablePointer<S>, dbh: UnsafeMutablePointer<S>,  // (3H), (3H)
        scratch s: BackwardScratch<S>,
        dReadout: UnsafePointer<S>,  // (B, H)
        readout: ModelConfig.Readout,
        inp: UnsafePointer<S>,  // (B, T, Cin)
        cache c: Cache<S>,
        wx: UnsafePointer<S>, wh: UnsafePointer<S>,
        mask: UnsafePointer<S>?,  // (B, H)
        B: Int, T: Int, Cin: Int, H: Int
    ) {
        let G = 3 * H
        s.dh.update(repeating: 0, count: B * H)
        for t in stride(from: T - 1, through: 0, by: -1) {
            // s.dh holds the gradient of h_{t+1} through the later steps; add what the readout sends it.
            RecurrentReadout.backward(dh: s.dh, dout: dReadout, step: t + 1, readout: readout, B: B, T: T, H: H)
            let hPrev = c.hs + t * B * H
            let one = SIMD8<S>(repeating: 1)
            for b in 0..<B {
                let gate = c.gates + (t * B + b) * G
                let hn = c.ghn + (t * B + b) * H
                let dgx = s.dgx + (b * T + t) * G
                let dgh = s.dgh + (t * B + b) * G
                let hp = hPrev + b * H
                let dh = s.dh + b * H
                var j = 0
                while j < H {  // eight lanes at a time, the last step partial
                    let w = min(8, H - j)
                    let z = load(gate + j, w)
                    let r = load(gate + H + j, w)
                    let n = load(gate + 2 * H + j, w)
                    let d = load(dh + j, w)
                    let dan = d * (one - z) * (one - n * n)  // through n's tanh
                    let daz = d * (load(hp + j, w) - n) * z * (one - z)  // through z's sigmoid
                    let dar = dan * load(hn + j, w) * r * (one - r)  // through r's sigmoid
                    store(daz, dgx + j, w)
                    store(dar, dgx + H + j, w)
                    store(dan, dgx + 2 * H + j, w)
                    store(daz, dgh + j, w)
                    store(dar, dgh + H + j, w)
                    store(dan * r, dgh + 2 * H + j, w)
                    store(d * z, dh + j, w)  // the direct path h' = z ⊙ h + ...
                    j += 8
                }
            }
            let dgh = s.dgh + t * B * G
            if let mask {
                S.gemm(
                    transposeA: false, transposeB: true, m: B, n: H, k: G, alpha: 1,
                    a: dgh, lda: G, b: wh, ldb: G, beta: 0, c: s.dhm, ldc: H)
                for i in 0..<B * H { s.dh[i] += s.dhm[i] * mask[i] }
            } else {
                S.gemm(
                    transposeA: false, transposeB: true, m: B, n: H, k: G, alpha: 1,
                    a: dgh, lda: G, b: wh, ldb: G, beta: 1, c: s.dh, ldc: H)
            }
        }
        // Weight gradients over all steps at once: h̃ (T*B, H) and dgh (T*B, 3H) are both time-major.
        S.gemm(
            transposeA: true, transposeB: false, m: H, n: G, k: T * B, alpha: 1,
            a: mask == nil ? c.hs : c.hm, lda: H, b: s.dgh, ldb: G, beta: 1, c: dwh, ldc: G)
        S.gemm(
            transposeA: true, transposeB: false, m: Cin, n: G, k: B * T, alpha: 1,
            a: inp, lda: Cin, b: s.dgx, ldb: G, beta: 1, c: dwx, ldc: G)
        columnSums(into: dbh, s.dgh, rows: T * B, cols: G)
        columnSums(into: dbx, s.dgx, rows: B * T, cols: G)
        if let dinp {
            S.gemm(
                transposeA: false, transposeB: true, m: B * T, n: Cin, k: G, alpha: 1,
                a: s.dgx, lda: G, b: wx, ldb: G, beta: 1, c: dinp, ldc: Cin)
        }
    }
}

/// sums[c] += Σ_r m[r, c] for a row-major (rows, cols) matrix. Rows are streamed once, in memory order; the
/// running sums stay in L1.
func columnSums<S: NetworkScalar>(into sums: UnsafeMutablePointer<S>, _ m: UnsafePointer<S>, rows: Int, cols: Int) {
    for r in 0..<rows {
        let row = m + r * cols
        var c = 0
        while c < cols {  // eight lanes at a time, the last step partial
            let w = min(8, cols - c)
            store(load(sums + c, w) + load(row + c, w), sums + c, w)
            c += 8
        }
    }
}
