import Foundation

/// The report section of one sweep: accuracy against the swept parameter(s) with the seed
/// spread, learning curves, the best point's confusion matrix, and a table of every point.
enum SweepSection {
    static func make(
        experiment: String, runs: [RunResult], baselines: (matching: [BaselineResult], other: [BaselineResult])
    ) -> ReportPage.Section {
        let points = PointSummary.group(runs)
        let names = Array(Set(points.flatMap { $0.parameters.keys })).sorted()
        let failed = runs.filter { $0.status == .failed }
        var blocks: [ReportPage.Block] = []
        let replicates = runs.contains { $0.fold != nil } ? "cross-validation folds" : "seeds"
        blocks.append(
            .paragraph(
                "\(points.count) points × \(replicates), \(runs.count) runs (\(failed.count) failed). "
                    + "Accuracy is the window accuracy of each run's best-dev-epoch weights on its test part; bands and error bars are ± one standard deviation over \(replicates)."
            ))
        if let caveat = baselineCaveat(runs: runs, baselines: baselines) { blocks.append(.paragraph(caveat)) }
        let references = referenceLines(baselines.matching)
        var figures: [SVGElement] = []
        let ranked = points.filter { $0.testAccuracy != nil }.sorted { $0.testAccuracy!.mean > $1.testAccuracy!.mean }
        if names.count == 1, let name = names.first {
            let numeric = points.allSatisfy { $0.parameters[name]?.number != nil }
            if numeric {
                let values = points.compactMap { $0.parameters[name]?.number }
                func series(_ title: String, _ spread: (PointSummary) -> Spread?, dashed: Bool = false) -> LineSeries {
                    LineSeries(
                        name: title,
                        points: points.compactMap { p in
                            guard let x = p.parameters[name]?.number, let s = spread(p) else { return nil }
                            return .init(
                                x: x, y: s.mean, low: s.mean - s.standardDeviation, high: s.mean + s.standardDeviation,
                                count: s.count)
                        }, dashed: dashed)
                }
                var plot = LinePlot(
                    title: "\(experiment): accuracy vs \(name)", xLabel: TrainingParameter.label(name),
                    yLabel: "accuracy",
                    series: [
                        series("test window acc", \.testAccuracy),
                        series("dev acc (best epoch)", \.devAccuracy, dashed: true)
                    ])
                plot.xLogarithmic =
                    (TrainingParameter.named(name)?.logarithmic ?? false) && values.allSatisfy { $0 > 0 }
                    && (values.max()! / values.min()! > 20)
                plot.references = references
                figures.append(plot.svg)
            } else {
                let categories = points.map { $0.parameters[name]?.description ?? "?" }
                var plot = CategoryPlot(
                    title: "\(experiment): accuracy by \(name)", xLabel: TrainingParameter.label(name),
                    yLabel: "accuracy",
                    categories: categories,
                    series: [
                        categorySeries("test window acc", points, \.testAccuracy),
                        categorySeries("dev acc (best epoch)", points, \.devAccuracy)
                    ])
                plot.references = references
                figures.append(plot.svg)
            }
        } else if names.count == 2 {
            let (a, b) = (names[0], names[1])
            let xs = ordered(points.compactMap { $0.parameters[a] })
            let ys = ordered(points.compactMap { $0.parameters[b] })
            let values: [[Double?]] = ys.map { yv in
                xs.map { xv in
                    points.first { $0.parameters[a] == xv && $0.parameters[b] == yv }?.testAccuracy?.mean
                }
            }
            var map = Heatmap(
                title: "\(experiment): mean test accuracy", xLabel: TrainingParameter.label(a),
                yLabel: TrainingParameter.label(b),
                valueLabel: "accuracy", xs: xs.indices.map(Double.init), ys: ys.indices.map(Double.init), values: values
            )
            map.xCategories = xs.map(\.description)
            map.yCategories = ys.map(\.description)
            map.annotate = true
            figures.append(map.svg)
        } else if !ranked.isEmpty {
            let top = Array(ranked.prefix(12))
            var plot = CategoryPlot(
                title: "\(experiment): best points", xLabel: "point (rank)", yLabel: "accuracy",
                categories: top.indices.map { "#\($0 + 1)" },
                series: [categorySeries("test window acc", top, \.testAccuracy)], style: .points)
            plot.references = references
            figures.append(plot.svg)
        }
        figures += learningCurves(experiment: experiment, points: points, name: names.count == 1 ? names[0] : nil)
        if let best = ranked.first {
            figures.append(
                ConfusionPlot(
                    title: "best: \(clip(best.point.isEmpty ? "default" : best.point, 34))", counts: best.confusion
                ).svg)
        }
        blocks.append(.figures(figures))
        let table = ReportPage.table(
            [
                "point", "runs", "test acc", "balanced", "stream acc", "dev acc", "best epoch", "still rule",
                "s / run"
            ],
            (ranked + points.filter { $0.testAccuracy == nil }).map { p in
                [
                    p.point.isEmpty ? "(defaults)" : p.point, "\(p.succeeded.count)/\(p.runs.count)",
                    p.testAccuracy?.text ?? "failed",
                    p.testBalancedAccuracy?.text ?? "", p.streamAccuracy?.text ?? "n/a", p.devAccuracy?.text ?? "",
                    bestEpochText(p.succeeded.compactMap(\.bestEpoch)),
                    p.stillBaseline.map { String(format: "%.3f", $0.mean) } ?? "",
                    p.seconds.map { String(format: "%.0f", $0.mean) } ?? ""
                ]
            })
        blocks.append(table.block)
        if table.dropped.contains("stream acc") {
            blocks.append(
                .paragraph(
                    "No stream accuracy: no test part held one stream (the windows of 30 s of motion of one hand; "
                        + "deepmouse train --stream-seconds sets the length)."))
        }
        if !failed.isEmpty {
            blocks.append(
                .paragraph(
                    "Failed runs: "
                        + failed.prefix(5).map { "\($0.point) \($0.replicate): \($0.error ?? "?")" }.joined(
                            separator: "; ")))
        }
        return ReportPage.Section(title: "Sweep: \(experiment)", blocks: blocks)
    }

    static func categorySeries(_ name: String, _ points: [PointSummary], _ spread: (PointSummary) -> Spread?)
        -> CategoryPlot.Series
    {
        CategoryPlot.Series(
            name: name, values: points.map { spread($0)?.mean }, errors: points.map { spread($0)?.standardDeviation },
            counts: points.map { spread($0)?.count })
    }

    /// Dev accuracy and training loss per epoch for up to 6 points (seed mean ± std), and the
    /// best point's four curves.
    static func learningCurves(experiment: String, points: [PointSummary], name: String?) -> [SVGElement] {
        let shown = Array(points.filter { !$0.succeeded.isEmpty }.prefix(6))
        guard !shown.isEmpty, shown.contains(where: { $0.succeeded.contains { !$0.curve.isEmpty } }) else { return [] }
        func label(_ p: PointSummary) -> String {
            name.map { "\($0)=\(p.parameters[$0]?.description ?? "?")" } ?? (p.point.isEmpty ? "default" : p.point)
        }
        func lines(_ value: @escaping (CurvePoint) -> Double?) -> [LineSeries] {
            shown.map { p in
                LineSeries(
                    name: label(p),
                    points: p.curve(value).map {
                        .init(x: Double($0.epoch), y: $0.mean, low: $0.low, high: $0.high, count: $0.count)
                    }, markers: false)
            }
        }
        var figures: [SVGElement] = []
        var dev = LinePlot(
            title: "dev accuracy per epoch", xLabel: "epoch", yLabel: "dev window accuracy",
            series: lines { $0.devAccuracy })
        dev.series = dev.series.filter { !$0.points.isEmpty }
        if !dev.series.isEmpty { figures.append(dev.svg) }
        figures.append(
            LinePlot(
                title: "training loss per epoch", xLabel: "epoch", yLabel: "binary cross-entropy",
                series: lines { $0.loss }
            ).svg)
        if let best = points.filter({ $0.testAccuracy != nil }).max(by: {
            $0.testAccuracy!.mean < $1.testAccuracy!.mean
        }) {
            func one(_ n: String, _ v: @escaping (CurvePoint) -> Double?, dashed: Bool) -> LineSeries {
                LineSeries(
                    name: n,
                    points: best.curve(v).map {
                        .init(x: Double($0.epoch), y: $0.mean, low: $0.low, high: $0.high, count: $0.count)
                    },
                    dashed: dashed, markers: false)
            }
            figures.append(
                LinePlot(
                    title: "best point: accuracy (\(clip(label(best), 24)))", xLabel: "epoch",
                    yLabel: "window accuracy",
                    series: [one("train", { $0.accuracy }, dashed: false), one("dev", { $0.devAccuracy }, dashed: true)]
                ).svg)
            figures.append(
                LinePlot(
                    title: "best point: loss (\(clip(label(best), 24)))", xLabel: "epoch",
                    yLabel: "binary cross-entropy",
                    series: [one("train", { $0.loss }, dashed: false), one("dev", { $0.devLoss }, dashed: true)]
                ).svg)
        }
        return figures
    }

    /// What the dashed baseline lines are measured on, and which baselines of the split are left out
    /// because they read other windows (nil when the split has no baseline).
    static func baselineCaveat(
        runs: [RunResult], baselines: (matching: [BaselineResult], other: [BaselineResult])
    ) -> String? {
        guard let first = runs.first, !(baselines.matching.isEmpty && baselines.other.isEmpty) else { return nil }
        let mine = windowsText(first.window, movingOnly: first.readsMovingSamplesOnly)
        var text = ""
        if !baselines.matching.isEmpty {
            let names = Set(baselines.matching.filter(isDrawn).map(\.model)).sorted().joined(separator: ", ")
            text =
                "The dashed baseline lines (\(names)) were measured on the same split and windows as these runs (\(mine)). "
        }
        if !baselines.other.isEmpty {
            let theirs = Set(baselines.other.map { windowsText($0.window, movingOnly: $0.movingSamplesOnly ?? false) })
                .sorted().joined(separator: "; ")
            text +=
                "Baselines of this split measured on other windows (\(theirs)) are not drawn: they are not comparable "
                + "with runs on \(mine)."
            if baselines.matching.isEmpty {
                text +=
                    " For a comparison, run deepmouse baseline --window \(first.window)"
                    + (first.readsMovingSamplesOnly ? " --moving-samples-only" : "") + " on the same split."
            }
        }
        return text
    }

    /// Whether a baseline gets a reference line (the SVM's search has its own plots).
    static func isDrawn(_ baseline: BaselineResult) -> Bool { baseline.model != "svm-rbf" }

    /// "W=104, moving samples only" or "W=200, every sample".
    static func windowsText(_ window: Int, movingOnly: Bool) -> String {
        "W=\(window), " + (movingOnly ? "moving samples only" : "every sample")
    }

    /// The baselines' test accuracy on the same split, as dashed reference lines.
    static func referenceLines(_ baselines: [BaselineResult]) -> [ReferenceLine] {
        [ReferenceLine(label: "chance", y: 0.5, color: "#c8c8c8")]
            + baselines.filter(isDrawn).compactMap { b in
                b.test.windowAccuracy.map {
                    ReferenceLine(label: b.model, y: $0, color: b.model == "still-fraction" ? "#8c8c8c" : "#6a3d9a")
                }
            }
    }

    /// Distinct values, numbers ascending, then words.
    static func ordered(_ values: [ParameterValue]) -> [ParameterValue] {
        Array(Set(values)).sorted { a, b in
            switch (a.number, b.number) {
            case (let x?, let y?): return x < y
            case (nil, nil): return a.description < b.description
            case (_?, nil): return true
            case (nil, _?): return false
            }
        }
    }

    /// The best epochs of a point's runs as whole epochs: "7", or the range "5-9" over seeds.
    static func bestEpochText(_ epochs: [Int]) -> String {
        guard let low = epochs.min(), let high = epochs.max() else { return "" }
        return low == high ? "\(low)" : "\(low)-\(high)"
    }

    static func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
}
