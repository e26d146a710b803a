/// LSTM (Keras), gate order [i, f, g, o], one bias, zero initial state, keeping every hidden state (for the readout):
///
///     a = x·Wx + h̃·Wh + b;  i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
///     c' = f ⊙ c + i ⊙ g;   h' = o ⊙ tanh(c')
///
/// h̃ = h ⊙ mask is the recurrent-dropout view of h. As in ``GRU``, the input projection is one GEMM over all
/// steps and only h̃·Wh runs per step.
enum LSTM {
    struct Cache<S: NetworkScalar> {
        var hs: UnsafeMutablePointer<S>  // (T+1, B, H) h_0 = 0 ... h_T
        var cs: UnsafeMutablePointer<S>  // (T+1, B, H) c_0 = 0 ... c_T
        var hm: UnsafeMutablePointer<S>  // (T, B, H) h̃_t (unused without a mask)
        var gates: UnsafeMutablePointer<S>  // (T, B, 4H) i, f, g, o after their activations
        var tanhC: UnsafeMutablePointer<S>  // (T, B, H) tanh(c_t+1)
        var gx: UnsafeMutablePointer<S>  // (B, T, 4H) x·Wx + b
        var gh: UnsafeMutablePointer<S>  // (B, 4H) scratch
    }

    struct BackwardScratch<S: NetworkScalar> {
        var dgx: UnsafeMutablePointer<S>  // (B, T, 4H) gradient of the gate pre-activations, batch-major
        var dgh: UnsafeMutablePointer<S>  // (T, B, 4H) the same values, time-major (for dWh)
        var dh: UnsafeMutablePointer<S>  // (B, H)
        var dc: UnsafeMutablePointer<S>  // (B, H)
        var dhm: UnsafeMutablePointer<S>  // (B, H)
    }

    static func forward<S: NetworkScalar>(
        cache c: Cache<S>,
        inp: UnsafePointer<S>,  // (B, T, Cin)
        wx: UnsafePointer<S>, wh: UnsafePointer<S>,  // (Cin, 4H), (H, 4H)
        bias: UnsafePointer<S>,  // (4H)
        mask: UnsafePointer<S>?,  // (B, H)
        B: Int, T: Int, Cin: Int, H: Int
    ) {
        let G = 4 * H
        for r in 0..<B * T { (c.gx + r * G).update(from: bias, count: G) }
        S.gemm(
            transposeA: false, transposeB: false, m: B * T, n: G, k: Cin, alpha: 1,
            a: inp, lda: Cin, b: wx, ldb: G, beta: 1, c: c.gx, ldc: G)
        c.hs.update(repeating: 0, count: B * H)
        c.cs.update(repeating: 0, count: B * H)
        for t in 0..<T {
            let hPrev = c.hs + t * B * H
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
                let tc = c.tanhC + (t * B + b) * H
                let cp = c.cs + (t * B + b) * H
                let cn = cp + B * H
                let hn = c.hs + ((t + 1) * B + b) * H
                var j = 0
                while j < H {  // eight lanes at a time, the last step partial
                    let w = min(8, H - j)
                    let i = S.sigmoid(load(x + j, w) + load(h + j, w))
                    let f = S.sigmoid(load(x + H + j, w) + load(h + H + j, w))
                    let g = S.tanh(load(x + 2 * H + j, w) + load(h + 2 * H + j, w))
                    let o = S.sigmoid(load(x + 3 * H + j, w) + load(h + 3 * H + j, w))
                    store(i, gate + j, w)
                    store(f, gate + H + j, w)
                    store(g, gate + 2 * H + j, w)
                    store(o, gate + 3 * H + j, w)
                    let cell = f * load(cp + j, w) + i * g
                    let tcell = S.tanh(cell)
                    store(cell, cn + j, w)
                    store(tcell, tc + j, w)
                    store(o * tcell, hn + j, w)
                    j += 8
                }
            }
        }
    }

    /// Backprop through time from `dReadout` (see ``GRU/backward``). Accumulates dwx, dwh, dbias and dinp.
    static func backward<S: NetworkScalar>(
        dinp: UnsafeMutablePointer<S>?,  // (B, T, Cin)
        dwx: UnsafeMutablePointer<S>, dwh: UnsafeMutablePointer<S>,  // (Cin, 4H), (H, 4H)
        dbias: UnsafeMutablePointer<S>,  // (4H)
        scratch s: BackwardScratch<S>,
        dReadout: UnsafePointer<S>,  // (B, H)
        readout: ModelConfig.Readout,
        inp: UnsafePointer<S>,  // (B, T, Cin)
        cache c: Cache<S>,
        wx: UnsafePointer<S>, wh: UnsafePointer<S>,
        mask: UnsafePointer<S>?,  // (B, H)
        B: Int, T: Int, Cin: Int, H: Int
    ) {
        let G = 4 * H
        s.dh.update(repeating: 0, count: B * H)
        s.dc.update(repeating: 0, count: B * H)
        for t in stride(from: T - 1, through: 0, by: -1) {
            // s.dh holds the gradient of h_{t+1} through the later steps; add what the readout sends it.
            RecurrentReadout.backward(dh: s.dh, dout: dReadout, step: t + 1, readout: readout, B: B, T: T, H: H)
            let one = SIMD8<S>(repeating: 1)
            for b in 0..<B {
                let gate = c.gates + (t * B + b) * G
                let tc = c.tanhC + (t * B + b) * H
                let cp = c.cs + (t * B + b) * H
                let dgx = s.dgx + (b * T + t) * G
                let dgh = s.dgh + (t * B + b) * G
                let dh = s.dh + b * H
                let dc = s.dc + b * H
                var j = 0
                while j < H {  // eight lanes at a time, the last step partial
                    let w = min(8, H - j)
                    let i = load(gate + j, w)
                    let f = load(gate + H + j, w)
                    let g = load(gate + 2 * H + j, w)
                    let o = load(gate + 3 * H + j, w)
                    let d = load(dh + j, w)
                    let tcj = load(tc + j, w)
                    let dcell = load(dc + j, w) + d * o * (one - tcj * tcj)
                    let dai = dcell * g * i * (one - i)
                    let daf = dcell * load(cp + j, w) * f * (one - f)
                    let dag = dcell * i * (one - g * g)
                    let dao = d * tcj * o * (one - o)
                    store(dai, dgx + j, w)
                    store(daf, dgx + H + j, w)
                    store(dag, dgx + 2 * H + j, w)
                    store(dao, dgx + 3 * H + j, w)
                    store(dai, dgh + j, w)
                    store(daf, dgh + H + j, w)
                    store(dag, dgh + 2 * H + j, w)
                    store(dao, dgh + 3 * H + j, w)
                    store(dcell * f, dc + j, w)
                    store(SIMD8<S>(), dh + j, w)
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
        S.gemm(
            transposeA: true, transposeB: false, m: H, n: G, k: T * B, alpha: 1,
            a: mask == nil ? c.hs : c.hm, lda: H, b: s.dgh, ldb: G, beta: 1, c: dwh, ldc: G)
        S.gemm(
            transposeA: true, transposeB: false, m: Cin, n: G, k: B * T, alpha: 1,
            a: inp, lda: Cin, b: s.dgx, ldb: G, beta: 1, c: dwx, ldc: G)
        columnSums(into: dbias, s.dgx, rows: B * T, cols: G)
        if let dinp {
            S.gemm(
                transposeA: false, transposeB: true, m: B * T, n: Cin, k: G, alpha: 1,
                a: s.dgx, lda: G, b: wx, ldb: G, beta: 1, c: dinp, ldc: Cin)
        }
    }
}
