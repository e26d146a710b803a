import DeepMouseCore
import DeepMouseQuantization
import Foundation
import Testing

/// Platt scaling recovers the scale and offset that generated calibrated labels, and refuses one-handed data.
@Suite struct PlattScalingTests {
    @Test func recoversTheGeneratingScaleAndOffset() throws {
        var rng = SplitMix64(seed: 17)
        var logits: [Double] = []
        var left: [Bool] = []
        for _ in 0..<40_000 {
            let x = 4 * rng.signedUnit()
            let p = 1 / (1 + exp(-(0.8 * x - 0.4)))
            logits.append(x)
            left.append((rng.signedUnit() + 1) / 2 < p)
        }
        let fit = try PlattScaling.fit(logits: logits, left: left)
        print(String(format: "Platt fit: a %.4f (0.8), b %.4f (-0.4), log loss %.4f", fit.a, fit.b, fit.logLoss))
        #expect(abs(fit.a - 0.8) < 0.03 && abs(fit.b + 0.4) < 0.04)
        #expect(fit.count == 40_000)
        // Scaling by the fit is never worse than the raw logit (a = 1, b = 0) on the data it was fitted on.
        let raw = zip(logits, left).map { x, y in log1p(exp(y ? -x : x)) }.reduce(0, +) / 40_000
        #expect(fit.logLoss <= raw)
    }

    @Test func oneHandedDataIsRefused() {
        #expect(throws: (any Error).self) { try PlattScaling.fit(logits: [1, 2, 3], left: [true, true, true]) }
    }
}
