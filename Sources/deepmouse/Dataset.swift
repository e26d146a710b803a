import ArgumentParser
import DeepMouseCore
import DeepMouseTraining
import Foundation

extension DeepMouse {
    /// `deepmouse dataset`: the recordings a model is trained on: manifests, validation,
    /// conversion between formats, acquisition statistics. (Not `Dataset`: that is the trainer's type.)
    struct DatasetTools: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dataset",
            abstract: "Build and check datasets: manifests, conversions, acquisition statistics.",
            subcommands: [Manifest.self, Validate.self, Convert.self, Stats.self])
    }
}

extension DeepMouse.DatasetTools {
    /// `deepmouse dataset manifest`: a JSON Lines manifest for recordings, labels from the
    /// command line or from the files themselves.
    struct Manifest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write a JSON Lines manifest (recording, hand, device, person, notes, session, role) for recordings.",
            discussion: """
                The hand of each recording is --hand, else the '# deepmouse-hand' label that 'deepmoused record' \
                wrote into it, else a left*/right* file name. Paths are written relative to the manifest's folder \
                when the recordings are inside it. 'deepmouse train --manifest' and 'dataset validate' read the result.
                """)

        @Argument(help: ArgumentHelp("Recordings (evemu or legacy x,y).", valueName: "recording"))
        var recordings: [String]

        @Option(name: .shortAndLong, help: ArgumentHelp("The manifest to write.", valueName: "file"))
        var output: String

        @Option(help: "The hand of every recording: left or right (default: from each file).")
        var hand: String?

        @Option(help: "Device kind: touchpad, mouse, pointingstick (default: from the recording's label).")
        var device: String?

        @Option(help: "Who made the recordings.")
        var person: String?

        @Option(help: "Free-form notes.")
        var notes: String?

        @Option(help: "Session name pairing left and right recordings (default: from left-N/right-N names).")
        var session: String?

        @Option(help: "Split role for every recording: train, dev or test.")
        var role: String?

        @Flag(help: "Append to an existing manifest instead of refusing to overwrite it.")
        var append = false

        @Flag(help: "Replace an existing manifest.")
        var force = false

        func validate() throws {
            if let hand, Hand(hand) == nil { throw ValidationError("--hand must be left or right") }
            if let role, SplitPart(rawValue: role) == nil { throw ValidationError("--role must be train, dev or test") }
            if append && force { throw ValidationError("--append and --force exclude each other") }
        }

        func run() throws {
            let url = URL(fileURLWithPath: output)
            let exists = FileManager.default.fileExists(atPath: url.path)
            if exists && !append && !force { throw ValidationError("\(output) exists (use --append or --force)") }
            var lines: [String] = []
            for path in recordings {
                let file = URL(fileURLWithPath: path)
                try InputFile.check(file)  // the true reason when it cannot be read
                let labels = RecordingFileLabels.read(file)
                let name = file.lastPathComponent.lowercased()
                guard
                    let hand = hand.flatMap { Hand($0) } ?? RecordingFileLabels.hand(labels)
                        ?? (name.hasPrefix("left") ? .left : name.hasPrefix("right") ? .right : nil)
                else {
                    throw ValidationError(
                        "\(path): no hand (no --hand, no '# deepmouse-hand' label, not named left*/right*)")
                }
                let kind = device ?? RecordingFileLabels.text(labels, "kind").map { String($0.prefix { $0 != " " }) }
                let metadata = RecordingMetadata(
                    device: kind, person: person ?? RecordingFileLabels.text(labels, "person"),
                    notes: notes ?? RecordingFileLabels.text(labels, "notes"),
                    role: role.flatMap(SplitPart.init(rawValue:)),
                    session: session ?? Recording.sessionName(fromFileName: file.lastPathComponent))
                lines.append(
                    DeepMouseTraining.Manifest.line(
                        recording: DeepMouseTraining.Manifest.recordingPath(file, relativeTo: url),
                        hand: hand, metadata: metadata))
            }
            let text = lines.joined(separator: "\n") + "\n"
            if exists && append {
                let handle = try FileHandle(forWritingTo: url)
                defer { try? handle.close() }
                let old = try Data(contentsOf: url)
                try handle.seekToEnd()
                if let last = old.last, last != 0x0a { try handle.write(contentsOf: Data("\n".utf8)) }
                try handle.write(contentsOf: Data(text.utf8))
            } else {
                try Data(text.utf8).write(to: url, options: .atomic)
            }
            print(
                "\(output): \(lines.count) recording\(lines.count == 1 ? "" : "s") \(exists && append ? "appended" : "written")"
            )
        }
    }

    /// `deepmouse dataset validate`: everything wrong with a manifest, in one pass.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a manifest: every line, every recording, labels, duplicates, units, hands and roles.",
            discussion: "Exit status 65 when there are errors (each names its file and line); warnings do not fail.")

        @Argument(help: ArgumentHelp("The manifest.", valueName: "manifest"))
        var manifest: String

        @Option(help: "Window length used to warn about recordings too short to give one window.")
        var window: Int = DatasetValidation.defaultWindow

        @Flag(help: "Let the manifest name recordings outside its own folder (absolute paths, '..', links out).")
        var allowOutside = false

        func run() throws {
            let v = DatasetValidation.run(
                manifest: URL(fileURLWithPath: manifest), window: window, allowOutside: allowOutside)
            print(TerminalText.safe(v.report), terminator: "")
            if !v.isValid { throw ExitCode(65) }
        }
    }
}
