import Foundation
import Testing

@testable import DeepMouseTraining

@Suite("Adam")
struct AdamTests {
    /// Two steps match a hand computation (Keras form).
    @Test
    func twoSteps() {
        // Hyper-parameters exactly representable in Float, so the Double reference below is exact.
        let (lr, b1, b2, eps) = (0.015625, 0.875, 0.9990234375, 0x1p-20)
        let config = AdamConfig(learningRate: Float(lr), beta1: Float(b1), beta2: Float(b2), epsilon: Float(eps))
        let params = Tensor([0.5, -0.3, 0])
        let m = Tensor(zeros: 3)
        let v = Tensor(zeros: 3)
        let g1 = Tensor([0.1, -0.2, 0])
        let g2 = Tensor([-0.05, 0.4, 0])
        Adam.update(
            params: params.pointer, grads: g1.pointer, m: m.pointer, v: v.pointer, count: 3, step: 1, config: config)
        // Step 1: m = (1-b1) g, v = (1-b2) g², alpha = lr sqrt(1-b2) / (1-b1); update = alpha m / (sqrt v + eps)
        // = lr * sign(g) (up to epsilon): the first Adam step moves every parameter by ~lr.
        func expectedStep1(_ g: Double) -> Double {
            let m = (1 - b1) * g
            let v = (1 - b2) * g * g
            let alpha = lr * (1 - b2).squareRoot() / (1 - b1)
            return alpha * m / (v.squareRoot() + eps)
        }
        let after1 = [0.5 - expectedStep1(0.1), -0.3 - expectedStep1(-0.2), 0]
        for i in 0..<3 { #expect(abs(params.pointer[i] - after1[i]) < 1e-15) }
        #expect(abs(params.pointer[0] - (0.5 - lr)) < 1e-5)
        Adam.update(
            params: params.pointer, grads: g2.pointer, m: m.pointer, v: v.pointer, count: 3, step: 2, config: config)
        for (i, (ga, gb)) in [(0.1, -0.05), (-0.2, 0.4)].enumerated() {
            let m = b1 * ((1 - b1) * ga) + (1 - b1) * gb
            let v = b2 * ((1 - b2) * ga * ga) + (1 - b2) * gb * gb
            let alpha = lr * (1 - b2 * b2).squareRoot() / (1 - b1 * b1)
            let expected = after1[i] - alpha * m / (v.squareRoot() + eps)
            #expect(abs(params.pointer[i] - expected) < 1e-15, "parameter \(i)")
        }
        #expect(params.pointer[2] == 0)  // zero gradient (and layout padding) never moves
    }

    /// Global clip norm rescales the whole gradient.
    @Test
    func clipNorm() {
        let config = AdamConfig(learningRate: 0.1, beta1: 0.875, globalClipNorm: 1)
        let params = Tensor([0, 0])
        let m = Tensor(zeros: 2)
        let v = Tensor(zeros: 2)
        let g = Tensor([30, 40])  // norm 50 -> scaled to (0.6, 0.8)
        Adam.update(
            params: params.pointer, grads: g.pointer, m: m.pointer, v: v.pointer, count: 2, step: 1, config: config)
        #expect(abs(m.pointer[0] - 0.125 * 0.6) < 1e-12 && abs(m.pointer[1] - 0.125 * 0.8) < 1e-12)
    }
}
