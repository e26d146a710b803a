import ArgumentParser
import DeepMouseCore
import DeepMouseQuantization
import DeepMouseTraining
import Foundation

extension DeepMouse {
    /// `deepmouse calibrate MODEL -o OUT --threshold H`: Platt-scale the logit on the dev part and store the
    /// change detector in the model file.
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a .dmm model's calibrated change detector on its dev part and store it in the file.",
            discussion: """
                Runs the fixed-point engine over the dev part of the model's own split (or --split), every \
                --stride samples, fits Platt scaling llr = a * logit + b on those windows (Newton on the log loss, \
                left = 1), and writes OUT: MODEL's entries byte for byte plus a decision.cusum entry with a, b and \
                the detector's --threshold, --head-start, --pause-hops and --idle-hops-to-unknown. deepmoused then \
                decides by that CUSUM (deepmoused --help, DECISIONS) unless --decider vote; a daemon older than the \
                entry ignores it and decides by the vote. --platt-scale and --platt-offset store given constants \
                without reading data. Prints the fit and the windows it rests on.
                """)

        @Argument(help: "The .dmm model file.")
        var model: String

        @Option(name: .shortAndLong, help: "The model file to write (may be MODEL itself).")
        var output: String

        @OptionGroup(title: "Data (the dev part of this split is fitted on)") var data: DataOptions

        @Option(help: ArgumentHelp("Detector threshold H, in nats (0.001-4096).", valueName: "H"))
        var threshold: Double

        @Option(
            help: ArgumentHelp(
                "Head start after a pause, in nats (0-H; default H/2): a switch after a pause needs H minus this.",
                valueName: "S"))
        var headStart: Double?

        @Option(help: ArgumentHelp("Idle hops in a row that make a pause (1-1000000).", valueName: "N"))
        var pauseHops: Int = 13

        @Option(
            help: ArgumentHelp(
                "Idle hops in a row before the hand becomes unknown (1-1000000; default: never, the hand stays known).",
                valueName: "N"))
        var idleHopsToUnknown: Int?

        @Option(help: ArgumentHelp("Samples between dev windows (default: the model's hop).", valueName: "N"))
        var stride: Int?

        @Option(
            help: ArgumentHelp("Store this Platt scale a instead of fitting (with --platt-offset).", valueName: "A"))
        var plattScale: Double?

        @Option(help: ArgumentHelp("Store this Platt offset b, in nats, instead of fitting.", valueName: "B"))
        var plattOffset: Double?

        func validate() throws {
            guard output.hasSuffix(".dmm") else { throw ValidationError("--output must end in .dmm") }
            guard (0.001...4096).contains(threshold) else { throw ValidationError("--threshold must be 0.001-4096") }
            if let s = headStart, !(0...threshold).contains(s) {
                throw ValidationError("--head-start must be 0 to the threshold (\(threshold))")
            }
            guard (1...1_000_000).contains(pauseHops) else { throw ValidationError("--pause-hops must be 1-1000000") }
            if let n = idleHopsToUnknown, !(1...1_000_000).contains(n) {
                throw ValidationError("--idle-hops-to-unknown must be 1-1000000")
            }
            if let stride, stride < 1 { throw ValidationError("--stride must be at least 1") }
            guard (plattScale == nil) == (plattOffset == nil) else {
                throw ValidationError("give both --platt-scale and --platt-offset, or neither (then they are fitted)")
            }
            if let a = plattScale, !(a > 0 && a <= 16) { throw ValidationError("--platt-scale must be in (0, 16]") }
            if let b = plattOffset, !(-16...16).contains(b) { throw ValidationError("--platt-offset must be -16-16") }
        }

        func run() throws {
            let url = URL(fileURLWithPath: model)
            guard let bytes = FileManager.default.contents(atPath: url.path).map({ [UInt8]($0) }) else {
                throw DataError.unreadable(file: model, reason: "no such file or not readable")
            }
            let platt: (a: Double, b: Double)
            if let a = plattScale, let b = plattOffset {
                platt = (a, b)
                print("Platt scaling given: llr = \(a) * logit + \(b)")
            } else {
                let fit = try fitOnDev(bytes)
                platt = (fit.a, fit.b)
            }
            let parameters = ChangeDetectorParameters(
                plattScale: platt.a, plattOffset: platt.b, threshold: threshold, headStart: headStart ?? threshold / 2,
                pauseHops: Int32(pauseHops),
                idleHopsToUnknown: idleHopsToUnknown.map { Int32($0) } ?? ChangeDetectorParameters.never)
            let written: [UInt8]
            do {
                written = try bytes.withUnsafeBytes { raw in
                    try ModelFileWriter.write(ModelFile(bytes: raw), changeDetector: parameters)
                }
            } catch let error as ModelFileError {
                throw DataError.unreadable(file: model, reason: error.description)
            }
            guard FileManager.default.createFile(atPath: output, contents: Data(written)) else {
                throw DataError.unreadable(file: output, reason: "cannot write it")
            }
            print("wrote \(output) (\(written.count) bytes): \(ModelInspection.describe(parameters))")
        }

        /// The fit on the dev part of the model's split (or `--split`), through the fixed-point engine.
        func fitOnDev(_ bytes: [UInt8]) throws -> PlattScaling.Fit {
            let classifier = try FixedPointClassifier(bytes: bytes, name: model)
            guard let splitName = data.split ?? classifier.trainingSplit?.name else {
                throw ValidationError("\(model) names no split in its provenance: give --split")
            }
            let split = try data.strategy(named: splitName, seed: 1, modelSplit: classifier.trainingSplit)
            var loaded = try data.source(splitName: splitName).load()
            let gains = PixelGains.daemonDefaults
            if classifier.unit == .px && loaded.unit != .px {
                loaded = try Dataset(recordings: loaded.recordings.map(gains.inPixels))
            }
            let hop = try bytes.withUnsafeBytes { raw in Int(try ModelFile(bytes: raw).architecture.defaultHop) }
            let windowing = WindowingParameters(
                window: classifier.window, stillThreshold: classifier.stillThreshold,
                movingSamplesOnly: classifier.movingSamplesOnly
            ).with(stride: stride ?? hop)
            let prepared = try PreparedData.prepare(loaded, split: split, windowing: windowing)
            let segments = prepared.plan.segments(.dev)
            guard !segments.isEmpty else {
                throw DataError.noWindows(
                    part: "dev", reason: "split \(split.name) has no dev part: give another --split")
            }
            let windows = WindowSet.cut(windowing.streams(of: loaded), segments: segments, windowing: windowing)
            let fit = try PlattScaling.fit(classifier, windows)
            let counts = windows.classCounts
            print(
                String(
                    format:
                        "Platt scaling fitted on %d dev windows of split %@ (%d left, %d right, stride %d): "
                        + "llr = %.6f * logit %@ %.6f (log loss %.4f)",
                    fit.count, split.name, counts[1], counts[0], windowing.stride, fit.a, fit.b < 0 ? "-" : "+",
                    abs(fit.b), fit.logLoss))
            return fit
        }
    }
}
