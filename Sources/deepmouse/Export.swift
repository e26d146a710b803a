import ArgumentParser
import DeepMouseCore
import DeepMouseQuantization
import Foundation

extension DeepMouse {
    /// `deepmouse export CHECKPOINT -o firmware-models/NAME.dmm`: quantize for the board.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Quantize a float GRU checkpoint into a .dmm model file and its model card.",
            discussion: """
                Calibrates activation ranges through the float model on the checkpoint's training split, quantizes \
                (int8 weights, int16 activations), writes NAME.dmm and NAME.md, and prints float vs fixed-point \
                accuracy and agreement on the by-recording test split (on the dev part for a final fit without a test, \
                e.g. `train --split tail --fractions 0.75,0.25,0`). LSTM checkpoints are not supported.
                """)

        @Argument(help: "The float checkpoint (*.dmcheckpoint.json).")
        var checkpoint: String

        @Option(name: .shortAndLong, help: "The model file to write (NAME.dmm; the card goes to NAME.md).")
        var output: String

        @Option(
            name: .customLong("data-dir"),
            help:
                "Folder with mouse/ and touchpad/ recordings, for checkpoints trained on those (a tail split also finds its recordings at the paths it recorded)."
        )
        var dataDirectory: String = "../shared/data/deepmouse"

        @Option(
            help:
                "Split to calibrate and evaluate on: mouse or touchpad (default: the checkpoint's own, which may also be a tail split; a final fit without test takes no other)."
        )
        var split: String?

        @Option(help: "Default hop between decisions, in samples (a multiple of 2^conv layers).")
        var hop: Int = 8

        @Option(help: "Training windows used for calibration, evenly spaced (default: all of them).")
        var calibrationWindows: Int?

        @Option(
            help: ArgumentHelp(
                "Store the decision layer's parameters chosen for this model (e.g. by hand-switch-bench on its dev part): evidence kept per hop, 0-0.9999. deepmoused uses them, each unless its own flag overrides it; unset ones take the defaults (0.9, 4, 6, 1 idle hop, 0 minimum hops).",
                valueName: "R"))
        var evidenceRetention: Double?

        @Option(help: ArgumentHelp("With the above: |evidence| that declares a hand (0.004-256).", valueName: "T"))
        var evidenceThreshold: Double?

        @Option(
            help: ArgumentHelp(
                "With the above: the largest |evidence| (0.004-256, at least the threshold).", valueName: "C"))
        var evidenceCap: Double?

        @Option(
            help: ArgumentHelp(
                "Idle hops before the hand becomes unknown: the first after a window without motion, then one per hop (1-1000000; stored with the evidence fields, unset ones at their defaults).",
                valueName: "N"))
        var idleHops: Int?

        @Option(
            help: ArgumentHelp(
                "Hops that must pass between two hand changes (0-1000000; stored like --idle-hops).", valueName: "N"))
        var minHopsBetweenChanges: Int?

        /// The decision parameters to store, if any of the flags above was given.
        var decision: DecisionParameters? {
            guard
                evidenceRetention != nil || evidenceThreshold != nil || evidenceCap != nil || idleHops != nil
                    || minHopsBetweenChanges != nil
            else { return nil }
            var p = DecisionParameters()
            if let r = evidenceRetention { p.retentionQ15 = Int32((r * 32768).rounded()) }
            if let t = evidenceThreshold { p.thresholdQ8 = Int32((t * 256).rounded()) }
            if let c = evidenceCap { p.capQ8 = Int32((c * 256).rounded()) }
            if let n = idleHops { p.idleHopsToUnknown = Int32(clamping: n) }
            if let n = minHopsBetweenChanges { p.minimumHopsBetweenChanges = Int32(clamping: n) }
            return p
        }

        func validate() throws {
            guard output.hasSuffix(".dmm") else { throw ValidationError("--output must end in .dmm") }
            guard hop > 0 else { throw ValidationError("--hop must be positive") }
            if let calibrationWindows, calibrationWindows <= 0 {
                throw ValidationError("--calibration-windows must be positive")
            }
            if let r = evidenceRetention, !(0...0.9999).contains(r) {
                throw ValidationError("--evidence-retention must be 0-0.9999")
            }
            for (name, v) in [("--evidence-threshold", evidenceThreshold), ("--evidence-cap", evidenceCap)] {
                if let v, !(0.004...256).contains(v) { throw ValidationError("\(name) must be 0.004-256") }
            }
            if let n = idleHops, !(1...1_000_000).contains(n) { throw ValidationError("--idle-hops must be 1-1000000") }
            if let n = minHopsBetweenChanges, !(0...1_000_000).contains(n) {
                throw ValidationError("--min-hops-between-changes must be 0-1000000")
            }
            if let d = decision, d.thresholdQ8 > d.capQ8 {
                throw ValidationError("--evidence-threshold must not exceed --evidence-cap (unset: threshold 4, cap 6)")
            }
        }

        func run() throws {
            let command = (["deepmouse"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
            let options = ModelExport.Options(
                checkpoint: URL(fileURLWithPath: checkpoint), output: URL(fileURLWithPath: output),
                dataDirectory: URL(fileURLWithPath: dataDirectory), split: split, hop: hop,
                calibrationWindows: calibrationWindows, commandLine: command, decision: decision)
            let r = try ModelExport.run(options) { FileHandle.standardError.write(Data(("export: " + $0 + "\n").utf8)) }
            let p = r.test
            print("wrote \(output) (\(r.bytes.count) bytes) and \((output as NSString).deletingPathExtension).md")
            print(
                String(
                    format:
                        "%@ (%@, %d windows): float %.2f%%, fixed %.2f%%, decisions agree %.2f%%, |dp| mean %.4f max %.4f",
                    r.scoredPart == .test ? "test split" : "dev part, no test split", r.splitName, p.windows,
                    100 * p.floatAccuracy, 100 * p.fixedAccuracy, 100 * p.agreement,
                    p.meanAbsDifference, p.maxAbsDifference))
        }
    }
}
