import Foundation

/// A Gaussian-process regression model over points of the unit cube: the surrogate of the
/// Bayesian search. Targets are standardised internally (constant mean = their mean), and
/// predictions come back in the caller's units.
public struct GaussianProcess: Sendable {
    public let kernel: KernelKind
    public let hyperparameters: KernelHyperparameters
    public let dimension: Int
    /// Observed inputs, back to back.  // (n, d)
    public let inputs: [Double]
    /// Observed targets in the caller's units.  // (n)
    public let targets: [Double]
    let targetMean: Double
    let targetScale: Double
    let factor: Cholesky
    /// `K⁻¹ y` for the standardised targets.  // (n)
    let alpha: [Double]

    public var count: Int { targets.count }

    /// Conditions the process on `points` (each of length d) and `targets` with fixed
    /// hyperparameters. Returns nil when the covariance cannot be factorised (NaN data).
    public init?(kernel: KernelKind, hyperparameters: KernelHyperparameters, points: [[Double]], targets: [Double]) {
        precondition(points.count == targets.count && !points.isEmpty)
        let d = points[0].count
        precondition(hyperparameters.lengthScales.count == d)
        self.kernel = kernel
        self.hyperparameters = hyperparameters
        dimension = d
        inputs = points.flatMap { $0 }
        self.targets = targets
        let (mean, scale) = Self.standardisation(targets)
        targetMean = mean
        targetScale = scale
        let y = targets.map { ($0 - mean) / scale }
        let n = targets.count
        guard let factor = Cholesky(Self.covariance(kernel, hyperparameters, inputs, n: n, d: d), n: n) else {
            return nil
        }
        self.factor = factor
        alpha = factor.solve(y)
    }

    /// Mean and scale used to standardise targets (scale 1 when they are all equal).
    static func standardisation(_ y: [Double]) -> (Double, Double) {
        let mean = y.reduce(0, +) / Double(y.count)
        let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)
        let scale = variance.squareRoot()
        return (mean, scale > 1e-12 ? scale : 1)
    }

    /// The training covariance `K + σₙ² I`.  // (n, n)
    static func covariance(_ kernel: KernelKind, _ h: KernelHyperparameters, _ x: [Double], n: Int, d: Int) -> [Double]
    {
        var k = [Double](repeating: 0, count: n * n)
        let inverseLength = h.lengthScales.map { 1 / $0 }
        x.withUnsafeBufferPointer { x in
            k.withUnsafeMutableBufferPointer { k in
                for i in 0..<n {
                    k[i * n + i] = h.signalVariance + h.noiseVariance
                    for j in 0..<i {
                        var r2 = 0.0
                        for a in 0..<d {
                            let t = (x[i * d + a] - x[j * d + a]) * inverseLength[a]
                            r2 += t * t
                        }
                        let v = h.signalVariance * kernel.correlation(squaredDistance: r2)
                        k[i * n + j] = v
                        k[j * n + i] = v
                    }
                }
            }
        }
        return k
    }

    /// Prior covariances between `point` and every observed input.  // (n)
    func crossCovariance(_ point: [Double]) -> [Double] {
        let n = count
        let d = dimension
        let h = hyperparameters
        var result = [Double](repeating: 0, count: n)
        inputs.withUnsafeBufferPointer { x in
            for i in 0..<n {
                var r2 = 0.0
                for a in 0..<d {
                    let t = (point[a] - x[i * d + a]) / h.lengthScales[a]
                    r2 += t * t
                }
                result[i] = h.signalVariance * kernel.correlation(squaredDistance: r2)
            }
        }
        return result
    }

    /// Posterior mean and standard deviation of the latent function at `point`, in the caller's
    /// units (the standard deviation excludes observation noise).
    public func predict(_ point: [Double]) -> (mean: Double, standardDeviation: Double) {
        precondition(point.count == dimension)
        let kStar = crossCovariance(point)
        var mean = 0.0
        for i in 0..<count { mean += kStar[i] * alpha[i] }
        let v = factor.solveLower(kStar)
        var variance = hyperparameters.signalVariance
        for x in v { variance -= x * x }
        return (targetMean + targetScale * mean, targetScale * max(variance, 0).squareRoot())
    }

    /// The log marginal likelihood of the standardised targets under these hyperparameters.
    public var logMarginalLikelihood: Double {
        let y = targets.map { ($0 - targetMean) / targetScale }
        var fit = 0.0
        for i in 0..<count { fit += y[i] * alpha[i] }
        return -0.5 * fit - 0.5 * factor.logDeterminant - 0.5 * Double(count) * log(2 * Double.pi)
    }
}
