import Foundation
import TestSupport
import Testing

@testable import DeepMouseExperiments

@Suite struct SweepPlanTests {
    @Test func expandsGridsIntoPointsAndJobs() throws {
        let plan = try SweepPlan(
            experiment: "x",
            grid: [try SweepPlan.parseGrid("lr=1e-3,3e-3"), try SweepPlan.parseGrid("recurrent=gru,lstm")],
            fixed: ["epochs": .number(2)], replicates: .seeds([1, 2]))
        #expect(plan.points.count == 4)
        #expect(plan.points[1] == ["lr": .number(1e-3), "recurrent": .text("lstm")])
        let jobs = plan.jobs
        #expect(jobs.count == 8 && Set(jobs.map(\.key)).count == 8)
        #expect(jobs[0].settings == ["lr": .number(1e-3), "recurrent": .text("gru"), "epochs": .number(2)])
        #expect(jobs[0].point == "lr=0.001 recurrent=gru")
        let folds = try SweepPlan(
            experiment: "x", grid: [try SweepPlan.parseGrid("batch-size=16,32")], fixed: [:],
            replicates: .folds(sessions: ["1", "2", "3"], seeds: [7]))
        #expect(folds.jobs.count == 6 && folds.jobs.allSatisfy { $0.fold != nil && $0.seed == 7 })
        #expect(try SweepPlan.parseGrid("window=200:800:200").values == [200, 400, 600, 800].map { .number($0) })
        #expect(try SweepPlan.parseGrid("lr=0.001,1e-3").values.count == 1)  // duplicates collapse
    }

    @Test func flagParametersBecomeBareFlagsAndChoicesTakeValues() throws {
        let executor = TrainProcessExecutor(
            executable: URL(fileURLWithPath: "/bin/true"), dataArguments: { _ in ["--split", "mouse"] },
            workDirectory: URL(fileURLWithPath: "/tmp"), split: "mouse", fixedSignature: "")
        let plan = try SweepPlan(
            experiment: "x",
            grid: [
                try SweepPlan.parseGrid("moving-samples-only=false,true"),
                try SweepPlan.parseGrid("readout=last,mean")
            ],
            fixed: ["dev-fraction": .number(0.25)], replicates: .seeds([1]))
        let args = plan.jobs.map { executor.arguments($0) }
        #expect(args.count == 4)
        #expect(args.filter { $0.contains("--moving-samples-only") }.count == 2)
        #expect(args.allSatisfy { !$0.contains("true") && !$0.contains("false") })
        #expect(
            args.filter { a in a.indices.dropLast().contains { a[$0] == "--readout" && a[$0 + 1] == "mean" } }.count
                == 2)
        #expect(
            args.allSatisfy { a in a.indices.dropLast().contains { a[$0] == "--dev-fraction" && a[$0 + 1] == "0.25" } })
        #expect(throws: SweepError.self) { _ = try SweepPlan.parseGrid("moving-samples-only=yes") }
    }

    @Test func rejectsBadGridsWithClearMessages() {
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(
            message { _ = try SweepPlan.parseGrid("learning-rate=1") }.hasPrefix(
                "unknown training parameter 'learning-rate' (known: lr, batch-size"))
        #expect(message { _ = try SweepPlan.parseGrid("lr=") } == "grid: parameter 'lr' has no values")
        #expect(message { _ = try SweepPlan.parseGrid("lr") }.contains("is not name=values"))
        #expect(message { _ = try SweepPlan.parseGrid("lr=0.1,,0.2") }.contains("empty value"))
        #expect(
            message { _ = try SweepPlan.parseGrid("hidden=12.5") }
                == "parameter 'hidden': value '12.5' is not a whole number")
        #expect(
            message { _ = try SweepPlan.parseGrid("conv-layers=4") }
                == "parameter 'conv-layers': value '4' must be in 0...3")
        #expect(
            message { _ = try SweepPlan.parseGrid("recurrent=rnn") }
                == "parameter 'recurrent': value 'rnn' must be one of gru, lstm")
        #expect(message { _ = try SweepPlan.parseGrid("window=800:200:100") }.contains("stop >= start"))
        #expect(
            message { _ = try SweepPlan(experiment: "x", grid: [("lr", [])], fixed: [:], replicates: .seeds([1])) }
                == "grid: parameter 'lr' has no values")
        #expect(
            message {
                _ = try SweepPlan(
                    experiment: "x", grid: [("lr", [.number(1)])], fixed: ["lr": .number(2)], replicates: .seeds([1]))
            }
            .contains("both swept (--grid) and fixed (--set)"))
        #expect(message { _ = try SweepPlan.parseSetting("lr=1e-3,1e-2") }.contains("exactly one value"))
    }
}

/// A stand-in for training: accuracy is a known function of the point and seed, failures on
/// request, and a short sleep so parallel workers overlap.
final class FakeExecutor: RunExecutor, @unchecked Sendable {
    let lock = NSLock()
    var calls: [String] = []
    var running = 0, maxRunning = 0, gaveUpWaiting = false
    let failing: Set<String>
    /// Runs wait (10 s at most, once) until two of them overlap, so a parallel runner shows it
    /// even when the machine starts the second worker late.
    let awaitOverlap: Bool

    init(failing: Set<String> = [], awaitOverlap: Bool = false) {
        self.failing = failing
        self.awaitOverlap = awaitOverlap
    }

    func run(_ job: RunJob) -> RunResult {
        lock.lock()
        calls.append(job.key)
        running += 1
        maxRunning = max(maxRunning, running)
        lock.unlock()
        let deadline = Date() + 10
        while awaitOverlap && lock.withLock({ maxRunning < 2 && !gaveUpWaiting }) {
            if Date() > deadline { lock.withLock { gaveUpWaiting = true } }
            Thread.sleep(forTimeInterval: 0.002)
        }
        Thread.sleep(forTimeInterval: 0.05)
        lock.lock()
        running -= 1
        lock.unlock()
        let lr = job.parameters["lr"]?.number ?? 0
        let accuracy = 0.6 + 10 * lr + Double(job.seed) * 0.001
        if failing.contains(job.key) {
            return RunResult(
                parameters: job.parameters, point: job.point, seed: job.seed, fold: job.fold, fixed: "epochs=2",
                split: "mouse", window: 800, status: .failed, error: "diverged", seconds: 0.05)
        }
        return RunResult(
            parameters: job.parameters, point: job.point, seed: job.seed, fold: job.fold, fixed: "epochs=2",
            split: "mouse", window: 800, status: .ok,
            curve: [CurvePoint(epoch: 1, loss: 0.6, accuracy: 0.6, devLoss: 0.6, devAccuracy: accuracy, seconds: 0.05)],
            bestEpoch: 1, devAccuracy: accuracy,
            test: WindowMetrics(
                windows: 10, windowAccuracy: accuracy, balancedAccuracy: accuracy, confusion: [[3, 2], [2, 3]],
                streamAccuracy: nil, loss: 0.6), seconds: 0.05)
    }
}

@Suite struct SweepRunnerTests {
    func temporaryFile() -> URL {
        TestTemporaryDirectory.root.appendingPathComponent("deepmouse-sweep-\(UUID().uuidString).jsonl")
    }

    @Test func runsInParallelAppendsEveryRunAndResumes() throws {
        let file = temporaryFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let plan = try SweepPlan(
            experiment: "lr", grid: [try SweepPlan.parseGrid("lr=1e-3,2e-3,3e-3")], fixed: ["epochs": .number(2)],
            replicates: .seeds([1, 2]))
        let failing = plan.jobs[4].key
        let executor = FakeExecutor(failing: [failing], awaitOverlap: true)
        let runner = SweepRunner(
            experiment: "lr", fixedSignature: plan.fixedSignature, results: file, workers: 2, executor: executor,
            progress: SweepProgress(quiet: true))
        let results = try runner.run(plan.jobs)
        #expect(results.count == 6 && executor.calls.count == 6)
        #expect(executor.maxRunning == 2)
        #expect(results.filter { $0.status == .failed }.map(\.jobKey) == [failing])
        let lines = try ResultsFile.read(file)
        #expect(lines.count == 6 && lines.allSatisfy { $0.kind == .run && $0.experiment == "lr" })

        // Rerun: only the failed run is tried again, and the file keeps every line.
        let again = FakeExecutor()
        let resumed = try SweepRunner(
            experiment: "lr", fixedSignature: plan.fixedSignature, results: file, workers: 2, executor: again,
            progress: SweepProgress(quiet: true)
        ).run(plan.jobs)
        #expect(again.calls == [failing])
        #expect(resumed.count == 6 && resumed.allSatisfy { $0.status == .ok })
        #expect(try ResultsFile.read(file).count == 7)
        let points = PointSummary.group(resumed)
        #expect(points.count == 3)
        #expect(abs(points[2].testAccuracy!.mean - 0.6315) < 1e-12)

        // Other fixed settings under the same experiment name are refused.
        let other = SweepRunner(
            experiment: "lr", fixedSignature: "epochs=3", results: file, workers: 1, executor: FakeExecutor(),
            progress: SweepProgress(quiet: true))
        #expect(throws: SweepError.self) { try other.run(plan.jobs) }
    }

    @Test func refusesResultsFilesOfOtherVersionsAndOtherFormats() throws {
        let file = temporaryFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let record = ResultRecord(
            kind: .run, experiment: "lr", run: FakeExecutor().run(RunJob(parameters: [:], fixed: [:], seed: 1)))
        var line = String(decoding: try ResultsFile.line(record), as: UTF8.self)
        line = line.replacingOccurrences(of: "\"version\":1", with: "\"version\":0")
        try Data(line.utf8).write(to: file)
        #expect(throws: ResultsError.version(file: file.path, line: 1, found: 0, expected: 1)) {
            try ResultsFile.read(file)
        }
        #expect("\(ResultsError.version(file: "r.jsonl", line: 1, found: 0, expected: 1))".contains("older deepmouse"))
        try Data("{\"epoch\": 1, \"loss\": 0.5}\n".utf8).write(to: file)
        #expect(throws: ResultsError.notResults(file: file.path, line: 1)) { try ResultsFile.read(file) }
        try Data("not json\n".utf8).write(to: file)
        #expect(throws: ResultsError.malformed(file: file.path, line: 1, reason: "invalid JSON")) {
            try ResultsFile.read(file)
        }
        // A line cut off by a kill at the end of the file is skipped; one in the middle is an error.
        let good = try ResultsFile.line(record)
        try (good + Data(good.prefix(40))).write(to: file)
        #expect(try ResultsFile.read(file).count == 1)
        try (Data(good.prefix(40)) + Data("\n".utf8) + good).write(to: file)
        #expect(throws: ResultsError.self) { try ResultsFile.read(file) }
    }
}

@Suite struct TrainingSearchTests {
    /// Diverges (NaN loss) above lr 9e-3; below that, dev accuracy grows with lr.
    final class DivergingExecutor: RunExecutor, @unchecked Sendable {
        let inner = FakeExecutor()
        func run(_ job: RunJob) -> RunResult {
            var r = inner.run(job)
            if (job.parameters["lr"]?.number ?? 0) > 9e-3 {
                r.status = .failed
                r.error = "training diverged at epoch 1"
            }
            return r
        }
    }

    @Test func findsTheBestLearningRateScoresDivergenceAsChanceAndResumes() throws {
        let file = TestTemporaryDirectory.root.appendingPathComponent("deepmouse-search-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let space = try SearchSpace([SearchParameter("lr", 1e-3, 2e-2, scale: .log)])
        func search() throws -> TrainingSearch {
            let settings = try BayesianOptimizer.Settings(
                goal: .maximize, budget: 10, initialTrials: 4, seed: 5, dimension: 1)
            return TrainingSearch(
                experiment: "lr-bayes", searcher: BayesianOptimizer(space: space, settings: settings), fixed: [:],
                replicates: .seeds([1, 2]), strategy: "bayes", seed: 5, kernel: .matern52, batchSize: 1)
        }
        let executor = DivergingExecutor()
        var first = try search()
        var lines: [String] = []
        let best = try #require(
            try first.run(
                SweepRunner(
                    experiment: "lr-bayes", fixedSignature: "epochs=2", results: file, workers: 2,
                    executor: executor, progress: SweepProgress(quiet: true))
            ) { lines.append($0) })
        #expect(lines.count == 10 && lines[0].hasPrefix("trial 1/10 (initial): lr="))
        #expect(best.values[0] > 6e-3 && best.values[0] <= 9e-3, "best lr \(best.values[0])")
        let trials = try ResultsFile.read(file).compactMap(\.trial)
        #expect(trials.count == 10)
        #expect(trials.filter { $0.trial.values[0] > 9e-3 }.allSatisfy { $0.trial.objective == 0.5 })
        #expect(trials.allSatisfy { $0.objective == "dev accuracy" && $0.goal == .maximize })
        let calls = executor.inner.calls.count
        #expect(calls == 20)

        // The same search again: same proposals, every run found, nothing retrained except diverged runs.
        let again = DivergingExecutor()
        var second = try search()
        let replay = try second.run(
            SweepRunner(
                experiment: "lr-bayes", fixedSignature: "epochs=2", results: file, workers: 2,
                executor: again, progress: SweepProgress(quiet: true)))
        #expect(replay?.values == best.values)
        #expect(
            again.inner.calls.allSatisfy { k in
                trials.contains {
                    $0.trial.values[0] > 9e-3 && k.hasPrefix(RunResult.pointKey(TrainingSearch.point(space, $0.trial)))
                }
            })
        #expect(try ResultsFile.read(file).compactMap(\.trial).count == 10)  // trials are logged once

        // Another search seed into the same file is another search: its trials are logged too.
        let settings = try BayesianOptimizer.Settings(
            goal: .maximize, budget: 10, initialTrials: 4, seed: 6, dimension: 1)
        var other = TrainingSearch(
            experiment: "lr-bayes", searcher: BayesianOptimizer(space: space, settings: settings), fixed: [:],
            replicates: .seeds([1, 2]), strategy: "bayes", seed: 6, kernel: .matern52, batchSize: 1)
        try other.run(
            SweepRunner(
                experiment: "lr-bayes", fixedSignature: "epochs=2", results: file, workers: 2,
                executor: DivergingExecutor(), progress: SweepProgress(quiet: true)))
        let all = try ResultsFile.read(file).compactMap(\.trial)
        #expect(all.count == 20 && all.filter { $0.seed == 6 }.count == 10)
    }
}
