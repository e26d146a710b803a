import ArgumentParser
import DeepMouseExperiments
import DeepMouseTraining
import Foundation

extension DeepMouse {
    /// `deepmouse search`: Bayesian optimisation (or random search) over training parameters,
    /// or the Bayes-vs-random benchmark on test functions.
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Bayesian optimisation of training parameters (GP surrogate + expected improvement), or --benchmark on test functions.",
            discussion: """
                Each trial trains its point with every seed (or fold) like `sweep`, --jobs trials at a time (the next \
                points are chosen together by the kriging believer), and its objective is the mean dev accuracy of the best \
                epochs (or, with --cv sessions, the mean accuracy on the held-out sessions); test accuracy is stored \
                but never optimised. Runs and trials are appended to the results file, and rerunning the same command \
                resumes. --param name:low:high[:scale], scale linear, log, integer or log-integer. \
                Presets: \(ExperimentPreset.searches.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")). \
                --benchmark \(TestFunction.all.map(\.name).joined(separator: ",")) compares Bayes with random search at equal budget.
                """)

        @OptionGroup(title: "Data") var data: DataOptions
        @OptionGroup(title: "Runs") var runs: ExperimentOptions

        @Option(
            parsing: .singleValue,
            help: ArgumentHelp(
                "A parameter to search: name:low:high[:linear|log|integer|log-integer] (repeatable).", valueName: "spec"
            ))
        var param: [String] = []

        @Option(help: "A named search of the original study.")
        var preset: String?

        @Option(help: "Trials (initial design included).")
        var budget: Int?

        @Option(help: "Latin-hypercube trials before the surrogate takes over (default: max(d + 1, 5)).")
        var initialTrials: Int?

        @Option(help: "bayes (GP + expected improvement) or random.")
        var strategy: String = "bayes"

        @Option(help: "Surrogate kernel: matern52 or rbf.")
        var kernel: KernelKind = .matern52

        @Option(help: "Seed of the search itself (initial design, candidates).")
        var searchSeed: UInt64 = 1

        @Option(help: "Benchmark instead: comma list of test functions (Bayes vs random search).")
        var benchmark: String?

        @Option(help: "Benchmark: number of seeds per function.")
        var benchmarkSeeds: Int = 10

        var presetValue: ExperimentPreset? { preset.flatMap(ExperimentPreset.search) }

        func validate() throws {
            if let preset, presetValue == nil {
                throw ValidationError(
                    "unknown --preset '\(preset)' (known: \(ExperimentPreset.searches.map(\.name).joined(separator: ", ")))"
                )
            }
            guard ["bayes", "random"].contains(strategy) else {
                throw ValidationError("--strategy must be bayes or random")
            }
            if let budget, budget < 1 { throw ValidationError("--budget must be at least 1") }
            if let benchmark {
                for name in benchmark.split(separator: ",") where TestFunction.named(String(name)) == nil {
                    throw ValidationError(
                        "unknown test function '\(name)' (known: \(TestFunction.all.map(\.name).joined(separator: ", ")))"
                    )
                }
                guard benchmarkSeeds >= 1 else { throw ValidationError("--benchmark-seeds must be at least 1") }
            } else {
                _ = try space()
            }
        }

        /// The search space from --param (or the preset).
        func space() throws -> SearchSpace {
            let specs = param.isEmpty ? (presetValue?.grid ?? []) : param
            guard !specs.isEmpty else { throw SearchError.emptySpace }
            return try SearchSpace(
                specs.map { spec in
                    let parts = spec.split(separator: ":").map(String.init)
                    guard parts.count == 3 || parts.count == 4, let low = Double(parts[1]), let high = Double(parts[2])
                    else {
                        throw SearchError.badParameter(
                            name: parts.first ?? spec, reason: "'\(spec)' is not name:low:high[:scale]")
                    }
                    guard let known = TrainingParameter.named(parts[0]) else {
                        throw SweepError.unknownParameter(
                            parts[0],
                            known: TrainingParameter.all.filter { if case .choice = $0.kind { false } else { true } }
                                .map(\.name))
                    }
                    let defaultScale: SearchParameter.Scale
                    switch known.kind {
                    case .choice:
                        throw SearchError.badParameter(
                            name: parts[0], reason: "is a choice; sweep it with --grid instead")
                    case .integer: defaultScale = known.logarithmic ? .logInteger : .integer
                    case .real: defaultScale = known.logarithmic && low > 0 ? .log : .linear
                    }
                    let scale =
                        try parts.count == 4
                        ? (SearchParameter.Scale(rawValue: parts[3])
                            ?? {
                                throw SearchError.badParameter(
                                    name: parts[0],
                                    reason: "unknown scale '\(parts[3])' (linear, log, integer, log-integer)")
                            }()) : defaultScale
                    if case .integer = known.kind, !scale.isInteger {
                        throw SearchError.badParameter(
                            name: parts[0], reason: "takes whole numbers: use scale integer or log-integer")
                    }
                    _ = try known.value(Scale.format(low))
                    _ = try known.value(Scale.format(high))
                    return try SearchParameter(parts[0], low, high, scale: scale)
                })
        }

        func run() throws {
            if let benchmark { return try runBenchmark(benchmark.split(separator: ",").map(String.init)) }
            let space = try space()
            let budget = budget ?? presetValue?.budget ?? 20
            let seedText = runs.seeds == "1" ? (presetValue?.seeds ?? "1") : runs.seeds
            let seeds = try ExperimentOptions(seeds: seedText).parsedSeeds()
            let crossValidation = runs.cv != nil || (presetValue?.crossValidation ?? false)
            let fixed = try runs.parsedSettings()
            for name in space.names where fixed[name] != nil {
                throw SweepError.conflictingOption("parameter '\(name)' is both searched (--param) and fixed (--set)")
            }
            let experiment = runs.experiment ?? "\(preset ?? space.names.joined(separator: "-"))-\(strategy)"
            let splitName = data.split ?? data.defaultTrainingSplit
            let (arguments, folds) = try data.trainArguments(splitName: splitName, crossValidation: crossValidation)
            let replicates: Replicates = crossValidation ? .folds(sessions: folds, seeds: seeds) : .seeds(seeds)
            let signature = RunResult.pointKey(fixed)
            let executor = TrainProcessExecutor(
                executable: ExperimentOptions.executable, dataArguments: arguments,
                workDirectory: runs.workDirectory, split: crossValidation ? "mouse-cv" : splitName,
                fixedSignature: signature)
            if runs.dryRun {
                let design = try BayesianOptimizer.Settings(
                    budget: budget, initialTrials: initialTrials, seed: searchSeed, dimension: space.dimension)
                var first = BayesianOptimizer(space: space, settings: design)
                print("# the initial design; later trials depend on the results")
                for trial in first.suggest(design.initialTrials) {
                    for job in try SweepPlan(
                        experiment: experiment, grid: TrainingSearch.point(space, trial).map { ($0.key, [$0.value]) },
                        fixed: fixed, replicates: replicates
                    ).jobs {
                        print((["deepmouse"] + executor.arguments(job)).joined(separator: " "))
                    }
                }
                return
            }
            let runner = SweepRunner(
                experiment: experiment, fixedSignature: signature, results: runs.resultsURL,
                workers: runs.jobs, executor: executor, progress: SweepProgress())
            let settings = try BayesianOptimizer.Settings(
                kernel: kernel, goal: .maximize, budget: budget,
                initialTrials: initialTrials, seed: searchSeed, dimension: space.dimension)
            let searcher: any Searcher =
                strategy == "bayes"
                ? BayesianOptimizer(space: space, settings: settings)
                : RandomSearch(space: space, goal: .maximize, budget: budget, seed: searchSeed)
            var search = TrainingSearch(
                experiment: experiment, searcher: searcher, fixed: fixed, replicates: replicates,
                strategy: strategy, seed: searchSeed, kernel: strategy == "bayes" ? kernel : nil,
                batchSize: runs.jobs / max(1, replicates.count))
            let best = try search.run(runner) { line in
                print(line)
                fflush(nil)  // all C streams: stdout may be a pipe
            }
            if let best {
                print(
                    "best: " + zip(space.names, best.values).map { "\($0)=\(Scale.format($1))" }.joined(separator: " ")
                        + " → \(search.objective) " + String(format: "%.4f", best.objective!))
            }
        }

        func runBenchmark(_ names: [String]) throws {
            let kind = kernel
            var records: [ResultRecord] = []
            for name in names {
                let function = TestFunction.named(name)!
                let b = try SearchBenchmark(
                    function, budget: budget ?? 30, seeds: (1...UInt64(benchmarkSeeds)).map { $0 },
                    kernel: kind, initialTrials: initialTrials)
                print(b.summary)
                records += b.runs.map { run in
                    ResultRecord(
                        kind: .benchmark, experiment: runs.experiment ?? "search-benchmark",
                        benchmark: BenchmarkResult(
                            function: name, kernel: kind.rawValue, budget: b.budget, seed: run.seed,
                            bayesRegret: run.bayesRegret, randomRegret: run.randomRegret))
                }
            }
            try ResultsFile.append(records, to: runs.resultsURL)
        }
    }
}
