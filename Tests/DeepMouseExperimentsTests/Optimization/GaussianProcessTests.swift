import DeepMouseTraining
import Foundation
import Testing

@testable import DeepMouseExperiments

@Suite struct CholeskyTests {
    @Test func solvesAndInvertsASymmetricPositiveDefiniteMatrix() throws {
        // A = B Bᵀ + I for a fixed B.
        let n = 5
        var g = SeededShuffler(seed: 3)
        let b = (0..<(n * n)).map { _ in Double.random(in: -1...1, using: &g) }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i * n + j] += b[i * n + k] * b[j * n + k] } } }
        for i in 0..<n { a[i * n + i] += 1 }
        let chol = try #require(Cholesky(a, n: n))
        #expect(chol.jitter == 0)
        let rhs = (0..<n).map { Double($0) - 1.5 }
        let x = chol.solve(rhs)
        for i in 0..<n {
            let ax = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * x[$1] }
            #expect(abs(ax - rhs[i]) < 1e-10)
        }
        let inv = chol.inverse()
        for i in 0..<n {
            for j in 0..<n {
                let v = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * inv[$1 * n + j] }
                #expect(abs(v - (i == j ? 1 : 0)) < 1e-10)
            }
        }
        // log det against the product of the pivots of a plain elimination.
        var m = a
        var det = 1.0
        for k in 0..<n {
            det *= m[k * n + k]
            for i in (k + 1)..<n {
                let f = m[i * n + k] / m[k * n + k]
                for j in k..<n { m[i * n + j] -= f * m[k * n + j] }
            }
        }
        #expect(abs(chol.logDeterminant - log(det)) < 1e-10)
    }

    @Test func addsJitterToASingularMatrix() throws {
        let chol = try #require(Cholesky([1, 1, 1, 1], n: 2))
        #expect(chol.jitter > 0)
        #expect(Cholesky([.nan, 0, 0, 1], n: 2) == nil)
    }
}

@Suite struct GaussianProcessTests {
    static func data(_ d: Int, _ n: Int, seed: UInt64) -> ([[Double]], [Double]) {
        var g = SeededShuffler(seed: seed)
        let x = (0..<n).map { _ in (0..<d).map { _ in Double.random(in: 0...1, using: &g) } }
        let y = x.map { p in
            sin(6 * p[0]) + (d > 1 ? 0.3 * p[1] * p[1] : 0) + 0.05 * Double.random(in: -1...1, using: &g)
        }
        return (x, y)
    }

    @Test(arguments: KernelKind.allCases)
    func marginalLikelihoodGradientMatchesFiniteDifferences(kernel: KernelKind) {
        let (x, y) = Self.data(3, 12, seed: 5)
        let (mean, scale) = GaussianProcess.standardisation(y)
        let ys = y.map { ($0 - mean) / scale }
        let flat = x.flatMap { $0 }
        let theta = [log(0.4), log(0.7), log(1.5), log(1.3), log(0.02)]
        let (_, gradient) = GaussianProcess.negativeLogMarginalLikelihood(kernel, theta: theta, x: flat, y: ys, d: 3)
        var maxRelative = 0.0
        for k in theta.indices {
            var plus = theta
            var minus = theta
            plus[k] += 1e-5
            minus[k] -= 1e-5
            let numeric =
                (GaussianProcess.negativeLogMarginalLikelihood(kernel, theta: plus, x: flat, y: ys, d: 3).0
                    - GaussianProcess.negativeLogMarginalLikelihood(kernel, theta: minus, x: flat, y: ys, d: 3).0)
                / 2e-5
            let relative = abs(numeric - gradient[k]) / max(1e-6, abs(numeric) + abs(gradient[k]))
            maxRelative = max(maxRelative, relative)
        }
        print("GP \(kernel) d(-LML)/dθ vs finite differences: max relative error \(maxRelative)")
        #expect(maxRelative < 1e-6)
    }

    @Test func fittedProcessInterpolatesAndIsUncertainAwayFromData() {
        let (x, y) = Self.data(1, 10, seed: 9)
        let gp = GaussianProcess.fitted(kernel: .matern52, points: x, targets: y, seed: 1)
        for (p, target) in zip(x, y) {
            let (m, s) = gp.predict(p)
            #expect(abs(m - target) < 0.1)
            #expect(s < 0.1)
        }
        // Far from the data on a short length scale the std grows.
        let gap = gp.predict([2.5])
        #expect(gap.standardDeviation > 0.3)
        // The fit is at least as likely as the neutral start.
        let neutral = GaussianProcess(
            kernel: .matern52, hyperparameters: .initial(dimension: 1), points: x, targets: y)!
        #expect(gp.logMarginalLikelihood >= neutral.logMarginalLikelihood - 1e-9)
    }

    @Test func irrelevantDimensionGetsALongLengthScale() {
        var g = SeededShuffler(seed: 11)
        let x = (0..<25).map { _ in [Double.random(in: 0...1, using: &g), Double.random(in: 0...1, using: &g)] }
        let y = x.map { sin(5 * $0[0]) }  // ignores x[1]
        let gp = GaussianProcess.fitted(kernel: .rbf, points: x, targets: y, seed: 2)
        let l = gp.hyperparameters.lengthScales
        #expect(l[1] > 4 * l[0], "length scales \(l)")
    }
}

@Suite struct LocalOptimizerTests {
    @Test func lbfgsMinimisesRosenbrock() {
        let rosenbrock: ([Double]) -> (Double, [Double]) = { p in
            let (x, y) = (p[0], p[1])
            let value = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
            return (value, [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
        }
        let result = LBFGS.minimize(rosenbrock, from: [-1.2, 1], maxIterations: 500)
        #expect(abs(result.point[0] - 1) < 1e-4 && abs(result.point[1] - 1) < 1e-4, "\(result.point)")
    }

    @Test func nelderMeadFindsAMinimumInsideTheCube() {
        let result = NelderMead.minimize(
            { p in (p[0] - 0.3) * (p[0] - 0.3) + 2 * (p[1] - 0.8) * (p[1] - 0.8) },
            from: [0.9, 0.1], maxEvaluations: 400)
        #expect(abs(result.point[0] - 0.3) < 1e-3 && abs(result.point[1] - 0.8) < 1e-3)
        // Clamped to the cube: the minimum of (x - 2)² on [0, 1] is at 1.
        let edge = NelderMead.minimize({ p in (p[0] - 2) * (p[0] - 2) }, from: [0.5])
        #expect(abs(edge.point[0] - 1) < 1e-6)
    }

    @Test func expectedImprovementIsZeroWithoutUncertaintyAndGrowsWithIt() {
        #expect(ExpectedImprovement.value(mean: 1, standardDeviation: 0, best: 0.5, exploration: 0) == 0)
        #expect(ExpectedImprovement.value(mean: 0, standardDeviation: 0, best: 0.5, exploration: 0) == 0.5)
        let low = ExpectedImprovement.value(mean: 1, standardDeviation: 0.1, best: 0.5, exploration: 0)
        let high = ExpectedImprovement.value(mean: 1, standardDeviation: 1, best: 0.5, exploration: 0)
        #expect(low > 0 && high > low)
        // Closed form at mean = best: σ φ(0).
        let atBest = ExpectedImprovement.value(mean: 0, standardDeviation: 2, best: 0, exploration: 0)
        #expect(abs(atBest - 2 / (2 * Double.pi).squareRoot()) < 1e-12)
    }
}
