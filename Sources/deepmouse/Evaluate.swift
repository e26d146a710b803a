import ArgumentParser
import DeepMouseQuantization
import DeepMouseTraining
import Foundation

extension DeepMouse {
    /// `deepmouse evaluate`: how well a trained model tells the hands apart on recordings.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a model on labelled recordings: window, balanced and stream accuracy, confusion matrix.",
            discussion: """
                Windows are non-overlapping from each file's start and filtered with the model's no-motion rule. \
                The still-fraction baseline (fitted on the split's train part with --split, else on the evaluated \
                windows) is printed beside the model to show whether it leans on that confound.
                """)

        @Option(
            help: ArgumentHelp(
                "The model: a float checkpoint (*.dmcheckpoint.json) or a .dmm file. Repeat it to score the ensemble (mean p_left) of several.",
                valueName: "file"))
        var model: [String] = []

        @OptionGroup(title: "Data") var data: DataOptions

        @Option(help: "Samples per window (default: the model's).")
        var window: Int?

        @Option(
            help: ArgumentHelp(
                "Score windows of this many samples (longer than the model's window), each by the mean p_left of the model's windows inside it (back to back when the model's window divides it, else the fewest evenly spaced ones that cover it; or every --decide-stride samples) that pass its no-motion rule: compares a short-window model with others on the same windows.",
                valueName: "samples"))
        var decideOver: Int?

        @Option(
            help: ArgumentHelp(
                "With --decide-over: samples between the model's windows inside each scored window (at most the model's window, dividing the difference of the two windows; default: the fewest evenly spaced windows that cover each scored one).",
                valueName: "samples"))
        var decideStride: Int?

        @Option(help: "Samples between windows in --windows-output (default: the window).")
        var stride: Int?

        @Option(help: "Seconds of motion averaged for one stream decision.")
        var streamSeconds: Double = 30

        @Option(
            help: "Write one JSON object per window (file, hand, start, p_left, still, still_fraction) to this file.")
        var windowsOutput: String?

        @Option(
            name: .customLong("px-per-mm"),
            help: ArgumentHelp(
                "For a px model on touchpad recordings in mm: screen pixels per mm of finger travel, as deepmoused's --px-per-mm.",
                valueName: "G"))
        var pixelsPerMillimetre: Double = PixelGains.daemonDefaults.pixelsPerMillimetre

        @Option(
            name: .customLong("px-per-count"),
            help: ArgumentHelp(
                "For a px model on mouse recordings in counts: screen pixels per count, as deepmoused's --px-per-count.",
                valueName: "G"))
        var pixelsPerCount: Double = PixelGains.daemonDefaults.pixelsPerCount

        @Option(help: "Network threads.")
        var threads: Int = 2

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func validate() throws {
            guard !model.isEmpty else {
                throw ValidationError("give the model: --model FILE (repeat it for an ensemble)")
            }
            if model.contains(where: { $0.hasSuffix(".dmm") }), window != nil {
                throw ValidationError("a .dmm model runs on its own window; drop --window")
            }
            guard data.split != nil || data.hasFiles || data.manifest != nil else {
                throw ValidationError(
                    "give recordings (--left FILE... --right FILE..., or --manifest) or a --split of --data-dir")
            }
            if let window, window < 2 { throw ValidationError("--window must be at least 2 samples") }
            if decideStride != nil, decideOver == nil {
                throw ValidationError("--decide-stride goes with --decide-over")
            }
            if decideOver != nil, window != nil {
                throw ValidationError("--decide-over sets the scored window; drop --window (the model reads its own)")
            }
            if let stride, stride < 1 { throw ValidationError("--stride must be at least 1") }
            guard streamSeconds > 0 else { throw ValidationError("--stream-seconds must be positive") }
            guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
            for (flag, g) in [("--px-per-mm", pixelsPerMillimetre), ("--px-per-count", pixelsPerCount)]
            where !(g > 0 && g.isFinite) {
                throw ValidationError("\(flag) must be a positive number")
            }
        }

        func run() throws {
            // A .dmm runs through the board's fixed-point engine (FixedPointClassifier), a checkpoint in float.
            var members: [any HandClassifier] = []
            var trainingSplitSeed: UInt64?
            for path in model {
                if path.hasSuffix(".dmm") {
                    members.append(try FixedPointClassifier(contentsOf: URL(fileURLWithPath: path)))
                } else {
                    let float = try FloatCheckpointClassifier(contentsOf: URL(fileURLWithPath: path), threads: threads)
                    trainingSplitSeed = trainingSplitSeed ?? float.trainingSplitSeed  // the first model's random split
                    members.append(float)
                }
            }
            var classifier = members.count == 1 ? members[0] : try EnsembleClassifier(members)
            if let decideOver {
                classifier = try SubWindowMeanClassifier(classifier, window: decideOver, stride: decideStride)
            }
            let splitSeed = trainingSplitSeed ?? 1
            let settings = EvaluationRun.Settings(
                source: try data.source(splitName: data.split),
                split: try data.split.map {
                    try data.strategy(named: $0, seed: splitSeed, modelSplit: classifier.trainingSplit)
                },
                window: window, stride: stride, streamSeconds: streamSeconds,
                windowsOutput: windowsOutput.map { URL(fileURLWithPath: $0) },
                pixelGains: PixelGains(pixelsPerMillimetre: pixelsPerMillimetre, pixelsPerCount: pixelsPerCount))
            let report = try EvaluationRun.run(classifier, settings)
            print(json ? report.jsonText : report.text)
        }
    }
}
