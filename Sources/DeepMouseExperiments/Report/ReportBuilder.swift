import DeepMouseTraining
import Foundation

/// Turns results files (any mix of sweeps, searches, baselines, benchmarks and switch curves) into the report
/// page: an overview table, then one section per experiment, then the data's amplitude
/// histograms when a dataset is given.
public struct ReportBuilder {
    public var records: [ResultRecord]
    public var sources: [String]
    /// Datasets to describe (name, dataset, normalisation) for the amplitude histograms.
    public var datasets: [(name: String, dataset: Dataset, normalization: Normalization)] = []

    public init(records: [ResultRecord], sources: [String]) {
        self.records = records
        self.sources = sources
    }

    /// Reads the results files.
    public static func load(_ urls: [URL]) throws -> ReportBuilder {
        var records: [ResultRecord] = []
        for url in urls { records += try ResultsFile.read(url) }
        return ReportBuilder(records: records, sources: urls.map(\.path))
    }

    /// Experiment names of `kind`, in first-seen order.
    func experiments(_ kind: ResultRecord.Kind) -> [String] {
        var seen: [String] = []
        for r in records where r.kind == kind && !seen.contains(r.experiment) { seen.append(r.experiment) }
        return seen
    }

    public func page(title: String = "DeepMouse experiments") -> ReportPage {
        var sections: [ReportPage.Section] = [overview()]
        let baselines = records.compactMap(\.baseline)
        if !baselines.isEmpty { sections.append(BaselineSection.make(records.filter { $0.kind == .baseline })) }
        let searches = experiments(.trial)
        for name in experiments(.run) where !searches.contains(name) {  // a search's runs are shown with its trials
            let runs = records.filter { $0.kind == .run && $0.experiment == name }.compactMap(\.run)
            sections.append(SweepSection.make(experiment: name, runs: runs, baselines: splitBaselines(for: runs)))
        }
        for name in experiments(.trial) {
            let trials = records.filter { $0.kind == .trial && $0.experiment == name }.compactMap(\.trial)
            guard let first = trials.first else { continue }
            let ordered = trials.map(\.trial).sorted { $0.index < $1.index }
            var blocks: [ReportPage.Block] = [
                .paragraph(
                    "\(first.strategy == "bayes" ? "Bayesian optimisation (GP surrogate, \(first.kernel?.rawValue ?? "matern52"), expected improvement)" : "Random search") over \(first.space.names.joined(separator: ", ")); objective: \(first.objective) (\(first.goal.rawValue)), \(ordered.count) trials, seed \(first.seed). Test accuracy is reported per trial but never optimised."
                )
            ]
            blocks.append(
                .figures(
                    SearchFigures.make(
                        name: name, space: first.space, trials: ordered, goal: first.goal,
                        objective: first.objective, kernel: first.kernel ?? .matern52)))
            blocks.append(SearchFigures.table(space: first.space, trials: ordered, objective: first.objective))
            sections.append(ReportPage.Section(title: "Search: \(name)", blocks: blocks))
        }
        if searches.count > 1 { sections.append(searchComparison(searches)) }
        for name in experiments(.switchCurve) {
            for r in records.filter({ $0.kind == .switchCurve && $0.experiment == name }).compactMap(\.switchCurve) {
                sections.append(SwitchSection.make(experiment: name, r))
            }
        }
        if !experiments(.benchmark).isEmpty { sections.append(BenchmarkSection.make(records.compactMap(\.benchmark))) }
        if !datasets.isEmpty { sections.append(DataSection.make(datasets)) }
        let formatter = ISO8601DateFormatter()
        return ReportPage(
            title: title,
            subtitle:
                "\(records.count) results from \(sources.joined(separator: ", ")); generated \(formatter.string(from: Date()))",
            sections: sections)
    }

    /// The baselines of the runs' split: those scored on the same windows as the runs (length, and
    /// moving samples only or not), which the sweep's plots draw, and the others, which they must not.
    func splitBaselines(for runs: [RunResult]) -> (matching: [BaselineResult], other: [BaselineResult]) {
        guard let first = runs.first else { return ([], []) }
        let sameSplit = records.compactMap(\.baseline).filter { $0.split == first.split }
        let matching = sameSplit.filter {
            $0.window == first.window && ($0.movingSamplesOnly ?? false) == first.readsMovingSamplesOnly
        }
        return (matching, sameSplit.filter { b in !matching.contains(b) })
    }

    /// One line per experiment: what it is and its best result.
    func overview() -> ReportPage.Section {
        var rows: [[String]] = []
        for name in experiments(.baseline) {
            for b in records.filter({ $0.kind == .baseline && $0.experiment == name }).compactMap(\.baseline) {
                rows.append([
                    name, "baseline", b.model, b.test.windowAccuracy.map { String(format: "%.4f", $0) } ?? "n/a",
                    "\(b.split), W=\(b.window)"
                ])
            }
        }
        for name in experiments(.run) where !experiments(.trial).contains(name) {
            let points = PointSummary.group(
                records.filter { $0.kind == .run && $0.experiment == name }.compactMap(\.run))
            let best = points.filter { $0.testAccuracy != nil }.max { $0.testAccuracy!.mean < $1.testAccuracy!.mean }
            rows.append([
                name, "sweep", best.map { $0.point.isEmpty ? "(defaults)" : $0.point } ?? "no successful run",
                best?.testAccuracy?.text ?? "n/a", "\(points.count) points"
            ])
        }
        for name in experiments(.trial) {
            let trials = records.filter { $0.kind == .trial && $0.experiment == name }.compactMap(\.trial)
            let sign: Double = trials.first?.goal == .minimize ? 1 : -1
            let best = trials.filter { $0.trial.objective != nil }.min {
                sign * $0.trial.objective! < sign * $1.trial.objective!
            }
            rows.append([
                name, "search (\(trials.first?.strategy ?? "?"))",
                best.map {
                    zip($0.space.names, $0.trial.values).map { "\($0)=\(Scale.format($1))" }.joined(separator: " ")
                } ?? "",
                best.map {
                    "\($0.objective) \(String(format: "%.4f", $0.trial.objective!))"
                        + ($0.testAccuracy.map { String(format: " (test %.4f)", $0) } ?? "")
                } ?? "n/a",
                "\(trials.count) trials"
            ])
        }
        for record in records where record.kind == .switchCurve {
            guard let curve = record.switchCurve else { continue }
            // The fastest decider at its dev choice, scored on the held-out streams.
            let chosen = curve.deciders.compactMap { c in c.chosen.map { (c.decider, c.test[$0]) } }
            let best = chosen.min { ($0.1.medianDelaySeconds ?? .infinity) < ($1.1.medianDelaySeconds ?? .infinity) }
            rows.append([
                record.experiment, "switch curve", best?.0 ?? "no dev choice",
                best.map {
                    SwitchSection.seconds($0.1.medianDelaySeconds)
                        + String(format: ", %.1f false/h", $0.1.falseChangesPerMotionHour)
                } ?? "n/a",
                "\(curve.device), \(curve.segmentSeconds) s segments"
            ])
        }
        for run in Dictionary(grouping: records.compactMap(\.benchmark), by: \.function).sorted(by: { $0.key < $1.key })
        {
            let b = run.value.map { $0.bayesRegret.last! }
            let r = run.value.map { $0.randomRegret.last! }
            rows.append([
                "benchmark \(run.key)", "bayes vs random", "median final regret",
                String(format: "%.3g vs %.3g", SearchBenchmark.median(b), SearchBenchmark.median(r)),
                "\(run.value.count) seeds"
            ])
        }
        return ReportPage.Section(
            title: "Overview",
            blocks: [
                .paragraph(
                    "Accuracies are window accuracies on the test part of a split by recording (never on random windows) unless a row says otherwise."
                ),
                .table(["experiment", "kind", "best", "score", "size"], rows)
            ])
    }

    /// Searches side by side, grouped by strategy (Bayesian vs random at equal budget): the mean
    /// best-so-far over the searches of each strategy (band: min..max), and one table row each.
    func searchComparison(_ names: [String]) -> ReportPage.Section {
        var objective = "objective"
        var curves: [String: [[Double]]] = [:]
        var rows: [[String]] = []
        for name in names {
            let trials = records.filter { $0.kind == .trial && $0.experiment == name }.compactMap(\.trial).sorted {
                $0.trial.index < $1.trial.index
            }
            guard let first = trials.first else { continue }
            objective = first.objective
            let sign: Double = first.goal == .minimize ? 1 : -1
            var best: Double? = nil
            var curve: [Double] = []
            for t in trials {
                guard let y = t.trial.objective else { continue }
                best = best.map { sign * y < sign * $0 ? y : $0 } ?? y
                curve.append(best!)
            }
            curves[first.strategy, default: []].append(curve)
            let top = trials.filter { $0.trial.objective != nil }.min {
                sign * $0.trial.objective! < sign * $1.trial.objective!
            }
            // Trials after the initial design (for random search: after as many trials as a Bayesian design has).
            let design =
                first.strategy == "bayes"
                ? trials.filter { $0.trial.phase == .initial }.count : max(first.space.dimension + 1, 5)
            let guided = trials.filter { $0.trial.index >= design }.compactMap(\.trial.objective)
            rows.append([
                name, first.strategy, "\(trials.count)", top.map { String(format: "%.4f", $0.trial.objective!) } ?? "",
                top?.testAccuracy.map { String(format: "%.4f", $0) } ?? "",
                Spread(guided).map { String(format: "%.4f", $0.mean) } ?? "",
                Spread(trials.compactMap(\.testAccuracy)).map { String(format: "%.4f", $0.mean) } ?? ""
            ])
        }
        let series = curves.keys.sorted().map { strategy -> LineSeries in
            let group = curves[strategy]!
            let length = group.map(\.count).min() ?? 0
            return LineSeries(
                name: "\(strategy) (\(group.count) search\(group.count == 1 ? "" : "es"))",
                points: (0..<length).map { t in
                    let values = group.map { $0[t] }
                    return .init(
                        x: Double(t + 1), y: values.reduce(0, +) / Double(values.count), low: values.min(),
                        high: values.max(), count: values.count)
                }, markers: false)
        }
        return ReportPage.Section(
            title: "Search comparison",
            blocks: [
                .paragraph(
                    "Best \(objective) so far against trials, mean over the searches of each strategy (band: min..max over searches), at equal budget. "
                        + "\"after design\" is the mean objective of the trials after the initial design (for random search: after as many trials as the Bayesian design), a measure of where each strategy spends its budget."
                ),
                .figures([
                    LinePlot(
                        title: "searches: best so far by strategy", xLabel: "trial", yLabel: objective, series: series
                    ).svg
                ]),
                .table(
                    [
                        "search", "strategy", "trials", "best \(objective)", "its test acc", "mean after design",
                        "mean test acc"
                    ], rows)
            ])
    }
}
