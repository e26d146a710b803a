import DeepMouseTraining
import Foundation

/// Figures of a Bayesian (or random) search: convergence, the surrogate's mean and uncertainty
/// over two parameters with the evaluated trials, and acquisition stability (the expected
/// improvement of each proposal, and where repeated maximisations of the final acquisition land).
enum SearchFigures {
    /// Axis labels of search parameters: training parameters' labels, and the SVM's two.
    static func label(_ name: String) -> String {
        switch name {
        case "C": return "C (SVM margin penalty)"
        case "gamma_x_2W": return "γ · 2W (RBF kernel width)"
        default: return TrainingParameter.label(name)
        }
    }

    static func make(
        name: String, space: SearchSpace, trials: [SearchTrial], goal: SearchGoal, objective: String,
        kernel: KernelKind = .matern52
    ) -> [SVGElement] {
        let done = trials.filter { $0.objective != nil }
        guard !done.isEmpty else { return [] }
        let sign: Double = goal == .minimize ? 1 : -1
        var figures: [SVGElement] = []
        // Convergence.
        var best = goal == .minimize ? Double.infinity : -Double.infinity
        var bestSoFar: [LineSeries.Point] = []
        for t in done {
            best = goal == .minimize ? min(best, t.objective!) : max(best, t.objective!)
            bestSoFar.append(.init(x: Double(t.index + 1), y: best))
        }
        figures.append(
            LinePlot(
                title: "\(name): convergence", xLabel: "trial", yLabel: objective,
                series: [
                    LineSeries(name: "best so far", points: bestSoFar, markers: false),
                    LineSeries(
                        name: "trial (initial design)",
                        points: done.filter { $0.phase == .initial }.map {
                            .init(x: Double($0.index + 1), y: $0.objective!)
                        },
                        color: Palette.color(4), connected: false),
                    LineSeries(
                        name: "trial (chosen by EI)",
                        points: done.filter { $0.phase == .bayes }.map {
                            .init(x: Double($0.index + 1), y: $0.objective!)
                        },
                        color: Palette.color(1), connected: false),
                    LineSeries(
                        name: "trial (random)",
                        points: done.filter { $0.phase == .random }.map {
                            .init(x: Double($0.index + 1), y: $0.objective!)
                        },
                        color: Palette.color(2), connected: false)
                ].filter { !$0.points.isEmpty }
            ).svg)
        guard done.count >= 3 else { return figures }
        let gp = GaussianProcess.fitted(
            kernel: kernel, points: done.map(\.unit), targets: done.map { sign * $0.objective! }, seed: 1)
        let incumbent = done.min { sign * $0.objective! < sign * $1.objective! }!
        if space.dimension == 1 {
            let p = space.parameters[0]
            let grid = (0...80).map { Double($0) / 80 }
            let curve = grid.map { u -> LineSeries.Point in
                let (m, s) = gp.predict([u])
                return .init(x: p.continuousValue(at: u), y: sign * m, low: sign * m - 2 * s, high: sign * m + 2 * s)
            }
            var plot = LinePlot(
                title: "\(name): surrogate (mean ± 2σ)", xLabel: Self.label(p.name), yLabel: objective,
                series: [
                    LineSeries(name: "surrogate mean", points: curve, markers: false),
                    LineSeries(
                        name: "trials", points: done.map { .init(x: $0.values[0], y: $0.objective!) }, color: "#111",
                        connected: false)
                ])
            plot.xLogarithmic = p.scale.isLogarithmic
            figures.append(plot.svg)
            return figures
        }
        // Maps over the first two parameters, the others at the best trial's values.
        let (a, b) = (space.parameters[0], space.parameters[1])
        let steps = 30
        let grid = (0..<steps).map { (Double($0) + 0.5) / Double(steps) }
        var mean: [[Double?]] = []
        var deviation: [[Double?]] = []
        var improvement: [[Double?]] = []
        let bestValue = done.map { gp.predict($0.unit).mean }.min()!
        for v in grid {
            var m: [Double?] = []
            var s: [Double?] = []
            var e: [Double?] = []
            for u in grid {
                var point = incumbent.unit
                point[0] = u
                point[1] = v
                let (pm, ps) = gp.predict(point)
                m.append(sign * pm)
                s.append(ps)
                e.append(
                    ExpectedImprovement.value(
                        mean: pm, standardDeviation: ps, best: bestValue, exploration: 0.01 * gp.targetScale))
            }
            mean.append(m)
            deviation.append(s)
            improvement.append(e)
        }
        let xs = grid.map { a.continuousValue(at: $0) }
        let ys = grid.map { b.continuousValue(at: $0) }
        let overlay = done.map {
            (
                x: $0.values[0], y: $0.values[1],
                label:
                    "trial \($0.index + 1): \(a.name) \(Scale.format($0.values[0])), \(b.name) \(Scale.format($0.values[1])) → \(String(format: "%.4f", $0.objective!))"
            )
        }
        func map(_ title: String, _ label: String, _ values: [[Double?]], reversed: Bool) -> Heatmap {
            var h = Heatmap(
                title: title, xLabel: Self.label(a.name), yLabel: Self.label(b.name), valueLabel: label, xs: xs, ys: ys,
                values: values)
            h.xLogarithmic = a.scale.isLogarithmic
            h.yLogarithmic = b.scale.isLogarithmic
            h.overlay = overlay
            h.best = (incumbent.values[0], incumbent.values[1])
            h.reversed = reversed
            return h
        }
        figures.append(map("\(name): surrogate mean", objective, mean, reversed: goal == .minimize).svg)
        figures.append(map("\(name): surrogate uncertainty (σ)", "σ", deviation, reversed: false).svg)
        // Acquisition stability: the final EI maximised from 8 different random candidate sets.
        var eiMap = map("\(name): next EI, 8 restarts", "EI", improvement, reversed: false)
        var proposals: [(x: Double, y: Double, label: String)] = []
        for restart in 0..<8 {
            var generator = SeededShuffler(seed: UInt64(1000 + restart))
            if let p = ExpectedImprovement.maximize(
                gp, best: bestValue, exploration: 0.01, anchors: [incumbent.unit], randomCandidates: 400,
                generator: &generator, snap: { $0 }, isTaken: { _ in false })
            {
                let values = space.parameters.indices.map { space.parameters[$0].continuousValue(at: p.point[$0]) }
                proposals.append(
                    (
                        values[0], values[1],
                        "restart \(restart + 1): \(a.name) \(Scale.format(values[0])), \(b.name) \(Scale.format(values[1]))"
                    ))
            }
        }
        eiMap.overlay = proposals
        eiMap.best = nil
        figures.append(eiMap.svg)
        let proposed = done.filter { $0.expectedImprovement != nil }
        if !proposed.isEmpty {
            // Zero EI (a proposal where the surrogate saw no chance of improving) drawn at 1e-6 of the largest.
            let floor = max(proposed.map { $0.expectedImprovement! }.max()! * 1e-6, 1e-300)
            var plot = LinePlot(
                title: "\(name): EI of each proposal", xLabel: "trial", yLabel: "EI (\(objective) units)",
                series: [
                    LineSeries(
                        name: "EI at the proposed point",
                        points: proposed.map { .init(x: Double($0.index + 1), y: max($0.expectedImprovement!, floor)) })
                ])
            plot.yLogarithmic = true
            figures.append(plot.svg)
        }
        return figures
    }

    /// One row per trial.
    static func table(space: SearchSpace, trials: [SearchTrial], objective: String) -> ReportPage.Block {
        let rows = trials.map { t -> [String] in
            let head: [String] = ["\(t.index + 1)", t.phase.rawValue]
            let values: [String] = t.values.map { Scale.format($0) }
            let score: String = t.objective.map { String(format: "%.4f", $0) } ?? "pending"
            let ei: String = t.expectedImprovement.map { String(format: "%.3g", $0) } ?? ""
            var predicted = ""
            if let m = t.predictedMean {
                predicted = String(format: "%.4f ± %.4f", m, t.predictedStandardDeviation ?? 0)
            }
            return head + values + [score, ei, predicted]
        }
        return .table(["trial", "chosen by"] + space.names + [objective, "EI", "predicted"], rows)
    }
}
