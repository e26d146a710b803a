import ArgumentParser
import DeepMouseTraining
import Foundation

extension DeepMouse {
    /// `deepmouse train`: recordings in, the best float checkpoint out.
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a Conv1D + GRU/LSTM hand classifier on labelled recordings.",
            discussion: """
                Splits the data by recording (default: the mouse split of ../shared/data/deepmouse), trains with \
                early stopping on the dev part, writes the best epoch's checkpoint (-o) and the split next to it \
                (<name>.split.json), and reports test accuracy beside the still-fraction baseline.

                Recipes: the settings it starts from. By default a touchpad's millimetres (what \
                `deepmoused record` writes for a touchpad) get the touchpad recipe of firmware-models/touchpad.dmm \
                (104 moving samples, GRU 64, mean readout), a mouse's counts the mouse recipe of mouse.dmm (400 \
                moving samples, GRU 128), and the study's screen pixels the original network (800 samples, GRU \
                128). Every flag given wins over the recipe.
                """)

        @OptionGroup(title: "Data") var data: DataOptions
        @OptionGroup(title: "Model") var model: ModelOptions

        @Option(help: "Settings to start from: original, touchpad or mouse (default: by the data's unit, see above).")
        var recipe: TrainingRecipe.Name?

        @Option(help: "Samples per window (100 Hz; default: the recipe's, 800 = 8 s for original).")
        var window: Int?

        @Option(
            help:
                "Samples between training windows (default: the recipe's share of the window, window / 4 for original). Dev and test windows never overlap."
        )
        var stride: Int?

        @Option(help: "Use only the first part of each train segment (e.g. 0.25), for training-set-size curves.")
        var trainFraction: Double = 1

        @Option(help: "No-motion filter: drop windows whose dx or dy std is at most this (in the data's unit).")
        var stillThreshold: Float = WindowingParameters.defaultStillThreshold

        @Option(
            help:
                "Normalisation: global (the unit's constants, px only), fitted (mean/std of the training windows), or auto: global for px, else fitted."
        )
        var normalization: NormalizationChoice = .auto

        @Option(help: "Maximum epochs (default: the recipe's, 30 for original).")
        var epochs: Int?

        @Option(help: "Windows per mini-batch.")
        var batchSize: Int = 32

        @Option(name: .customLong("lr"), help: "Adam learning rate.")
        var learningRate: Float = 1e-3

        @Option(help: "Seed of the initial weights, dropout, shuffling and the random split.")
        var seed: UInt64 = 1

        @Option(
            help:
                "Stop after this many epochs without dev improvement (0: train all epochs, keep the best; default: the recipe's, 5 for original)."
        )
        var patience: Int?

        @Option(help: "Early-stopping metric: dev-loss or dev-accuracy.")
        var monitor: TrainingConfig.Monitor = .devLoss

        @Option(
            help:
                "Class balance: none, oversample (repeat the smaller class each epoch) or weights (loss weight N / (2 N_class))."
        )
        var balance: TrainingConfig.Balance = .none

        @Flag(
            help:
                "Cut windows from the streams without their still samples (dx = dy = 0): the model sees motion only, never pauses, and the board feeds it moving cells only (the touchpad and mouse recipes' default)."
        )
        var movingSamplesOnly = false

        @Flag(help: "Cut windows from every sample, still ones included (the original recipe's default).")
        var allSamples = false

        @Option(help: "Augmentation: std of the log amplitude factor drawn per training window (0: off; e.g. 0.3).")
        var augmentScale: Float = 0

        @Flag(help: "Augmentation: mirror half the training windows left-right (dx negated) and swap their label.")
        var augmentMirror = false

        @Option(
            help:
                "Evaluate dev and keep the checkpoint with an exponential moving average of the weights over Adam steps, with this decay (e.g. 0.99; default: off)."
        )
        var weightAverage: Double?

        @Option(
            name: .customLong("teacher"),
            help:
                "Distillation: a float checkpoint whose p_left (averaged over every --teacher) softens the training targets; repeat for an ensemble."
        )
        var teachers: [String] = []

        @Option(help: "Distillation: the teachers' share of each training target, (1 - w) label + w mean p_left.")
        var teacherWeight: Double = 0.5

        @Option(help: "Threads for the network (batch shards).")
        var threads: Int = 2

        @Option(help: "Seconds of motion per stream for the stream accuracy of the test report.")
        var streamSeconds: Double = 30

        @Option(name: [.customShort("o"), .customLong("output")], help: "The checkpoint to write (the best epoch's).")
        var output: String = "model" + Checkpoint.fileSuffix

        @Option(help: "JSON Lines training log, one object per epoch.")
        var log: String?

        @Flag(help: "Print the test report as one JSON object on stdout.")
        var json = false

        func validate() throws {
            if let window, window < 2 { throw ValidationError("--window must be at least 2 samples") }
            if movingSamplesOnly && allSamples {
                throw ValidationError("--moving-samples-only and --all-samples exclude each other")
            }
            if let stride, stride < 1 { throw ValidationError("--stride must be at least 1") }
            guard trainFraction > 0 && trainFraction <= 1 else {
                throw ValidationError("--train-fraction must be in (0, 1]")
            }
            if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
            guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--lr must be positive") }
            if let patience, patience < 0 { throw ValidationError("--patience must be >= 0") }
            guard augmentScale >= 0, augmentScale <= 2 else {
                throw ValidationError("--augment-scale must be in [0, 2]")
            }
            if let weightAverage, !(weightAverage > 0 && weightAverage < 1) {
                throw ValidationError("--weight-average must be in (0, 1), e.g. 0.99")
            }
            guard teacherWeight >= 0 && teacherWeight <= 1 else {
                throw ValidationError("--teacher-weight must be in [0, 1]")
            }
            guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
            guard streamSeconds > 0 else { throw ValidationError("--stream-seconds must be positive") }
            if let window, window >> model.convLayers < 1 {
                throw ValidationError("--window \(window) is too short for \(model.convLayers) poolings")
            }
        }

        func run() throws {
            let splitName = data.split ?? data.defaultTrainingSplit
            let source = try data.source(splitName: splitName)
            // The recipe follows the data's unit: the data are read once, here, and handed to the run.
            var dataset: Dataset?
            let chosen: TrainingRecipe
            if let recipe {
                chosen = .named(recipe)
            } else {
                let loaded = try source.load()
                chosen = .forData(in: loaded.unit)
                dataset = loaded
            }
            let window = self.window ?? chosen.window
            guard window >> model.convLayers >= 1 else {
                throw ValidationError("--window \(window) is too short for \(model.convLayers) poolings")
            }
            let progress = TrainingProgress()
            progress.note(
                "recipe \(chosen.name.rawValue)\(recipe == nil ? " (by the data's unit)" : ""): \(chosen.summary); flags given win"
            )
            let patience = self.patience ?? chosen.patience
            var settings = TrainingRun.Settings(
                source: source,
                split: try data.strategy(named: splitName, seed: seed),
                windowing: WindowingParameters(
                    window: window, stride: stride ?? max(1, window * chosen.stride / chosen.window),
                    stillThreshold: stillThreshold,
                    movingSamplesOnly: movingSamplesOnly || (chosen.movingSamplesOnly && !allSamples)),
                normalization: normalization,
                architecture: try model.config(window: window, recipe: chosen),
                training: TrainingConfig(
                    epochs: epochs ?? chosen.epochs, batchSize: batchSize, learningRate: learningRate, seed: seed,
                    patience: patience == 0 ? nil : patience, monitor: monitor,
                    balance: balance,
                    augmentation: Augmentation(scaleSigma: augmentScale, mirror: augmentMirror),
                    weightAverage: weightAverage),
                checkpoint: URL(fileURLWithPath: output), log: log.map { URL(fileURLWithPath: $0) },
                command: CommandLine.arguments.joined(separator: " "), threads: threads, streamSeconds: streamSeconds)
            settings.trainFraction = trainFraction
            settings.dataset = dataset
            if !teachers.isEmpty {
                settings.distillation = Distillation(
                    teacherFiles: teachers.map { URL(fileURLWithPath: $0) },
                    weight: teacherWeight, threads: threads)
            }
            let outcome = try TrainingRun.run(settings, progress: progress)
            progress.note(
                "best epoch \(outcome.summary.bestEpoch) of \(outcome.summary.epochs.count); checkpoint \(output); split \(outcome.splitReportURL.path)"
            )
            if let test = outcome.test {
                print(json ? test.jsonText : test.text)
            } else {
                progress.note("no test windows in this split: nothing to report")
            }
        }
    }
}
