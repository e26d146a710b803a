/// Limited-memory BFGS for smooth unconstrained minimisation: fits the surrogate's
/// hyperparameters and the baselines' logistic regression.
///
/// Two-loop recursion over the last `memory` steps, a backtracking line search with the Armijo
/// condition, and curvature pairs with `sᵀy <= 0` skipped (keeps the inverse-Hessian estimate
/// positive definite). Stops on a small gradient, a tiny relative improvement, or the budget.
public enum LBFGS {
    /// Where the minimisation stopped, its value and gradient there, and what it cost.
    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var gradient: [Double]
        public var iterations: Int
        public var evaluations: Int
    }

    public static func minimize(
        _ f: ([Double]) -> (Double, [Double]), from start: [Double],
        maxIterations: Int = 100, memory: Int = 8,
        gradientTolerance: Double = 1e-6, relativeTolerance: Double = 1e-10
    ) -> Result {
        var x = start
        var (fx, g) = f(x)
        var evaluations = 1
        var s: [[Double]] = []
        var y: [[Double]] = []
        var rho: [Double] = []
        var iteration = 0
        guard fx.isFinite else { return Result(point: x, value: fx, gradient: g, iterations: 0, evaluations: 1) }
        while iteration < maxIterations {
            iteration += 1
            if maxAbs(g) < gradientTolerance { break }
            // Two-loop recursion: direction = −H g.
            var q = g
            var alphas = [Double](repeating: 0, count: s.count)
            for k in stride(from: s.count - 1, through: 0, by: -1) {
                alphas[k] = rho[k] * dot(s[k], q)
                axpy(-alphas[k], y[k], &q)
            }
            if let last = s.indices.last {
                let gamma = dot(s[last], y[last]) / dot(y[last], y[last])
                for i in q.indices { q[i] *= gamma }
            } else {
                let scale = 1 / max(1, norm(g))  // first step: at most unit length
                for i in q.indices { q[i] *= scale }
            }
            for k in 0..<s.count {
                let beta = rho[k] * dot(y[k], q)
                axpy(alphas[k] - beta, s[k], &q)
            }
            var direction = q.map { -$0 }
            var slope = dot(g, direction)
            if !(slope < 0) {  // not a descent direction: reset to steepest descent
                s.removeAll()
                y.removeAll()
                rho.removeAll()
                direction = g.map { -$0 / max(1, norm(g)) }
                slope = dot(g, direction)
            }
            // Backtracking Armijo line search.
            var step = 1.0
            var accepted: (x: [Double], fx: Double, g: [Double])? = nil
            for _ in 0..<40 {
                var candidate = x
                axpy(step, direction, &candidate)
                let (fc, gc) = f(candidate)
                evaluations += 1
                if fc.isFinite && fc <= fx + 1e-4 * step * slope {
                    accepted = (candidate, fc, gc)
                    break
                }
                step *= 0.5
            }
            guard let next = accepted else { break }
            let sk = zip(next.x, x).map { $0 - $1 }
            let yk = zip(next.g, g).map { $0 - $1 }
            let sy = dot(sk, yk)
            let improvement = fx - next.fx
            x = next.x
            g = next.g
            let previous = fx
            fx = next.fx
            if sy > 1e-12 {
                s.append(sk)
                y.append(yk)
                rho.append(1 / sy)
                if s.count > memory {
                    s.removeFirst()
                    y.removeFirst()
                    rho.removeFirst()
                }
            }
            if improvement <= relativeTolerance * max(1, abs(previous)) { break }
        }
        return Result(point: x, value: fx, gradient: g, iterations: iteration, evaluations: evaluations)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

    static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }

    static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        for i in y.indices { y[i] += alpha * x[i] }
    }
}
