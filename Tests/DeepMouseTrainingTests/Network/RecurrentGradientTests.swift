import Foundation
import Testing

@testable import DeepMouseTraining

/// GRU and LSTM backprop through time against central finite differences in Double, with and without a
/// recurrent-dropout mask, reading out the last hidden state or the mean of all of them.
@Suite("Recurrent gradients vs finite differences")
struct RecurrentGradientTests {
    static let tolerance = 1e-4

    /// Random shapes from a seed; H spans partial and whole eight-lane vectors.
    static func shape(_ rng: inout Xoshiro256StarStar) -> (B: Int, T: Int, Cin: Int, H: Int) {
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
        return (pick(1...4), pick(1...6), pick(1...5), pick(1...19))
    }

    static let cases: [(UInt64, Bool, ModelConfig.Readout)] = [
        (0, false, .last), (1, true, .last), (2, false, .last), (3, true, .last),
        (4, false, .mean), (5, true, .mean), (6, false, .mean), (7, true, .mean)
    ]

    /// Σ r ⊙ readout(h_1 ... h_T): the scalar whose gradient with respect to the readout's output is r.
    static func readoutLoss(
        _ hs: UnsafePointer<Double>, _ r: Tensor, _ readout: ModelConfig.Readout,
        B: Int, T: Int, H: Int
    ) -> Double {
        let out = Tensor(zeros: B * H)
        let features = RecurrentReadout.forward(out: out.pointer, hs: hs, readout: readout, B: B, T: T, H: H)
        var s = 0.0
        for i in 0..<B * H { s += features[i] * r.pointer[i] }
        return s
    }

    /// GRU (reset_after, [z, r, n]), random shapes.
    @Test(arguments: cases)
    func gru(seed: UInt64, masked: Bool, readout: ModelConfig.Readout) {
        let seed = 20 + seed
        var rng = Xoshiro256StarStar(seed: seed)
        let (B, T, Cin, H) = Self.shape(&rng)
        let G = 3 * H
        let inp = Tensor(GradientCheck.random(B * T * Cin, &rng))
        let wx = Tensor(GradientCheck.random(Cin * G, &rng, scale: 0.6))
        let wh = Tensor(GradientCheck.random(H * G, &rng, scale: 0.6))
        let bx = Tensor(GradientCheck.random(G, &rng, scale: 0.3))
        let bh = Tensor(GradientCheck.random(G, &rng, scale: 0.3))
        let mask = Tensor(zeros: B * H)
        Dropout.fillMask(mask.pointer, count: B * H, rate: 0.4, rng: &rng)
        let hs = Tensor(zeros: (T + 1) * B * H)
        let hm = Tensor(zeros: T * B * H)
        let gates = Tensor(zeros: T * B * G)
        let ghn = Tensor(zeros: T * B * H)
        let gx = Tensor(zeros: B * T * G)
        let gh = Tensor(zeros: B * G)
        let cache = GRU.Cache(
            hs: hs.pointer, hm: hm.pointer, gates: gates.pointer, ghn: ghn.pointer, gx: gx.pointer,
            gh: gh.pointer)
        let r = Tensor(GradientCheck.random(B * H, &rng))
        let maskPointer: UnsafePointer<Double>? = masked ? UnsafePointer(mask.pointer) : nil
        func loss() -> Double {
            GRU.forward(
                cache: cache, inp: inp.pointer, wx: wx.pointer, wh: wh.pointer, bx: bx.pointer, bh: bh.pointer,
                mask: maskPointer, B: B, T: T, Cin: Cin, H: H)
            return Self.readoutLoss(hs.pointer, r, readout, B: B, T: T, H: H)
        }
        _ = loss()
        let dinp = Tensor(zeros: inp.count)
        let dwx = Tensor(zeros: wx.count)
        let dwh = Tensor(zeros: wh.count)
        let dbx = Tensor(zeros: G)
        let dbh = Tensor(zeros: G)
        let keep = [Tensor(zeros: B * T * G), Tensor(zeros: T * B * G), Tensor(zeros: B * H), Tensor(zeros: B * H)]
        let s = GRU.BackwardScratch(
            dgx: keep[0].pointer, dgh: keep[1].pointer, dh: keep[2].pointer, dhm: keep[3].pointer)
        GRU.backward(
            dinp: dinp.pointer, dwx: dwx.pointer, dwh: dwh.pointer, dbx: dbx.pointer, dbh: dbh.pointer,
            scratch: s, dReadout: r.pointer, readout: readout, inp: inp.pointer, cache: cache, wx: wx.pointer,
            wh: wh.pointer,
            mask: maskPointer, B: B, T: T, Cin: Cin, H: H)
        let errors: [(String, Double)] = [
            (
                "dinp",
                GradientCheck.maxRelativeError(dinp.values, GradientCheck.numeric(inp.pointer, count: inp.count, loss))
            ),
            (
                "dw_x",
                GradientCheck.maxRelativeError(dwx.values, GradientCheck.numeric(wx.pointer, count: wx.count, loss))
            ),
            (
                "dw_h",
                GradientCheck.maxRelativeError(dwh.values, GradientCheck.numeric(wh.pointer, count: wh.count, loss))
            ),
            ("db_x", GradientCheck.maxRelativeError(dbx.values, GradientCheck.numeric(bx.pointer, count: G, loss))),
            ("db_h", GradientCheck.maxRelativeError(dbh.values, GradientCheck.numeric(bh.pointer, count: G, loss)))
        ]
        print(
            "GRU B=\(B) T=\(T) Cin=\(Cin) H=\(H) masked=\(masked) readout=\(readout): max relative error "
                + errors.map { "\($0.0) \($0.1)" }.joined(separator: " "))
        for (name, error) in errors { #expect(error < Self.tolerance, "\(name)") }
        withExtendedLifetime((keep, hs, hm, gates, ghn, gx, gh, mask)) {}
    }

    /// GRU forward matches the equations in ARCHITECTURE.md for one step.
    @Test
    func gruOneStep() {
        var rng = Xoshiro256StarStar(seed: 22)
        let Cin = 2
        let H = 3
        let G = 3 * H
        let x = GradientCheck.random(Cin, &rng)
        let wx = GradientCheck.random(Cin * G, &rng)
        let wh = GradientCheck.random(H * G, &rng)
        let bx = GradientCheck.random(G, &rng)
        let bh = GradientCheck.random(G, &rng)
        let hs = Tensor(zeros: 2 * H)
        let gates = Tensor(zeros: G)
        let ghn = Tensor(zeros: H)
        let gx = Tensor(zeros: G)
        let gh = Tensor(zeros: G)
        let (xT, wxT, whT, bxT, bhT) = (Tensor(x), Tensor(wx), Tensor(wh), Tensor(bx), Tensor(bh))
        GRU.forward(
            cache: GRU.Cache(
                hs: hs.pointer, hm: hs.pointer, gates: gates.pointer, ghn: ghn.pointer,
                gx: gx.pointer, gh: gh.pointer),
            inp: xT.pointer, wx: wxT.pointer, wh: whT.pointer, bx: bxT.pointer, bh: bhT.pointer, mask: nil,
            B: 1, T: 1, Cin: Cin, H: H)
        func sigmoid(_ v: Double) -> Double { 1 / (1 + _exp(-v)) }
        for j in 0..<H {
            func xw(_ g: Int) -> Double { (0..<Cin).reduce(bx[g * H + j]) { $0 + x[$1] * wx[$1 * G + g * H + j] } }
            // h = 0: h·Wh = 0, so each gate sees only its recurrent bias.
            let z = sigmoid(xw(0) + bh[j])
            let r = sigmoid(xw(1) + bh[H + j])
            let n = _tanh(xw(2) + r * bh[2 * H + j])
            let expected = (1 - z) * n
            #expect(abs(hs.pointer[H + j] - expected) < 1e-14)
        }
    }

    /// LSTM ([i, f, g, o]), random shapes.
    @Test(arguments: cases)
    func lstm(seed: UInt64, masked: Bool, readout: ModelConfig.Readout) {
        let seed = 30 + seed
        var rng = Xoshiro256StarStar(seed: seed)
        let (B, T, Cin, H) = Self.shape(&rng)
        let G = 4 * H
        let inp = Tensor(GradientCheck.random(B * T * Cin, &rng))
        let wx = Tensor(GradientCheck.random(Cin * G, &rng, scale: 0.6))
        let wh = Tensor(GradientCheck.random(H * G, &rng, scale: 0.6))
        let bias = Tensor(GradientCheck.random(G, &rng, scale: 0.3))
        let mask = Tensor(zeros: B * H)
        Dropout.fillMask(mask.pointer, count: B * H, rate: 0.4, rng: &rng)
        let buffers = [
            Tensor(zeros: (T + 1) * B * H), Tensor(zeros: (T + 1) * B * H), Tensor(zeros: T * B * H),
            Tensor(zeros: T * B * G), Tensor(zeros: T * B * H), Tensor(zeros: B * T * G), Tensor(zeros: B * G)
        ]
        let cache = LSTM.Cache(
            hs: buffers[0].pointer, cs: buffers[1].pointer, hm: buffers[2].pointer,
            gates: buffers[3].pointer, tanhC: buffers[4].pointer, gx: buffers[5].pointer,
            gh: buffers[6].pointer)
        let r = Tensor(GradientCheck.random(B * H, &rng))
        let maskPointer: UnsafePointer<Double>? = masked ? UnsafePointer(mask.pointer) : nil
        func loss() -> Double {
            LSTM.forward(
                cache: cache, inp: inp.pointer, wx: wx.pointer, wh: wh.pointer, bias: bias.pointer,
                mask: maskPointer, B: B, T: T, Cin: Cin, H: H)
            return Self.readoutLoss(cache.hs, r, readout, B: B, T: T, H: H)
        }
        _ = loss()
        let dinp = Tensor(zeros: inp.count)
        let dwx = Tensor(zeros: wx.count)
        let dwh = Tensor(zeros: wh.count)
        let dbias = Tensor(zeros: G)
        let keep = [
            Tensor(zeros: B * T * G), Tensor(zeros: T * B * G), Tensor(zeros: B * H), Tensor(zeros: B * H),
            Tensor(zeros: B * H)
        ]
        let s = LSTM.BackwardScratch(
            dgx: keep[0].pointer, dgh: keep[1].pointer, dh: keep[2].pointer,
            dc: keep[3].pointer, dhm: keep[4].pointer)
        LSTM.backward(
            dinp: dinp.pointer, dwx: dwx.pointer, dwh: dwh.pointer, dbias: dbias.pointer, scratch: s,
            dReadout: r.pointer, readout: readout, inp: inp.pointer, cache: cache, wx: wx.pointer, wh: wh.pointer,
            mask: maskPointer, B: B, T: T, Cin: Cin, H: H)
        let errors: [(String, Double)] = [
            (
                "dinp",
                GradientCheck.maxRelativeError(dinp.values, GradientCheck.numeric(inp.pointer, count: inp.count, loss))
            ),
            (
                "dw_x",
                GradientCheck.maxRelativeError(dwx.values, GradientCheck.numeric(wx.pointer, count: wx.count, loss))
            ),
            (
                "dw_h",
                GradientCheck.maxRelativeError(dwh.values, GradientCheck.numeric(wh.pointer, count: wh.count, loss))
            ),
            ("db", GradientCheck.maxRelativeError(dbias.values, GradientCheck.numeric(bias.pointer, count: G, loss)))
        ]
        print(
            "LSTM B=\(B) T=\(T) Cin=\(Cin) H=\(H) masked=\(masked) readout=\(readout): max relative error "
                + errors.map { "\($0.0) \($0.1)" }.joined(separator: " "))
        for (name, error) in errors { #expect(error < Self.tolerance, "\(name)") }
        withExtendedLifetime((buffers, keep)) {}
    }
}

private func _exp(_ x: Double) -> Double { Foundation.exp(x) }
private func _tanh(_ x: Double) -> Double { Foundation.tanh(x) }
