import DeepMouseCore
import DeepMouseTraining
import Foundation

/// Baselines: test accuracy per model and split, confusion matrices, and the SVM's (C, γ) search.
enum BaselineSection {
    /// The experiment without its usual prefix, so that names differing only at the end
    /// (baselines-touchpad-w200, ...-w104-moving) stay whole in legends and narrow titles.
    static func shortName(_ name: String) -> String {
        name.hasPrefix("baselines-") ? String(name.dropFirst("baselines-".count)) : name
    }

    static func make(_ records: [ResultRecord]) -> ReportPage.Section {
        var experiments: [String] = []
        for r in records where !experiments.contains(r.experiment) { experiments.append(r.experiment) }
        let models = BaselineRun.Model.allCases.map(\.rawValue)
        var blocks: [ReportPage.Block] = [
            .paragraph(
                "Simple methods on the same split and windows as the network: the still-fraction rule (the confound), logistic regression on "
                    + "hand-made motion features (L2 picked on dev), and an RBF SVM on the raw normalised windows (C, γ by Bayesian search on "
                    + "cross-validated balanced accuracy, folds by session or time block). Error bars: none (one fit each)."
            )
        ]
        let byExperiment = experiments.map { name in
            (name, records.filter { $0.experiment == name }.compactMap(\.baseline))
        }
        var accuracy = CategoryPlot(
            title: "baselines: test window accuracy", xLabel: "model", yLabel: "test window accuracy",
            categories: models,
            series: byExperiment.map { name, results in
                CategoryPlot.Series(
                    name: shortName(name),
                    values: models.map { m in results.first { $0.model == m }?.test.windowAccuracy })
            })
        accuracy.references = [ReferenceLine(label: "chance", y: 0.5, color: "#c8c8c8")]
        accuracy.yRange = 0...1
        blocks.append(.figures([accuracy.svg]))
        var rows: [[String]] = []
        var figures: [SVGElement] = []
        for (name, results) in byExperiment {
            for b in results {
                func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }
                let params = b.parameters.keys.sorted().map { "\($0)=\(Scale.format(b.parameters[$0]!))" }.joined(
                    separator: " ")
                rows.append([
                    name, b.model, "\(b.test.windows)", f(b.test.windowAccuracy), f(b.test.balancedAccuracy),
                    f(b.test.streamAccuracy),
                    f(b.dev?.windowAccuracy), params
                ])
                figures.append(
                    ConfusionPlot(
                        title: "\(SweepSection.clip(shortName(name), 24)): \(b.model)", counts: b.test.confusion
                    ).svg)
            }
        }
        let table = ReportPage.table(
            ["experiment", "model", "test windows", "test acc", "balanced", "stream acc", "dev acc", "fitted"], rows)
        blocks.append(table.block)
        if table.dropped.contains("stream acc") {
            blocks.append(.paragraph("No stream accuracy: no test part held one stream of 30 s of motion per hand."))
        }
        blocks.append(.figures(figures))
        for (name, results) in byExperiment {
            if let svm = results.first(where: { $0.search != nil }), let space = svm.searchSpace,
                let trials = svm.search
            {
                blocks.append(
                    .paragraph(
                        "\(name): the SVM's search over C and γ·2W (γ = value / 2W), \(svm.crossValidation ?? "")."))
                blocks.append(
                    .figures(
                        SearchFigures.make(
                            name: "\(name) SVM", space: space, trials: trials, goal: .maximize,
                            objective: "CV balanced accuracy")))
            }
            if let features = results.first(where: { $0.topFeatures != nil }), let top = features.topFeatures {
                blocks.append(
                    .figures([
                        CategoryPlot(
                            title: "\(name): largest feature weights (+ = left)", xLabel: "feature (standardised)",
                            yLabel: "logistic-regression weight", categories: top.map(\.name),
                            series: [.init(name: "weight", values: top.map(\.weight))]
                        ).svg
                    ]))
            }
        }
        return ReportPage.Section(title: "Baselines", blocks: blocks)
    }
}

/// Bayes vs random search on test functions: regret curves (median and quartiles over seeds).
enum BenchmarkSection {
    static func make(_ runs: [BenchmarkResult]) -> ReportPage.Section {
        var figures: [SVGElement] = []
        var rows: [[String]] = []
        for (function, group) in Dictionary(grouping: runs, by: \.function).sorted(by: { $0.key < $1.key }) {
            func band(_ curves: [[Double]], _ name: String, _ color: String) -> LineSeries {
                let length = curves.map(\.count).min() ?? 0
                return LineSeries(
                    name: name,
                    points: (0..<length).map { t in
                        let v = curves.map { max($0[t], 1e-9) }.sorted()
                        return .init(
                            x: Double(t + 1), y: SearchBenchmark.median(v), low: quantile(v, 0.25),
                            high: quantile(v, 0.75), count: v.count)
                    }, color: color, markers: false)
            }
            var plot = LinePlot(
                title: "\(function): regret (median, quartile band)", xLabel: "trial (function evaluations)",
                yLabel: "best value found − minimum",
                series: [
                    band(group.map(\.bayesRegret), "Bayesian (GP + EI)", Palette.color(0)),
                    band(group.map(\.randomRegret), "random search", Palette.color(1))
                ])
            plot.yLogarithmic = true
            figures.append(plot.svg)
            let b = group.map { $0.bayesRegret.last! }
            let r = group.map { $0.randomRegret.last! }
            rows.append([
                function, "\(group[0].budget)", "\(group.count)", String(format: "%.3g", SearchBenchmark.median(b)),
                String(format: "%.3g", SearchBenchmark.median(r)),
                "\(zip(b, r).filter { $0 < $1 }.count)/\(group.count)"
            ])
        }
        return ReportPage.Section(
            title: "Search benchmark: Bayesian vs random",
            blocks: [
                .paragraph(
                    "Both searches get the same budget of evaluations per seed; regret is the best value found minus the known minimum (log scale)."
                ),
                .figures(figures),
                .table(
                    [
                        "function", "budget", "seeds", "median regret (Bayes)", "median regret (random)",
                        "Bayes better on"
                    ], rows)
            ])
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let rank = q * Double(sorted.count - 1)
        let lo = Int(rank)
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (rank - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

/// Movement amplitudes of the recordings before and after normalisation, per hand.
enum DataSection {
    static func make(_ datasets: [(name: String, dataset: Dataset, normalization: Normalization)]) -> ReportPage.Section
    {
        var figures: [SVGElement] = []
        var rows: [[String]] = []
        for (name, dataset, normalization) in datasets {
            var raw: [Hand: [Double]] = [:]
            var scaled: [Hand: [Double]] = [:]
            var still: [Hand: (Int, Int)] = [:]
            for r in dataset.recordings {
                let s = r.stream
                for i in 0..<s.count {
                    let (dx, dy) = (Double(s.dx(i)), Double(s.dy(i)))
                    let moving = dx != 0 || dy != 0
                    still[r.hand, default: (0, 0)].1 += 1
                    if !moving {
                        still[r.hand, default: (0, 0)].0 += 1
                        continue
                    }
                    raw[r.hand, default: []].append((dx * dx + dy * dy).squareRoot())
                    let nx = (dx - Double(normalization.offset[0])) / Double(normalization.scale[0])
                    let ny = (dy - Double(normalization.offset[1])) / Double(normalization.scale[1])
                    scaled[r.hand, default: []].append((nx * nx + ny * ny).squareRoot())
                }
            }
            let unit = dataset.unit.description
            func histogram(_ values: [Hand: [Double]], _ label: String, _ title: String) -> SVGElement {
                let all = values.values.flatMap { $0 }.sorted()
                let top = all.isEmpty ? 1 : all[min(all.count - 1, Int(Double(all.count) * 0.995))]
                var h = Histogram(
                    title: title, xLabel: label,
                    series: [("left hand", values[.left] ?? []), ("right hand", values[.right] ?? [])])
                h.range = 0...max(top, 1e-6)
                h.bins = 50
                h.yLogarithmic = true
                return h.svg
            }
            figures.append(
                histogram(
                    raw, "movement per 10 ms sample, |(dx, dy)| (\(unit))", "\(name): amplitude before normalisation"))
            figures.append(
                histogram(scaled, "normalised |(dx, dy)| (unitless)", "\(name): amplitude after normalisation"))
            for hand in [Hand.left, .right] {
                let (s, n) = still[hand] ?? (0, 0)
                let v = raw[hand] ?? []
                rows.append([
                    name, hand.description, "\(n)", n > 0 ? String(format: "%.3f", Double(s) / Double(n)) : "",
                    v.isEmpty ? "" : String(format: "%.2f", v.reduce(0, +) / Double(v.count)),
                    "offset (\(normalization.offset.map { Scale.format(Double($0)) }.joined(separator: ", "))), scale (\(normalization.scale.map { Scale.format(Double($0)) }.joined(separator: ", ")))"
                ])
            }
        }
        return ReportPage.Section(
            title: "Data: movement amplitudes",
            blocks: [
                .paragraph(
                    "Per-sample movement |(dx, dy)| of the moving samples (still samples excluded; their share is in the table), per hand, before and after the normalisation the models use. Log-scaled counts; the top 0.5% is cut off."
                ),
                .figures(figures),
                .table(["data", "hand", "samples", "still fraction", "mean moving |d|", "normalisation"], rows)
            ])
    }
}
