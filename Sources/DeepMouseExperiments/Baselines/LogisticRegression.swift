import Foundation

/// L2-regularised logistic regression on standardised features, fitted by Newton's method:
/// the feature baseline's classifier. `p(left) = σ(b + w · (x − μ) / s)`.
///
/// Minimises `mean_i log-loss_i + λ/2 ‖w‖²` (the intercept is not penalised). The objective is
/// strictly convex for λ > 0, so Newton steps with step halving converge in a few iterations.
public struct LogisticRegression: Codable, Sendable {
    public var lambda: Double
    /// Per-feature standardisation fitted on the training rows (std 1 for constant features).
    public var featureMean: [Double]
    public var featureScale: [Double]
    public var weights: [Double]
    public var intercept: Double
    public var iterations: Int

    /// Fits on `rows` (N, F) with labels 1 = left, 0 = right.
    public init(rows: [[Double]], labels: [Double], lambda: Double, maxIterations: Int = 50) {
        precondition(!rows.isEmpty && rows.count == labels.count && lambda > 0)
        let n = rows.count
        let f = rows[0].count
        self.lambda = lambda
        featureMean = (0..<f).map { j in rows.reduce(0) { $0 + $1[j] } / Double(n) }
        let mean = featureMean
        featureScale = (0..<f).map { j in
            let v = rows.reduce(0) { $0 + ($1[j] - mean[j]) * ($1[j] - mean[j]) } / Double(n)
            return v > 1e-24 ? v.squareRoot() : 1
        }
        let scale = featureScale
        // (N, F+1), column 0 = intercept
        let x = rows.map { r in [1.0] + (0..<f).map { (r[$0] - mean[$0]) / scale[$0] } }
        var beta = [Double](repeating: 0, count: f + 1)
        func objective(_ b: [Double]) -> Double {
            var loss = 0.0
            for i in 0..<n {
                let z = zip(x[i], b).reduce(0) { $0 + $1.0 * $1.1 }
                loss += Self.softplus(z) - labels[i] * z  // −log-likelihood, stable
            }
            return loss / Double(n) + 0.5 * lambda * b[1...].reduce(0) { $0 + $1 * $1 }
        }
        var current = objective(beta)
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            var gradient = [Double](repeating: 0, count: f + 1)
            var hessian = [Double](repeating: 0, count: (f + 1) * (f + 1))
            for i in 0..<n {
                let z = zip(x[i], beta).reduce(0) { $0 + $1.0 * $1.1 }
                let p = Self.sigmoid(z)
                let r = (p - labels[i]) / Double(n)
                let s = p * (1 - p) / Double(n)
                for a in 0...f {
                    gradient[a] += r * x[i][a]
                    let sa = s * x[i][a]
                    for b in 0...a { hessian[a * (f + 1) + b] += sa * x[i][b] }
                }
            }
            for a in 0...f { for b in 0..<a { hessian[b * (f + 1) + a] = hessian[a * (f + 1) + b] } }
            for a in stride(from: 1, through: f, by: 1) {
                gradient[a] += lambda * beta[a]
                hessian[a * (f + 1) + a] += lambda
            }
            guard let factor = Cholesky(hessian, n: f + 1) else { break }
            let step = factor.solve(gradient)
            var t = 1.0
            var accepted = false
            for _ in 0..<30 {
                let candidate = zip(beta, step).map { $0 - t * $1 }
                let value = objective(candidate)
                if value <= current {
                    beta = candidate
                    accepted = current - value > 1e-12 * max(1, current)
                    current = value
                    break
                }
                t *= 0.5
            }
            if !accepted { break }
        }
        intercept = beta[0]
        weights = Array(beta[1...])
        iterations = iteration
    }

    /// `p(left)` per row.
    public func probabilities(_ rows: [[Double]]) -> [Double] {
        rows.map { r in
            var z = intercept
            for j in weights.indices { z += weights[j] * (r[j] - featureMean[j]) / featureScale[j] }
            return Self.sigmoid(z)
        }
    }

    static func sigmoid(_ z: Double) -> Double { z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)) }
    static func softplus(_ z: Double) -> Double { z > 30 ? z : (z < -30 ? exp(z) : log1p(exp(z))) }
}
