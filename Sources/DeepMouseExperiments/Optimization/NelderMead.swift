/// Derivative-free minimisation in the unit cube (points are clamped to [0, 1]): refines the
/// acquisition function's best candidates, where gradients would cost more than they save.
///
/// Standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½) and an initial
/// simplex of `initialStep` along each axis.
public enum NelderMead {
    public static func minimize(
        _ f: ([Double]) -> Double, from start: [Double], initialStep: Double = 0.05,
        maxEvaluations: Int = 200, tolerance: Double = 1e-9
    ) -> (point: [Double], value: Double) {
        let d = start.count
        func clamp(_ p: [Double]) -> [Double] { p.map { min(max($0, 0), 1) } }
        var simplex: [[Double]] = [clamp(start)]
        for a in 0..<d {
            var p = clamp(start)
            p[a] = p[a] + initialStep <= 1 ? p[a] + initialStep : p[a] - initialStep
            simplex.append(p)
        }
        var values = simplex.map(f)
        var evaluations = simplex.count
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if abs(values[d] - values[0]) <= tolerance * max(1, abs(values[0])) { break }
            var centroid = [Double](repeating: 0, count: d)
            for p in simplex[0..<d] { for a in 0..<d { centroid[a] += p[a] / Double(d) } }
            func along(_ t: Double) -> [Double] {
                clamp((0..<d).map { centroid[$0] + t * (simplex[d][$0] - centroid[$0]) })
            }
            let reflected = along(-1)
            let fr = f(reflected)
            evaluations += 1
            if fr < values[0] {
                let expanded = along(-2)
                let fe = f(expanded)
                evaluations += 1
                if fe < fr {
                    simplex[d] = expanded
                    values[d] = fe
                } else {
                    simplex[d] = reflected
                    values[d] = fr
                }
            } else if fr < values[d - 1] {
                simplex[d] = reflected
                values[d] = fr
            } else {
                let contracted = fr < values[d] ? along(-0.5) : along(0.5)
                let fc = f(contracted)
                evaluations += 1
                if fc < min(fr, values[d]) {
                    simplex[d] = contracted
                    values[d] = fc
                } else {
                    for k in 1...d {
                        simplex[k] = clamp((0..<d).map { simplex[0][$0] + 0.5 * (simplex[k][$0] - simplex[0][$0]) })
                        values[k] = f(simplex[k])
                        evaluations += 1
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return (simplex[best], values[best])
    }
}
