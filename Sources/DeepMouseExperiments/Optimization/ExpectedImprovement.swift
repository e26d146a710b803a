import DeepMouseTraining
import Foundation

/// Expected improvement (for minimisation) of the surrogate over the best value seen, and the
/// search for the point that maximises it.
public enum ExpectedImprovement {
    /// `EI = (f* − μ − ξ) Φ(z) + σ φ(z)`, `z = (f* − μ − ξ) / σ`; zero where σ = 0 and μ ≥ f*.
    public static func value(mean: Double, standardDeviation sigma: Double, best: Double, exploration xi: Double)
        -> Double
    {
        let improvement = best - mean - xi
        guard sigma > 1e-12 else { return max(improvement, 0) }
        let z = improvement / sigma
        return improvement * normalCDF(z) + sigma * normalPDF(z)
    }

    public static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
    public static func normalPDF(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }

    /// A maximiser of EI in the unit cube: `randomCandidates` uniform points plus Gaussian
    /// perturbations of the `anchors` (the best observed points), the best few refined by
    /// Nelder-Mead, then snapped with `snap`. Points for which `isTaken` is true (already
    /// evaluated or pending integer points) are skipped. Nil when every candidate is taken.
    static func maximize(
        _ gp: GaussianProcess, best: Double, exploration: Double, anchors: [[Double]],
        randomCandidates: Int, generator: inout SeededShuffler,
        snap: ([Double]) -> [Double], isTaken: ([Double]) -> Bool
    ) -> (point: [Double], ei: Double)? {
        let d = gp.dimension
        // EI in standardised units keeps Nelder-Mead's tolerances meaningful.
        let scale = gp.targetScale
        func ei(_ p: [Double]) -> Double {
            let (m, s) = gp.predict(p)
            return value(mean: m / scale, standardDeviation: s / scale, best: best / scale, exploration: exploration)
        }
        var candidates: [[Double]] = []
        for _ in 0..<randomCandidates {
            candidates.append((0..<d).map { _ in Double.random(in: 0...1, using: &generator) })
        }
        for anchor in anchors {
            for spread in [0.01, 0.05, 0.15] {
                for _ in 0..<20 {
                    candidates.append(anchor.map { min(max($0 + spread * gaussian(&generator), 0), 1) })
                }
            }
        }
        let scored = candidates.map { (point: $0, ei: ei($0)) }.sorted { $0.ei > $1.ei }
        var refined: [(point: [Double], ei: Double)] = []
        for start in scored.prefix(3) {
            let result = NelderMead.minimize({ -ei($0) }, from: start.point, initialStep: 0.02, maxEvaluations: 120)
            refined.append((result.point, -result.value))
        }
        for candidate in (refined + scored).sorted(by: { $0.ei > $1.ei }) {
            let snapped = snap(candidate.point)
            if !isTaken(snapped) { return (snapped, ei(snapped) * scale) }
        }
        return nil
    }

    /// A standard normal draw (Box-Muller).
    static func gaussian(_ g: inout SeededShuffler) -> Double {
        let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &g)
        let u2 = Double.random(in: 0..<1, using: &g)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
