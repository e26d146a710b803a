import Foundation

/// The covariance functions of the surrogate. Both are stationary with one length scale per
/// input dimension (automatic relevance determination), so a parameter that does not matter
/// gets a long length scale and stops steering the search.
public enum KernelKind: String, Codable, Sendable, CaseIterable {
    /// Matérn ν = 5/2: twice differentiable, the usual choice for hyperparameter surfaces.
    case matern52 = "matern52"
    /// Squared exponential: infinitely smooth.
    case rbf

    /// `k(r) / σ²` for the scaled distance `r` (given as r²).
    @inlinable
    func correlation(squaredDistance r2: Double) -> Double {
        switch self {
        case .rbf:
            return exp(-0.5 * r2)
        case .matern52:
            let r = r2.squareRoot()
            let s5r = 5.0.squareRoot() * r
            return (1 + s5r + 5.0 / 3.0 * r2) * exp(-s5r)
        }
    }

    /// `∂k/∂(log ℓ_i) / (σ² · dᵢ²/ℓᵢ²)`: the common factor of every length-scale derivative.
    ///
    /// RBF: ∂k/∂log ℓᵢ = k · dᵢ²/ℓᵢ². Matérn 5/2: σ² (5/3)(1 + √5 r) e^{−√5 r} · dᵢ²/ℓᵢ².
    @inlinable
    func lengthScaleFactor(squaredDistance r2: Double) -> Double {
        switch self {
        case .rbf:
            return exp(-0.5 * r2)
        case .matern52:
            let s5r = (5.0 * r2).squareRoot()
            return 5.0 / 3.0 * (1 + s5r) * exp(-s5r)
        }
    }
}

/// The surrogate's hyperparameters, fitted by maximising the log marginal likelihood.
/// Inputs live in the unit cube and targets are standardised, so the bounds are universal.
public struct KernelHyperparameters: Codable, Sendable, Equatable {
    /// One per input dimension, in unit-cube coordinates.
    public var lengthScales: [Double]
    /// Prior variance of the (standardised) function.
    public var signalVariance: Double
    /// Observation noise variance (standardised units).
    public var noiseVariance: Double

    public init(lengthScales: [Double], signalVariance: Double, noiseVariance: Double) {
        self.lengthScales = lengthScales
        self.signalVariance = signalVariance
        self.noiseVariance = noiseVariance
    }

    /// A neutral start: length 0.3, unit variance, small noise.
    public static func initial(dimension: Int) -> KernelHyperparameters {
        KernelHyperparameters(
            lengthScales: [Double](repeating: 0.3, count: dimension), signalVariance: 1, noiseVariance: 1e-3)
    }

    /// Bounds of the log-parameters `[log ℓ₁ … log ℓ_d, log σ², log σₙ²]`.
    static func logBounds(dimension d: Int) -> [(lower: Double, upper: Double)] {
        [(lower: Double, upper: Double)](repeating: (log(0.01), log(20)), count: d)
            + [(log(0.05), log(100)), (log(1e-10), log(2))]
    }

    /// The log-parameter vector the optimiser works on.
    var logParameters: [Double] {
        lengthScales.map { log($0) } + [log(signalVariance), log(noiseVariance)]
    }

    init(logParameters theta: [Double]) {
        let d = theta.count - 2
        lengthScales = theta[0..<d].map { exp($0) }
        signalVariance = exp(theta[d])
        noiseVariance = exp(theta[d + 1])
    }
}
