import ArgumentParser
import DeepMouseExperiments
import DeepMouseTraining
import Foundation

extension DeepMouse {
    /// `deepmouse sweep`: a grid over training parameters, in parallel, resumable.
    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Train every point of a grid over training parameters (seeds or cross-validation), in parallel, resumable.",
            discussion: """
                Each run is `deepmouse train` with the point's settings (--grid), the fixed ones (--set) and a seed, \
                single-threaded, --jobs at a time. Every finished run (test and dev scores, learning curve) is \
                appended to the results file at once; running the same command again skips the runs already there. \
                Parameters: \(TrainingParameter.all.map(\.name).joined(separator: ", ")). \
                Presets (--preset): \(ExperimentPreset.sweeps.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).
                """)

        @OptionGroup(title: "Data") var data: DataOptions
        @OptionGroup(title: "Runs") var runs: ExperimentOptions

        @Option(
            parsing: .singleValue,
            help: ArgumentHelp(
                "Values of a parameter: name=v1,v2,... or name=start:stop:step (repeatable; points are all combinations).",
                valueName: "name=values"))
        var grid: [String] = []

        @Option(help: "A named experiment of the original study (see the list above).")
        var preset: String?

        var presetValue: ExperimentPreset? { preset.flatMap(ExperimentPreset.sweep) }

        func validate() throws {
            if let preset, presetValue == nil {
                throw ValidationError(
                    "unknown --preset '\(preset)' (known: \(ExperimentPreset.sweeps.map(\.name).joined(separator: ", ")))"
                )
            }
            _ = try plan()
        }

        func plan() throws -> SweepPlan {
            let specs = grid.isEmpty ? (presetValue?.grid ?? []) : grid
            guard !specs.isEmpty else { throw SweepError.emptyGrid(parameter: nil) }
            let parsed = try specs.map(SweepPlan.parseGrid)
            let seedText = runs.seeds == "1" ? (presetValue?.seeds ?? "1") : runs.seeds
            let seeds = try ExperimentOptions(seeds: seedText).parsedSeeds()
            let crossValidation = runs.cv != nil || (presetValue?.crossValidation ?? false)
            let name = runs.experiment ?? preset ?? parsed.map(\.name).joined(separator: "-")
            return try SweepPlan(
                experiment: name, grid: parsed, fixed: try runs.parsedSettings(),
                replicates: crossValidation ? .folds(sessions: ["?"], seeds: seeds) : .seeds(seeds))
        }

        func run() throws {
            var plan = try plan()
            let splitName = data.split ?? data.defaultTrainingSplit
            let crossValidation: Bool
            if case .folds = plan.replicates { crossValidation = true } else { crossValidation = false }
            let (arguments, folds) = try data.trainArguments(splitName: splitName, crossValidation: crossValidation)
            if case .folds(_, let seeds) = plan.replicates { plan.replicates = .folds(sessions: folds, seeds: seeds) }
            let executor = TrainProcessExecutor(
                executable: ExperimentOptions.executable, dataArguments: arguments,
                workDirectory: runs.workDirectory, split: crossValidation ? "mouse-cv" : splitName,
                fixedSignature: plan.fixedSignature)
            let jobs = plan.jobs
            if runs.dryRun {
                for job in jobs { print((["deepmouse"] + executor.arguments(job)).joined(separator: " ")) }
                return
            }
            let runner = SweepRunner(
                experiment: plan.experiment, fixedSignature: plan.fixedSignature, results: runs.resultsURL,
                workers: runs.jobs, executor: executor, progress: SweepProgress())
            let results = try runner.run(jobs)
            let points = PointSummary.group(results).sorted {
                ($0.testAccuracy?.mean ?? -1) > ($1.testAccuracy?.mean ?? -1)
            }
            print("sweep \(plan.experiment): \(points.count) points, results in \(runs.output)")
            print(
                "  test window accuracy (mean ± std over \(crossValidation ? "folds" : "seeds")), dev accuracy, point:")
            for p in points {
                print(
                    "  \(p.testAccuracy?.text ?? "failed      ")  dev \(p.devAccuracy?.text ?? "n/a")  \(p.point.isEmpty ? "(defaults)" : p.point)"
                )
            }
            let failed = results.filter { $0.status == .failed }.count
            if failed > 0 {
                throw ValidationError(
                    "\(failed) run(s) failed (see their errors above); rerun the same command to retry them")
            }
        }
    }
}

extension ExperimentOptions {
    /// Only the seeds (for parsing a preset's seed list).
    init(seeds: String) {
        self.init()
        self.seeds = seeds
        self.output = ""
    }
}
