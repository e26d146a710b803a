import ArgumentParser
import DeepMouseExperiments
import DeepMouseTraining
import Foundation

extension DeepMouse {
    /// `deepmouse baseline`: how far simple methods get on the same split as the network.
    struct Baseline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Score the simple baselines on a split: still-fraction rule, motion-feature logistic regression, RBF SVM.",
            discussion: """
                Uses the same recordings, split and windows as `deepmouse train`. The logistic regression's L2 \
                strength is picked on dev accuracy; the SVM's C and gamma by Bayesian search on cross-validated \
                balanced accuracy (folds by session, or time blocks of each recording). Prints test accuracy per \
                model; -o appends one result line per model for `deepmouse report`.
                """)

        @OptionGroup(title: "Data") var data: DataOptions

        @Option(help: "Samples per window (100 Hz; 800 = 8 s).")
        var window: Int = 800

        @Option(
            help:
                "Samples between training windows (default: the window, no overlap). Dev and test windows never overlap."
        )
        var stride: Int?

        @Option(help: "No-motion filter: drop windows whose dx or dy std is at most this.")
        var stillThreshold: Float = WindowingParameters.defaultStillThreshold

        @Option(
            help:
                "Normalisation of the SVM's raw windows: global (px constants), fitted (train mean/std), or auto: global for px, else fitted."
        )
        var normalization: NormalizationChoice = .auto

        @Option(help: "Comma list of models: still-fraction, features-logreg, svm-rbf.")
        var models = CommaList(BaselineRun.Model.allCases)

        @Flag(
            help:
                "Cut windows from moving samples only, as deepmouse train --moving-samples-only does, so the baselines read the same windows as such a network."
        )
        var movingSamplesOnly = false

        @Option(help: "Trials of the SVM's Bayesian (C, gamma) search.")
        var svmBudget: Int = 20

        @Option(help: "Seed of the SVM search.")
        var seed: UInt64 = 1

        @Option(help: "Seconds of motion per stream decision.")
        var streamSeconds: Double = 30

        @Option(
            name: [.customShort("o"), .customLong("output")],
            help: "Append one result line per model to this JSON Lines file.")
        var output: String?

        @Option(help: "Experiment name stored in the result lines (default: baselines-<split>-w<window>).")
        var experiment: String?

        @Flag(help: "Print one JSON object per model instead of text.")
        var json = false

        func validate() throws {
            guard window >= 2 else { throw ValidationError("--window must be at least 2 samples") }
            if let stride, stride < 1 { throw ValidationError("--stride must be at least 1") }
            guard svmBudget >= 1 else { throw ValidationError("--svm-budget must be at least 1") }
            guard streamSeconds > 0 else { throw ValidationError("--stream-seconds must be positive") }
        }

        func run() throws {
            let splitName = data.split ?? data.defaultTrainingSplit
            let settings = BaselineRun.Settings(
                source: try data.source(splitName: splitName), split: try data.strategy(named: splitName, seed: seed),
                windowing: WindowingParameters(
                    window: window, stride: stride ?? window, stillThreshold: stillThreshold,
                    movingSamplesOnly: movingSamplesOnly),
                normalization: normalization, models: models.values,
                svmBudget: svmBudget, seed: seed, streamSeconds: streamSeconds)
            let note: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
            let results = try BaselineRun.run(settings, note: json ? { _ in } : note)
            let name = experiment ?? "baselines-\(splitName)-w\(window)\(movingSamplesOnly ? "-moving" : "")"
            let records = results.map { ResultRecord(kind: .baseline, experiment: name, baseline: $0) }
            if let output { try ResultsFile.append(records, to: URL(fileURLWithPath: output)) }
            if json {
                for record in records { FileHandle.standardOutput.write(try ResultsFile.line(record)) }
            } else {
                print("baselines on split \(splitName), window \(window), train stride \(stride ?? window):")
                for r in results { print(r.text) }
            }
        }
    }
}
