import DeepMouseTraining
import Foundation

extension GaussianProcess {
    /// The prior on `log ℓ` (unit-cube coordinates): a few early points must not be able to declare a
    /// parameter irrelevant (ℓ ≫ 1) or make the surface rough (ℓ ≪ 0.1). As weak as BoTorch's
    /// default Gamma(3, 6) prior, centred a little longer (ℓ = 0.5).
    static let lengthScalePrior = (mean: log(0.5), sd: 1.0)

    /// Fits the hyperparameters by maximising the log marginal likelihood (plus the log prior
    /// on the length scales) with multi-start L-BFGS on the log-parameters (analytic
    /// gradients), then conditions on the data.
    ///
    /// Starts: `warmStart` (the previous fit, if any), the neutral default, and `randomStarts`
    /// points drawn from the bounds with `seed`. The log-parameters are kept inside
    /// `KernelHyperparameters.logBounds` by a quadratic wall outside them.
    public static func fitted(
        kernel: KernelKind, points: [[Double]], targets: [Double], seed: UInt64,
        warmStart: KernelHyperparameters? = nil, randomStarts: Int = 3,
        maxIterations: Int = 60
    ) -> GaussianProcess {
        precondition(!points.isEmpty && points.count == targets.count)
        let d = points[0].count
        let x = points.flatMap { $0 }
        let (mean, scale) = standardisation(targets)
        let y = targets.map { ($0 - mean) / scale }
        let bounds = KernelHyperparameters.logBounds(dimension: d)
        var starts: [[Double]] = []
        if let warmStart { starts.append(warmStart.logParameters) }
        starts.append(KernelHyperparameters.initial(dimension: d).logParameters)
        var generator = SeededShuffler.derived(from: seed, purpose: 71)
        for _ in 0..<randomStarts {
            var theta = bounds.map { Double.random(in: $0.lower...$0.upper, using: &generator) }
            theta[d + 1] = min(theta[d + 1], log(0.1))  // start with modest noise
            starts.append(theta)
        }
        let objective: ([Double]) -> (Double, [Double]) = { theta in
            let (value, gradient) = negativeLogMarginalLikelihood(kernel, theta: theta, x: x, y: y, d: d)
            var v = value
            var g = gradient
            for k in 0..<d {  // log-normal prior on the length scales (MAP, not plain ML)
                let z = (theta[k] - lengthScalePrior.mean) / lengthScalePrior.sd
                v += 0.5 * z * z
                g[k] += z / lengthScalePrior.sd
            }
            for (k, b) in bounds.enumerated() {  // quadratic wall outside the bounds
                if theta[k] < b.lower {
                    let e = b.lower - theta[k]
                    v += 10 * e * e
                    g[k] -= 20 * e
                }
                if theta[k] > b.upper {
                    let e = theta[k] - b.upper
                    v += 10 * e * e
                    g[k] += 20 * e
                }
            }
            return (v, g)
        }
        var best: (value: Double, theta: [Double])? = nil
        for start in starts {
            let result = LBFGS.minimize(objective, from: start, maxIterations: maxIterations)
            if result.value.isFinite, best == nil || result.value < best!.value { best = (result.value, result.point) }
        }
        let theta = zip(best?.theta ?? starts[0], bounds).map { min(max($0, $1.lower), $1.upper) }
        let h = KernelHyperparameters(logParameters: theta)
        if let gp = GaussianProcess(kernel: kernel, hyperparameters: h, points: points, targets: targets) { return gp }
        // Only NaN data gets here; fall back to a very noisy model rather than crash.
        var noisy = KernelHyperparameters.initial(dimension: d)
        noisy.noiseVariance = 1
        return GaussianProcess(kernel: kernel, hyperparameters: noisy, points: points, targets: targets)!
    }

    /// `−log p(y | X, θ)` and its gradient with respect to `θ = [log ℓ, log σ², log σₙ²]`,
    /// for standardised `y`:  ∂/∂θⱼ log p = ½ tr((α αᵀ − K⁻¹) ∂K/∂θⱼ).
    static func negativeLogMarginalLikelihood(
        _ kernel: KernelKind, theta: [Double], x: [Double], y: [Double],
        d: Int
    ) -> (Double, [Double]) {
        let n = y.count
        let h = KernelHyperparameters(logParameters: theta)
        let k = covariance(kernel, h, x, n: n, d: d)
        guard theta.allSatisfy(\.isFinite), let factor = Cholesky(k, n: n) else {
            return (.infinity, [Double](repeating: 0, count: theta.count))
        }
        let alpha = factor.solve(y)
        var fit = 0.0
        for i in 0..<n { fit += y[i] * alpha[i] }
        let value = 0.5 * fit + 0.5 * factor.logDeterminant + 0.5 * Double(n) * log(2 * Double.pi)
        // W = α αᵀ − K⁻¹ (symmetric).  // (n, n)
        var w = factor.inverse()
        for i in 0..<n { for j in 0..<n { w[i * n + j] = alpha[i] * alpha[j] - w[i * n + j] } }
        var dtheta = [Double](repeating: 0, count: d + 2)
        let inverseLength = h.lengthScales.map { 1 / $0 }
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                var scaled = [Double](repeating: 0, count: d)
                for i in 0..<n {
                    // Diagonal: ∂K_ii/∂log σ² = σ², ∂K_ii/∂log σₙ² = σₙ².
                    dtheta[d] += 0.5 * w[i * n + i] * h.signalVariance
                    dtheta[d + 1] += 0.5 * w[i * n + i] * h.noiseVariance
                    for j in 0..<i {
                        var r2 = 0.0
                        for a in 0..<d {
                            let t = (x[i * d + a] - x[j * d + a]) * inverseLength[a]
                            scaled[a] = t * t
                            r2 += scaled[a]
                        }
                        let wij = w[i * n + j]  // off-diagonal pairs count twice: ½ · 2
                        dtheta[d] += wij * h.signalVariance * kernel.correlation(squaredDistance: r2)
                        let common = wij * h.signalVariance * kernel.lengthScaleFactor(squaredDistance: r2)
                        for a in 0..<d { dtheta[a] += common * scaled[a] }
                    }
                }
            }
        }
        return (value, dtheta.map { -$0 })
    }
}
