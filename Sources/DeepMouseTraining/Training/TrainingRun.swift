import Foundation

/// Everything `deepmouse train` does, from recordings to the best checkpoint on disk and a test
/// report: load, split, cut windows, normalise (constants or fitted on train only), train with
/// early stopping, keep the best epoch's checkpoint, then score it on the test part beside the
/// still-fraction baseline. The split report is written next to the checkpoint
/// (`<name>.split.json`) so the run can be reproduced.
public struct TrainingRun {
    /// Everything one `deepmouse train` run needs: data, split, windows, normalisation, architecture and optimiser.
    public struct Settings: Sendable {
        public var source: DataSource
        public var split: SplitStrategy
        public var windowing: WindowingParameters
        public var normalization: NormalizationChoice
        /// Its `window` is replaced by `windowing.window`.
        public var architecture: ModelConfig
        public var training: TrainingConfig
        public var checkpoint: URL
        public var log: URL?
        /// The command line, stored in the checkpoint's provenance.
        public var command: String?
        public var threads: Int
        public var streamSeconds: Double
        /// Fraction of each train segment used (its first part; 1 = all).
        public var trainFraction: Double = 1
        /// Soft targets from teacher models instead of the bare labels.
        public var distillation: Distillation?
        /// `source` already read (by a caller that needed its unit first), so it is not read twice.
        public var dataset: Dataset?

        public init(
            source: DataSource, split: SplitStrategy, windowing: WindowingParameters,
            normalization: NormalizationChoice = .global, architecture: ModelConfig, training: TrainingConfig,
            checkpoint: URL, log: URL? = nil, command: String? = nil, threads: Int = 2, streamSeconds: Double = 30
        ) {
            self.source = source
            self.split = split
            self.windowing = windowing
            self.normalization = normalization
            self.architecture = architecture
            self.training = training
            self.checkpoint = checkpoint
            self.log = log
            self.command = command
            self.threads = threads
            self.streamSeconds = streamSeconds
        }
    }

    /// What a run produced besides the checkpoint on disk: its split, normalisation and scores.
    public struct Outcome: Sendable {
        public var split: SplitReport
        public var normalization: Normalization
        public var summary: TrainingSummary
        /// The best checkpoint on the test windows; nil when the split has no test part.
        public var test: EvaluationReport?
        public var splitReportURL: URL
    }

    /// `model.dmcheckpoint.json` -> `model.split.json`.
    public static func splitReportURL(for checkpoint: URL) -> URL {
        var name = checkpoint.lastPathComponent
        for suffix in [Checkpoint.fileSuffix, ".json"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        return checkpoint.deletingLastPathComponent().appendingPathComponent(name + ".split.json")
    }

    public static func run(_ s: Settings, progress: TrainingProgress) throws -> Outcome {
        let dataset = try s.dataset ?? s.source.load()
        let data = try PreparedData.prepare(
            dataset, split: s.split, windowing: s.windowing, trainFraction: s.trainFraction)
        let report = data.report
        progress.note(report.text)
        // (a final fit holds out no test part: its empty test part is no surprise)
        for (part, count) in [("dev", data.dev.count), ("test", data.test.count)]
        where part == "dev" || s.split.holdsOutTest {
            if let warning = fewWindowsWarning(part: part, windows: count) { progress.note(warning) }
        }
        let splitURL = splitReportURL(for: s.checkpoint)
        try write(report, to: splitURL)

        let normalization = try s.normalization.normalization(for: data.train, unit: dataset.unit)
        // What `auto` chose, as recorded with the model.
        let choice = s.normalization.resolved(for: dataset.unit)
        progress.note(
            "normalisation (\(choice.rawValue)\(s.normalization == .auto ? ", auto for \(dataset.unit.description)" : "")): offset \(normalization.offset), scale \(normalization.scale)"
        )
        let counts = data.train.classCounts
        if min(counts[0], counts[1]) * 3 < max(counts[0], counts[1]) * 2 && s.training.balance == .none {
            progress.note(
                "note: training classes are unbalanced (right \(counts[0]), left \(counts[1])); consider --balance oversample"
            )
        }
        let train = data.train.normalized(by: normalization)
        let dev = data.dev.normalized(by: normalization)
        var targets: [Float]?
        if let distillation = s.distillation {
            let tested = Set(data.plan.segments(.test).map(\.recording)).map { dataset.recordings[$0].source }
            targets = try distillation.targets(
                for: data.train, unit: dataset.unit, windowing: s.windowing,
                testRecordings: tested)
            progress.note(
                "distillation: targets = \(1 - distillation.weight) label + \(distillation.weight) mean p_left of \(distillation.teacherFiles.count) teacher(s)"
            )
        }

        var architecture = s.architecture
        architecture.window = s.windowing.window
        let model = try Classifier(config: architecture, seed: s.training.seed, threads: s.threads)
        model.optimizer.learningRate = s.training.learningRate
        progress.note(
            "model: \(architecture.conv.count) conv, \(architecture.recurrent.rawValue)(\(architecture.hidden))\(architecture.readout == .last ? "" : ", mean readout"), \(model.parameterCount) parameters; \(train.count) train / \(dev.count) dev windows"
        )

        let preprocessing = PreprocessingRecord(
            unit: dataset.unit.description, sampleRateHz: MotionStream.standardSampleRate,
            window: s.windowing.window, stillThreshold: s.windowing.stillThreshold,
            offset: normalization.offset, scale: normalization.scale,
            normalization: choice.rawValue,
            movingSamplesOnly: s.windowing.movingSamplesOnly)
        let provenance = Self.provenance(data, command: s.command, splitReport: splitURL)
        var settings = Self.settings(s, data)
        var best: (ParameterSnapshot, EpochRecord)?
        func save(_ record: EpochRecord, epochsRun: Int) throws {
            var devMetrics: [String: Double] = [:]
            devMetrics["loss"] = record.devLoss
            devMetrics["accuracy"] = record.devAccuracy
            devMetrics["balanced_accuracy"] = record.devBalancedAccuracy
            let training = TrainingRecord(
                seed: s.training.seed, epochs: epochsRun, bestEpoch: record.epoch,
                batchSize: s.training.batchSize, optimizer: model.optimizer,
                devMetrics: devMetrics, settings: settings)
            try model.save(to: s.checkpoint, preprocessing: preprocessing, training: training, provenance: provenance)
        }

        let log = try s.log.map { try TrainingLog(url: $0) }
        var loop = TrainingLoop(config: s.training, train: train, dev: dev, progress: progress, log: log)
        loop.targets = targets
        let summary = try loop.run(model) { record in
            best = (model.snapshot(), record)
            try save(record, epochsRun: record.epoch)
        }

        // Score the best weights on the test part, then store the final record with them.
        model.restore(best!.0)
        var test: EvaluationReport?
        if !data.test.isEmpty {
            let pLeft = try model.predict(data.test.normalized(by: normalization), batchSize: 256)
            test = EvaluationReport(
                model: s.checkpoint.lastPathComponent + " (best epoch \(summary.bestEpoch))",
                data: "test part of split \(data.plan.name): \(data.plan.summary)",
                windows: data.test, pLeft: pLeft, streamSeconds: s.streamSeconds,
                baseline: (StillFractionBaseline.fit(data.train), "train part of split \(data.plan.name)"))
            test!.movingSamplesOnly = s.windowing.movingSamplesOnly
            settings["test_windows"] = String(test!.windows)
            settings["test_window_accuracy"] = String(test!.confusion.accuracy)
            settings["test_balanced_accuracy"] = String(test!.confusion.balancedAccuracy)
            settings["test_stream_accuracy"] = String(test!.stream.accuracy)
            if let b = test!.baseline { settings["test_still_baseline_accuracy"] = String(b.confusion.accuracy) }
        }
        try save(best!.1, epochsRun: summary.epochs.count)
        return Outcome(
            split: report, normalization: normalization, summary: summary, test: test, splitReportURL: splitURL)
    }

    static func write(_ report: SplitReport, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do { try encoder.encode(report).write(to: url, options: .atomic) } catch {
            throw DataError.unwritable(file: url.path, reason: error.localizedDescription)
        }
    }

    static func provenance(_ data: PreparedData, command: String?, splitReport: URL) -> ProvenanceRecord {
        let files = data.dataset.recordings.enumerated().map { i, r in
            let parts = SplitPart.allCases.filter { part in
                data.plan.segments.contains { $0.recording == i && $0.part == part }
            }
            return ProvenanceRecord.DataFile(
                path: r.source.path, bytes: r.source.byteCount, sha256: r.source.sha256,
                label: r.hand.description, role: parts.map(\.rawValue).joined(separator: "+"))
        }
        let formatter = ISO8601DateFormatter()
        return ProvenanceRecord(
            files: files,
            split: "\(data.plan.name): \(data.plan.summary) (segments in \(splitReport.lastPathComponent))",
            createdAt: formatter.string(from: Date()), software: "deepmouse", command: command)
    }

    static func settings(_ s: Settings, _ data: PreparedData) -> [String: String] {
        var settings: [String: String] = [
            "split": data.plan.name, "split_summary": data.plan.summary,
            "window": String(s.windowing.window), "train_stride": String(s.windowing.stride),
            "train_fraction": String(s.trainFraction),
            "still_threshold": String(s.windowing.stillThreshold), "normalization": s.normalization.rawValue,
            "learning_rate": String(s.training.learningRate), "monitor": s.training.monitor.rawValue,
            "patience": s.training.patience.map(String.init) ?? "none", "balance": s.training.balance.rawValue,
            "shuffle": String(s.training.shuffle), "max_epochs": String(s.training.epochs),
            "threads": String(s.threads),
            "moving_samples_only": String(s.windowing.movingSamplesOnly),
            "augment_scale": String(s.training.augmentation.scaleSigma),
            "augment_mirror": String(s.training.augmentation.mirror),
            "weight_average": s.training.weightAverage.map { String($0) } ?? "none"
        ]
        settings.merge(s.split.settings) { _, new in new }
        settings.merge(s.distillation?.settings ?? [:]) { _, new in new }
        for part in SplitPart.allCases {
            let counts = data.windows(part).classCounts
            settings["\(part.rawValue)_windows_right"] = String(counts[0])
            settings["\(part.rawValue)_windows_left"] = String(counts[1])
        }
        return settings
    }
}

extension Classifier: TrainableClassifier {
    public func trainStep(inputs: [Float], labels: [Float], weights: [Float]?, count: Int) throws -> TrainStepResult {
        let metrics = trainStep(inputs: inputs, labels: labels, weights: weights)
        return TrainStepResult(loss: metrics.loss, correct: metrics.correct)
    }

    public func predict(inputs: [Float], count: Int) throws -> [Float] { predict(inputs: inputs) }

    public func startWeightAverage(decay: Double) throws { weightAverageDecay = decay }

    public func withAveragedWeights<R>(_ body: () throws -> R) throws -> R {
        guard let averaged = averagedSnapshot() else { return try body() }
        let trained = snapshot()
        restore(averaged)
        defer { restore(trained) }
        return try body()
    }
}

/// Fewer windows than this make an accuracy too uncertain to choose by: with 30 windows a 95% interval
/// is still about +-0.15 wide around 0.8.
let fewWindows = 30

/// A warning when `part` of the split has no windows or so few that an accuracy on them means little,
/// with the interval it has and what to do; nil when there are enough.
func fewWindowsWarning(part: String, windows: Int) -> String? {
    if windows == 0 {
        return "warning: no \(part) windows (the \(part) part is shorter than one window): "
            + (part == "test" ? "nothing is tested, and export compares float and fixed point on the dev part; " : "")
            + "record more (about 10 minutes per hand) or lower --window"
    }
    guard windows < fewWindows else { return nil }
    // Half width of a 95% Wald interval at accuracy 0.8 (wider still near 0.5).
    let halfWidth = 1.96 * (0.8 * 0.2 / Double(windows)).squareRoot()
    let text = String(format: "%.2f", min(halfWidth, 0.5))
    return
        "warning: only \(windows) \(part) window\(windows == 1 ? "" : "s"): an accuracy measured on them is uncertain "
        + "by about +-\(text) (95%); record more (about 10 minutes per hand) or lower --window"
}
