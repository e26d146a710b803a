import Foundation
import Testing

@testable import DeepMouseTraining

/// Every layer's backward against central finite differences in Double (relative error < 1e-4).
@Suite("Layer gradients vs finite differences")
struct LayerGradientTests {
    static let tolerance = 1e-4

    /// Conv1D, random shapes.
    @Test(arguments: [(1, false), (2, true), (3, true), (4, false), (5, true), (3, false)])
    func conv1D(kernel K: Int, relu: Bool) {
        var rng = Xoshiro256StarStar(seed: UInt64(10 + K) + (relu ? 100 : 0))
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
        let B = pick(1...3)
        let T = pick(1...9)
        let Cin = pick(1...11)
        let Cout = pick(1...13)
        let inp = Tensor(GradientCheck.random(B * T * Cin, &rng))
        let weight = Tensor(GradientCheck.random(K * Cin * Cout, &rng))
        let bias = Tensor(GradientCheck.random(Cout, &rng, scale: 0.3))
        let out = Tensor(zeros: B * T * Cout)
        let r = Tensor(GradientCheck.random(B * T * Cout, &rng))
        func loss() -> Double {
            Conv1D.forward(
                out: out.pointer, inp: inp.pointer, weight: weight.pointer,
                bias: bias.pointer, relu: relu, B: B, T: T, Cin: Cin, Cout: Cout, K: K)
            return out.dot(r)
        }
        _ = loss()
        let dinp = Tensor(zeros: inp.count)
        let dweight = Tensor(zeros: weight.count)
        let dbias = Tensor(zeros: Cout)
        let dout = Tensor(r.values)
        Conv1D.backward(
            dinp: dinp.pointer, dweight: dweight.pointer, dbias: dbias.pointer,
            dout: dout.pointer, out: out.pointer, inp: inp.pointer, weight: weight.pointer, relu: relu,
            B: B, T: T, Cin: Cin, Cout: Cout, K: K)
        let errors = [
            GradientCheck.maxRelativeError(dinp.values, GradientCheck.numeric(inp.pointer, count: inp.count, loss)),
            GradientCheck.maxRelativeError(
                dweight.values, GradientCheck.numeric(weight.pointer, count: weight.count, loss)),
            GradientCheck.maxRelativeError(dbias.values, GradientCheck.numeric(bias.pointer, count: Cout, loss))
        ]
        print(
            "Conv1D B=\(B) T=\(T) Cin=\(Cin) Cout=\(Cout) K=\(K) relu=\(relu): max relative error dinp \(errors[0]) dweight \(errors[1]) dbias \(errors[2])"
        )
        #expect(errors.max()! < Self.tolerance)
    }

    /// Conv1D forward matches the direct same-padding sum.
    @Test
    func conv1DForwardDefinition() {
        var rng = Xoshiro256StarStar(seed: 3)
        let B = 2
        let T = 6
        let Cin = 2
        let Cout = 3
        for K in 1...8 {  // up to kernels longer than the sequence
            let inp = GradientCheck.random(B * T * Cin, &rng)
            let w = GradientCheck.random(K * Cin * Cout, &rng)
            let bias = GradientCheck.random(Cout, &rng)
            let out = Tensor(zeros: B * T * Cout)
            let inpT = Tensor(inp)
            let wT = Tensor(w)
            let bT = Tensor(bias)
            Conv1D.forward(
                out: out.pointer, inp: inpT.pointer, weight: wT.pointer, bias: bT.pointer,
                relu: false, B: B, T: T, Cin: Cin, Cout: Cout, K: K)
            let padLeft = (K - 1) / 2
            var worst = 0.0
            for b in 0..<B {
                for t in 0..<T {
                    for o in 0..<Cout {
                        var sum = bias[o]
                        for k in 0..<K {
                            for c in 0..<Cin {
                                let s = t + k - padLeft
                                if s >= 0 && s < T { sum += inp[(b * T + s) * Cin + c] * w[(k * Cin + c) * Cout + o] }
                            }
                        }
                        worst = max(worst, abs(sum - out.pointer[(b * T + t) * Cout + o]))
                    }
                }
            }
            #expect(worst < 1e-12, "K=\(K)")
        }
    }

    /// MaxPool1D(2), odd and even lengths.
    @Test(arguments: [(2, 7, 3), (1, 8, 13), (3, 5, 9)])
    func maxPool(B: Int, T: Int, C: Int) {
        var rng = Xoshiro256StarStar(seed: UInt64(4 + T))
        let To = T / 2
        let inp = Tensor(GradientCheck.random(B * T * C, &rng))
        let out = Tensor(zeros: B * To * C)
        let r = Tensor(GradientCheck.random(B * To * C, &rng))
        func loss() -> Double {
            MaxPool1D.forward(out: out.pointer, inp: inp.pointer, B: B, T: T, C: C)
            return out.dot(r)
        }
        _ = loss()
        let dinp = Tensor(zeros: inp.count)
        MaxPool1D.backward(dinp: dinp.pointer, dout: r.pointer, inp: inp.pointer, B: B, T: T, C: C)
        let error = GradientCheck.maxRelativeError(
            dinp.values, GradientCheck.numeric(inp.pointer, count: inp.count, loss))
        print("MaxPool1D B=\(B) T=\(T) C=\(C): max relative error dinp \(error)")
        #expect(error < Self.tolerance)
        // The dropped odd step gets no gradient.
        if T % 2 == 1 { for b in 0..<B { for c in 0..<C { #expect(dinp.pointer[(b * T + T - 1) * C + c] == 0) } } }
    }

    /// Dense.
    @Test
    func dense() {
        var rng = Xoshiro256StarStar(seed: 5)
        let B = 3
        let I = 5
        let O = 2
        let inp = Tensor(GradientCheck.random(B * I, &rng))
        let weight = Tensor(GradientCheck.random(I * O, &rng))
        let bias = Tensor(GradientCheck.random(O, &rng))
        let out = Tensor(zeros: B * O)
        let r = Tensor(GradientCheck.random(B * O, &rng))
        func loss() -> Double {
            Dense.forward(
                out: out.pointer, inp: inp.pointer, weight: weight.pointer, bias: bias.pointer, B: B, I: I, O: O)
            return out.dot(r)
        }
        _ = loss()
        let dinp = Tensor(zeros: inp.count)
        let dweight = Tensor(zeros: weight.count)
        let dbias = Tensor(zeros: O)
        Dense.backward(
            dinp: dinp.pointer, dweight: dweight.pointer, dbias: dbias.pointer, dout: r.pointer,
            inp: inp.pointer, weight: weight.pointer, B: B, I: I, O: O)
        let error = max(
            GradientCheck.maxRelativeError(dinp.values, GradientCheck.numeric(inp.pointer, count: inp.count, loss)),
            GradientCheck.maxRelativeError(
                dweight.values, GradientCheck.numeric(weight.pointer, count: weight.count, loss)),
            GradientCheck.maxRelativeError(dbias.values, GradientCheck.numeric(bias.pointer, count: O, loss)))
        print("Dense: max relative error \(error)")
        #expect(error < Self.tolerance)
    }

    /// Binary cross-entropy from the logit.
    @Test
    func binaryCrossEntropy() {
        let logits = Tensor([-40, -5, -0.3, 0, 0.7, 3, 45, 1.5])
        let labels = Tensor([0, 1, 1, 0, 0, 1, 1, 0.25])
        let B = logits.count
        func loss() -> Double {
            BinaryCrossEntropy.forward(logits: logits.pointer, labels: labels.pointer, B: B).lossSum
        }
        // The closed form, where it is accurate.
        let l = 0.7
        let y = 0.0
        let p = 1 / (1 + _exp(-l))
        #expect(abs(BinaryCrossEntropy.forward(logits: [l], labels: [y], B: 1).lossSum + log(1 - p)) < 1e-14)
        // Large logits stay finite and correct: BCE(-40, y=0) ≈ e^-40, BCE(45, y=1) ≈ e^-45.
        #expect(BinaryCrossEntropy.forward(logits: [-40], labels: [0], B: 1).lossSum < 1e-17)
        #expect(abs(BinaryCrossEntropy.forward(logits: [45], labels: [0], B: 1).lossSum - 45) < 1e-12)
        let dlogits = Tensor(zeros: B)
        BinaryCrossEntropy.backward(
            dlogits: dlogits.pointer, logits: logits.pointer, labels: labels.pointer, scale: 1, B: B)
        let error = GradientCheck.maxRelativeError(
            dlogits.values,
            GradientCheck.numeric(logits.pointer, count: B, h: 1e-5, loss))
        print("BCE: max relative error dlogits \(error)")
        #expect(error < Self.tolerance)
        #expect(BinaryCrossEntropy.forward(logits: logits.pointer, labels: labels.pointer, B: B).correct == 4)
    }

    /// L1 and L2 penalties.
    @Test
    func penalties() {
        let config = ModelConfig(window: 8, conv: [.init(filters: 2, kernel: 3)], hidden: 3)
        let layout = ParameterLayout(config: config)
        var rng = Xoshiro256StarStar(seed: 6)
        let params = Tensor(GradientCheck.random(layout.count, &rng))
        let l1 = 0.01
        let l2 = 0.003
        func loss() -> Double { Penalty.forward(params: params.pointer, layout: layout, l1: l1, l2: l2) }
        let grads = Tensor(zeros: layout.count)
        Penalty.backward(dparams: grads.pointer, params: params.pointer, layout: layout, l1: l1, l2: l2)
        let error = GradientCheck.maxRelativeError(
            grads.values, GradientCheck.numeric(params.pointer, count: layout.count, loss))
        print("L1/L2 penalty: max relative error \(error)")
        #expect(error < Self.tolerance)
        // Biases are not penalised.
        let bias = layout["conv0.bias"]!
        for i in 0..<bias.count { #expect(grads.pointer[bias.offset + i] == 0) }
    }

    /// Dropout: element-wise and per sequence.
    @Test
    func dropout() {
        var rng = Xoshiro256StarStar(seed: 7)
        let B = 2
        let T = 3
        let C = 4
        let mask = Tensor(zeros: B * C)
        Dropout.fillMask(mask.pointer, count: B * C, rate: 0.5, rng: &rng)
        #expect(mask.values.allSatisfy { $0 == 0 || $0 == 2 })
        let inp = Tensor(GradientCheck.random(B * T * C, &rng))
        let out = Tensor(zeros: B * T * C)
        let r = Tensor(GradientCheck.random(B * T * C, &rng))
        func loss() -> Double {
            Dropout.forwardPerSequence(out: out.pointer, inp: inp.pointer, mask: mask.pointer, B: B, T: T, C: C)
            return out.dot(r)
        }
        let dinp = Tensor(zeros: inp.count)
        Dropout.backwardPerSequence(dinp: dinp.pointer, dout: r.pointer, mask: mask.pointer, B: B, T: T, C: C)
        let error = GradientCheck.maxRelativeError(
            dinp.values, GradientCheck.numeric(inp.pointer, count: inp.count, loss))
        print("Dropout per sequence: max relative error \(error)")
        #expect(error < Self.tolerance)
        // Inverted dropout keeps the expectation: the mean of a large mask is ~1.
        let big = Tensor(zeros: 100_000)
        Dropout.fillMask(big.pointer, count: big.count, rate: 0.3, rng: &rng)
        let mean = big.values.reduce(0, +) / Double(big.count)
        #expect(abs(mean - 1) < 0.02)
    }
}

private func _exp(_ x: Double) -> Double { Foundation.exp(x) }
