import DeepMouseTraining
import Foundation
import Testing

@testable import DeepMouseExperiments

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct ReportTests {
    static func run(_ lr: Double, seed: UInt64, test: Double, dev: Double) -> RunResult {
        let curve = (1...4).map { (e: Int) -> CurvePoint in
            let x = Double(e)
            let devAccuracy: Double = dev - 0.01 * (4 - x)
            return CurvePoint(
                epoch: e, loss: 0.7 - 0.02 * x, accuracy: 0.5 + 0.04 * x, devLoss: 0.69 - 0.01 * x,
                devAccuracy: devAccuracy, seconds: 1)
        }
        let correct = Int((test * 100).rounded())
        let rr = correct / 2
        let ll = correct - correct / 2
        let confusion = [[rr, 50 - rr], [50 - ll, ll]]
        return RunResult(
            parameters: ["lr": .number(lr)], point: RunResult.pointKey(["lr": .number(lr)]), seed: seed,
            fixed: "epochs=4",
            split: "mouse", window: 800, status: .ok, curve: curve, bestEpoch: 4, devAccuracy: dev, devLoss: 0.65,
            test: WindowMetrics(
                windows: 100, windowAccuracy: test, balancedAccuracy: test,
                confusion: confusion,
                streamAccuracy: test, loss: 0.6),
            stillBaselineAccuracy: 0.58, trainWindows: 300, seconds: 12)
    }

    static func records() throws -> [ResultRecord] {
        var records: [ResultRecord] = []
        for (lr, tests) in [(1e-4, [0.60, 0.64]), (1e-3, [0.70, 0.74]), (1e-2, [0.55, 0.57])] {
            for (k, t) in tests.enumerated() {
                records.append(
                    ResultRecord(
                        kind: .run, experiment: "lr", run: run(lr, seed: UInt64(k + 1), test: t, dev: t + 0.02)))
            }
        }
        records.append(
            ResultRecord(
                kind: .baseline, experiment: "baselines",
                baseline: BaselineResult(
                    model: "features-logreg", split: "mouse", splitSummary: "", window: 800, trainStride: 800,
                    trainWindows: 300,
                    parameters: ["lambda": 0.01], dev: nil,
                    test: WindowMetrics(
                        windows: 74, windowAccuracy: 0.8243, balancedAccuracy: 0.8243, confusion: [[27, 10], [3, 34]],
                        streamAccuracy: 0.94, loss: 0.4))))
        let space = try SearchSpace([
            SearchParameter("hidden", 16, 256, scale: .logInteger), SearchParameter("lr", 1e-4, 1e-2, scale: .log)
        ])
        var search = BayesianOptimizer(
            space: space, settings: try .init(goal: .maximize, budget: 8, initialTrials: 5, seed: 3, dimension: 2))
        try search.run { v in 0.7 - 0.02 * pow(log(v[0] / 64), 2) - 0.03 * pow(log10(v[1]) + 3, 2) }
        for t in search.trials {
            records.append(
                ResultRecord(
                    kind: .trial, experiment: "recurrent-lr-bayes",
                    trial: TrialResult(
                        strategy: "bayes", seed: 3, objective: "dev accuracy", goal: .maximize, space: space, trial: t,
                        kernel: .matern52,
                        testAccuracy: nil)))
        }
        let bench = try SearchBenchmark(.branin, budget: 8, seeds: [1, 2])
        for r in bench.runs {
            records.append(
                ResultRecord(
                    kind: .benchmark, experiment: "bench",
                    benchmark: BenchmarkResult(
                        function: "branin", kernel: "matern52", budget: 8, seed: r.seed, bayesRegret: r.bayesRegret,
                        randomRegret: r.randomRegret)))
        }
        return records
    }

    @Test func pageIsWellFormedAndItsPlotsMatchTheResults() throws {
        let records = try Self.records()
        // Through the file format and back, as `deepmouse report` reads it.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "deepmouse-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("results.jsonl")
        try ResultsFile.append(records, to: file)
        let html = try ReportBuilder.load([file]).page().html
        let doc = try parseXML(html)

        let titles = try elements(doc, "h2").map { $0.stringValue ?? "" }
        #expect(
            titles == [
                "Overview", "Baselines", "Sweep: lr", "Search: recurrent-lr-bayes",
                "Search benchmark: Bayesian vs random"
            ])
        // The sweep's accuracy plot: one point per lr at the mean over seeds, band = ± std.
        let svgs = try elements(doc, "svg")
        let accuracy = try #require(svgs.first { attribute($0, "aria-label") == "lr: accuracy vs lr" })
        let sub = try parseXML(accuracy.xmlString)
        let test = try #require(
            try elements(sub, "g", class: "series").first { attribute($0, "data-name") == "test window acc" })
        let points = try parseXML(test.xmlString)
        let xy = try elements(points, "circle", class: "point").map {
            (Double(attribute($0, "data-x")!)!, Double(attribute($0, "data-y")!)!)
        }
        #expect(xy.map(\.0) == [1e-4, 1e-3, 1e-2])
        for (got, want) in zip(xy.map(\.1), [0.62, 0.72, 0.56]) { #expect(abs(got - want) < 1e-12) }
        let highs = try elements(points, "circle", class: "point").map { Double(attribute($0, "data-high")!)! }
        #expect(abs(highs[1] - (0.72 + 0.04 / 2.0.squareRoot())) < 1e-12)  // sample std of {0.70, 0.74}
        // The features baseline is drawn as a reference line on the same split.
        let references = try elements(sub, "g", class: "reference").map { attribute($0, "data-label") }
        #expect(references.contains("features-logreg") && references.contains("chance"))
        // Surrogate maps for the search, with every trial overlaid.
        let mean = try #require(svgs.first { attribute($0, "aria-label") == "recurrent-lr-bayes: surrogate mean" })
        #expect(try elements(try parseXML(mean.xmlString), "circle", class: "observed").count == 8)
        #expect(svgs.contains { attribute($0, "aria-label") == "recurrent-lr-bayes: surrogate uncertainty (σ)" })
        #expect(svgs.contains { attribute($0, "aria-label") == "branin: regret (median, quartile band)" })
        // The best sweep point's confusion matrix sums its runs.
        let confusion = try #require(svgs.first { attribute($0, "aria-label") == "best: lr=0.001" })
        let counts = try elements(try parseXML(confusion.xmlString), "rect", class: "cell").map {
            Int(attribute($0, "data-count")!)!
        }
        #expect(counts.reduce(0, +) == 200)
        #expect(html.contains("0.7200 ± 0.0283"))
    }

    static func baseline(_ model: String, window: Int, movingOnly: Bool?, accuracy: Double) -> ResultRecord {
        ResultRecord(
            kind: .baseline, experiment: "baselines-w\(window)",
            baseline: BaselineResult(
                model: model, split: "touchpad", splitSummary: "", window: window, movingSamplesOnly: movingOnly,
                trainStride: window, trainWindows: 300, parameters: [:], dev: nil,
                test: WindowMetrics(
                    windows: 74, windowAccuracy: accuracy, balancedAccuracy: accuracy, confusion: [[27, 10], [3, 34]],
                    streamAccuracy: nil, loss: 0.4)))
    }

    /// Baselines are drawn beside a sweep only when they read the same windows (length, and moving
    /// samples only or not); the others are named with the command that would make them comparable.
    @Test func sweepDrawsOnlyTheBaselinesOfItsOwnWindows() throws {
        var records: [ResultRecord] = []
        for (k, best) in [3, 5].enumerated() {
            var r = Self.run(1e-3, seed: UInt64(k + 1), test: 0.7, dev: 0.7)
            r.split = "touchpad"
            r.window = 104
            r.movingSamplesOnly = true
            r.bestEpoch = best
            r.test?.streamAccuracy = nil
            records.append(ResultRecord(kind: .run, experiment: "lr", run: r))
        }
        records.append(Self.baseline("features-logreg", window: 200, movingOnly: nil, accuracy: 0.71))
        records.append(Self.baseline("still-fraction", window: 104, movingOnly: false, accuracy: 0.52))
        records.append(Self.baseline("features-logreg", window: 104, movingOnly: true, accuracy: 0.66))
        let html = ReportBuilder(records: records, sources: []).page().html
        let doc = try parseXML(html)
        let accuracy = try #require(
            try elements(doc, "svg").first { attribute($0, "aria-label") == "lr: accuracy vs lr" })
        let lines = try elements(try parseXML(accuracy.xmlString), "g", class: "reference").map {
            "\(attribute($0, "data-label") ?? ""):\(attribute($0, "data-y") ?? "")"
        }
        #expect(lines.sorted() == ["chance:0.5", "features-logreg:0.66"], "\(lines)")
        #expect(html.contains("measured on the same split and windows as these runs (W=104, moving samples only)"))
        #expect(html.contains("other windows (W=104, every sample; W=200, every sample) are not drawn"))
        // A matching baseline exists, so no command is suggested; without one, it is.
        #expect(!html.contains("deepmouse baseline --window"))
        let unmatched = ReportBuilder(records: Array(records.dropLast()), sources: []).page().html
        #expect(unmatched.contains("run deepmouse baseline --window 104 --moving-samples-only on the same split"))
        // Best epochs as whole epochs over seeds, and an empty stream accuracy said as such.
        let cells = try elements(doc, "td").map { $0.stringValue ?? "" }
        #expect(cells.contains("3-5") && !cells.contains("4.0"))
        // No column that is empty in every row: the stream accuracy is left out and the page says why.
        let headers = try elements(doc, "th").map { $0.stringValue ?? "" }
        #expect(!headers.contains("stream acc") && html.contains("No stream accuracy: no test part held one stream"))
    }

    /// Every element of the page has each attribute once (XML parsers refuse a repeated one).
    @Test func noElementRepeatsAnAttribute() throws {
        let html = try ReportBuilder(records: Self.records(), sources: []).page().html
        let tag = try Regex(#"<[a-zA-Z]+(\s+[a-zA-Z:-]+="[^"]*")*\s*/?>"#)
        let attribute = try Regex(#"\s([a-zA-Z:-]+)=""#)
        var tags = 0
        for match in html.matches(of: tag) {
            let names = String(html[match.range]).matches(of: attribute).map { String($0.output[1].substring ?? "") }
            #expect(Set(names).count == names.count, "\(html[match.range].prefix(200))")
            tags += 1
        }
        #expect(tags > 100)
    }

    static func switchPoint(_ threshold: Double, median: Double?, falsePerHour: Double) -> SwitchCurvePoint {
        SwitchCurvePoint(
            threshold: threshold, switches: 944, missed: 10, medianDelaySeconds: median, p90DelaySeconds: median,
            falseChanges: Int(falsePerHour), falseChangesPerMotionHour: falsePerHour, right: 0.8, wrong: 0.1,
            unknown: 0.1)
    }

    /// A hand-switch curve through the results file: its section draws every decider's held-out and
    /// dev curve (zero false changes at the axis' floor), the target, and marks the dev choice.
    @Test func switchCurveIsDrawnWithItsDevChoice() throws {
        let shipped = SwitchDeciderCurve(
            decider: "shipped rule",
            dev: [Self.switchPoint(4, median: 12, falsePerHour: 6), Self.switchPoint(8, median: 20, falsePerHour: 0)],
            test: [
                Self.switchPoint(4, median: 14, falsePerHour: 9), Self.switchPoint(8, median: 23, falsePerHour: 0.5)
            ])
        #expect(shipped.chosen == 1)
        let cusum = SwitchDeciderCurve(
            decider: "CUSUM",
            dev: [Self.switchPoint(16, median: nil, falsePerHour: 0)],
            test: [Self.switchPoint(16, median: nil, falsePerHour: 0)])
        #expect(cusum.chosen == nil)  // every switch missed: no delay to choose by
        let result = SwitchCurveResult(
            device: "touchpad", model: "touchpad.dmm", segmentSeconds: 60, recuts: 16, streamMinutes: 60,
            devMotionSeconds: [58, 58], testMotionSeconds: [96, 96], calibration: "llr = 0.822 logit - 0.438",
            deciders: [shipped, cusum])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deepmouse-switch-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("curve.jsonl")
        try ResultsFile.append(
            [ResultRecord(kind: .switchCurve, experiment: "touchpad-60s", switchCurve: result)], to: file)
        let html = try ReportBuilder.load([file]).page().html
        let doc = try parseXML(html)
        #expect(try elements(doc, "h2").map { $0.stringValue ?? "" } == ["Overview", "Hand switches: touchpad-60s"])
        let plot = try #require(
            try elements(doc, "svg").first {
                attribute($0, "aria-label") == "touchpad, 60 s segments: delay against false changes"
            })
        let sub = try parseXML(plot.xmlString)
        let names = try elements(sub, "g", class: "series").compactMap { attribute($0, "data-name") }
        #expect(names == ["1. shipped rule test", "1. shipped rule dev", "2. CUSUM test", "2. CUSUM dev"])
        // Traced in threshold order, not sorted by x.
        let shippedTest = try #require(
            try elements(sub, "g", class: "series").first { attribute($0, "data-name") == "1. shipped rule test" })
        let traced = try elements(try parseXML(shippedTest.xmlString), "circle", class: "point").map {
            Double(attribute($0, "data-x")!)!
        }
        #expect(traced == [9, 0.5])
        #expect(html.contains("Deciders: 1. shipped rule; 2. CUSUM."))
        let xs = try elements(sub, "circle", class: "point").compactMap { Double(attribute($0, "data-x") ?? "") }
        #expect(xs.sorted() == [0.1, 0.5, 6, 9])
        #expect(try elements(sub, "g", class: "reference").map { attribute($0, "data-label") } == ["target median"])
        let cells = try elements(doc, "td").map { $0.stringValue ?? "" }
        #expect(cells.contains("8 (dev choice)") && cells.contains("23.0 s") && cells.contains("n/a"))
        #expect(html.contains("96 / 96 s of held-out motion per hand"))
        // The overview names the fastest decider at its dev choice, scored held out.
        #expect(cells.contains("switch curve") && cells.contains("23.0 s, 0.5 false/h"))
    }
}
