import ArgumentParser
import DeepMouseCore
import DeepMouseTraining
import Foundation

extension DeepMouse.DatasetTools {
    /// `deepmouse dataset convert`: legacy x,y -> evemu, any recording -> (dx, dy) CSV.
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Convert a recording: legacy x,y text to an evemu touchpad stream, or any recording to a 100 Hz (dx, dy) CSV table.",
            discussion: """
                --to evemu: one long touch on the pad described by --description (an evemu .desc file or a \
                recording's header; default: a 10 units/mm replay pad), positions scaled by the pad's resolution \
                over --px-per-mm, one frame per changed 10 ms sample. 'deepmoused --replay FILE --px-per-mm G' \
                then sees exactly the legacy pixel deltas; the trainer's reader sees them in mm (a still start \
                is not motion there, and the lift adds one empty sample at the end).
                --to csv: the samples the trainer reads (legacy: pixels; evemu: touchpad mm or mouse counts), \
                't_s,dx_<unit>,dy_<unit>', t from the stream's start, numbers that read back exactly.
                """)

        enum Target: String, ExpressibleByArgument, CaseIterable { case evemu, csv }

        @Argument(help: ArgumentHelp("The recording to convert.", valueName: "input"))
        var input: String

        @Option(
            name: .shortAndLong, help: ArgumentHelp("The output file ('-' for standard output).", valueName: "file"))
        var output: String

        @Option(help: "What to write: evemu (from legacy x,y) or csv (from any recording).")
        var to: Target

        @Option(
            help: ArgumentHelp(
                "Device description for --to evemu: a touchpad's .desc file or evemu recording.", valueName: "file"))
        var description: String?

        @Option(
            name: .customLong("px-per-mm"),
            help:
                "Gain for --to evemu: screen pixels per millimetre of finger travel (default 10 on the replay pad; required with --description)."
        )
        var pixelsPerMillimetre: Double?

        @Option(help: "The hand label for --to evemu (default: from a left*/right* file name).")
        var hand: String?

        @Flag(help: "Replace an existing output file.")
        var force = false

        func validate() throws {
            if to == .csv && (description != nil || pixelsPerMillimetre != nil || hand != nil) {
                throw ValidationError("--description, --px-per-mm and --hand apply to --to evemu only")
            }
            if description != nil && pixelsPerMillimetre == nil {
                throw ValidationError("--px-per-mm is required with --description (pixels per mm of the pad described)")
            }
            if let g = pixelsPerMillimetre, !(g > 0 && g.isFinite) {
                throw ValidationError("--px-per-mm must be a positive number")
            }
            if let hand, Hand(hand) == nil { throw ValidationError("--hand must be left or right") }
        }

        func run() throws {
            if output != "-" && FileManager.default.fileExists(atPath: output) && !force {
                throw ValidationError("\(output) exists (use --force to replace it)")
            }
            let url = URL(fileURLWithPath: input)
            let bytes: Data
            switch to {
            case .evemu:
                let device = try description.map {
                    try RecordingConversion.description(contentsOf: URL(fileURLWithPath: $0))
                }
                bytes = Data(
                    try RecordingConversion.evemu(
                        fromLegacy: url, device: device, deviceFile: description,
                        pixelsPerMillimetre: pixelsPerMillimetre ?? 10,
                        hand: hand.flatMap { Hand($0) }))
            case .csv:
                let recording = try Recording.load(url, hand: .left)  // the hand is not part of the table
                bytes = Data(RecordingConversion.csv(recording.stream).utf8)
            }
            if output == "-" {
                FileHandle.standardOutput.write(bytes)
            } else {
                try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
            }
        }
    }
}
