import Foundation

/// A Bayesian (or random) search over training parameters: each trial is a point trained like a
/// sweep point (every seed or fold, through a `SweepRunner`), scored by the mean dev accuracy of
/// the best epochs (or the held-out-session accuracy in cross-validation). Test accuracy is
/// stored with the trial, never optimised. Trials and runs go to the results file as they finish,
/// and a rerun with the same settings replays the same proposals and skips the finished runs.
public struct TrainingSearch {
    public var experiment: String
    public var searcher: any Searcher
    public var fixed: [String: ParameterValue]
    public var replicates: Replicates
    public var strategy: String
    public var seed: UInt64
    public var kernel: KernelKind?
    /// Trials proposed together (the kriging believer spreads them), usually jobs / replicates.
    public var batchSize: Int

    public init(
        experiment: String, searcher: any Searcher, fixed: [String: ParameterValue], replicates: Replicates,
        strategy: String, seed: UInt64, kernel: KernelKind?, batchSize: Int
    ) {
        self.experiment = experiment
        self.searcher = searcher
        self.fixed = fixed
        self.replicates = replicates
        self.strategy = strategy
        self.seed = seed
        self.kernel = kernel
        self.batchSize = max(1, batchSize)
    }

    public var crossValidation: Bool { if case .folds = replicates { true } else { false } }
    public var objective: String { crossValidation ? "held-out session accuracy" : "dev accuracy" }

    /// The trial's training settings; continuous values rounded to 4 significant digits (the
    /// surrogate keeps the exact point), so run names and checkpoints stay readable.
    public static func point(_ space: SearchSpace, _ trial: SearchTrial) -> [String: ParameterValue] {
        Dictionary(
            uniqueKeysWithValues: zip(space.parameters, trial.values).map { p, v in
                (p.name, ParameterValue.number(p.scale.isInteger ? v : Double(String(format: "%.4g", v))!))
            })
    }

    /// Runs the whole budget; `note` gets one line per trial. Returns the best trial.
    @discardableResult
    public mutating func run(_ runner: SweepRunner, note: (String) -> Void = { _ in }) throws -> SearchTrial? {
        let space = searcher.space
        // Trials this very search (strategy and search seed) already logged: another search seed
        // in the same file is another search, whose trials are logged beside these.
        let logged = Set(
            try ResultsFile.read(runner.results, allowMissing: true)
                .filter {
                    $0.kind == .trial && $0.experiment == experiment && $0.trial?.seed == seed
                        && $0.trial?.strategy == strategy
                }
                .compactMap { $0.trial?.trial.index })
        while !searcher.isFinished {
            let batch = searcher.suggest(batchSize)
            var jobs: [RunJob] = []
            for trial in batch {
                let point = Self.point(space, trial)
                jobs += try SweepPlan(
                    experiment: experiment, grid: point.map { ($0.key, [$0.value]) }, fixed: fixed,
                    replicates: replicates
                ).jobs
            }
            let results = try runner.run(jobs)
            var records: [ResultRecord] = []
            for trial in batch {
                let key = RunResult.pointKey(Self.point(space, trial))
                let all = results.filter { $0.point == key }
                let own = all.filter { $0.status == .ok }
                // A run that diverged (NaN loss) scores chance (0.5): a bad point, not a broken search.
                let diverged = all.filter { $0.status == .failed && ($0.error ?? "").contains("diverged") }.count
                let scores =
                    own.compactMap { crossValidation ? $0.test?.windowAccuracy : $0.devAccuracy }
                    + Array(repeating: 0.5, count: diverged)
                guard !scores.isEmpty, own.count + diverged == all.count else {
                    throw SweepError.conflictingOption(
                        "search trial \(trial.index + 1) (\(key)): runs failed: \(all.compactMap(\.error).first ?? "no result")"
                    )
                }
                let value = scores.reduce(0, +) / Double(scores.count)
                try searcher.observe(trial.index, objective: value)
                var observed = trial
                observed.objective = value
                let test = crossValidation ? nil : Spread(own.compactMap { $0.test?.windowAccuracy })?.mean
                note(
                    "trial \(trial.index + 1)/\(searcher.budget) (\(trial.phase.rawValue)): \(key) "
                        + "\(objective) " + String(format: "%.4f", value)
                        + (test.map { String(format: " (test %.4f)", $0) } ?? "")
                        + (diverged > 0 ? " (\(diverged) run(s) diverged: scored 0.5)" : ""))
                if !logged.contains(trial.index) {
                    records.append(
                        ResultRecord(
                            kind: .trial, experiment: experiment,
                            trial: TrialResult(
                                strategy: strategy, seed: seed, objective: objective, goal: searcher.goal, space: space,
                                trial: observed,
                                kernel: kernel, testAccuracy: test)))
                }
            }
            try ResultsFile.append(records, to: runner.results)
        }
        return searcher.bestTrial
    }
}
