import Foundation
import Testing

@testable import DeepMouseTraining

@Suite("Float vector math")
struct FastMathTests {
    /// Max relative error of exp, and max absolute error of sigmoid and tanh, against Double libm on a grid.
    @Test
    func accuracy() {
        var expError = 0.0
        var sigmoidError = 0.0
        var tanhError = 0.0
        var x: Float = -30
        while x < 30 {
            var v = SIMD8<Float>()
            for i in 0..<8 { v[i] = x + Float(i) * 0.000_37 }
            let e = FastFloatMath.exp(v)
            let s = FastFloatMath.sigmoid(v)
            let t = FastFloatMath.tanh(v)
            for i in 0..<8 {
                let d = Double(v[i])
                expError = max(expError, abs(Double(e[i]) - Foundation.exp(d)) / Foundation.exp(d))
                sigmoidError = max(sigmoidError, abs(Double(s[i]) - 1 / (1 + Foundation.exp(-d))))
                tanhError = max(tanhError, abs(Double(t[i]) - Foundation.tanh(d)))
            }
            x += 0.003_1
        }
        print(
            "FastFloatMath: exp max relative error \(expError), sigmoid max abs error \(sigmoidError), "
                + "tanh max abs error \(tanhError)")
        #expect(expError < 4e-7)
        #expect(sigmoidError < 2e-7)
        #expect(tanhError < 3e-7)
        // Saturation without NaN or infinity.
        let extreme = FastFloatMath.sigmoid(SIMD8(-1000, -100, -88, 0, 88, 100, 1000, .greatestFiniteMagnitude))
        #expect(extreme[0] == 0 || extreme[0] < 1e-37)
        #expect(extreme[3] == 0.5 && extreme[6] == 1 && extreme[7] == 1)
        let tanhExtreme = FastFloatMath.tanh(SIMD8(-1000, -20, -1e-30, 0, 1e-30, 20, 1000, 5))
        #expect(tanhExtreme[0] == -1 && tanhExtreme[6] == 1 && tanhExtreme[3] == 0)
        #expect(tanhExtreme.indices.allSatisfy { tanhExtreme[$0].isFinite })
    }
}
