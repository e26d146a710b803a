import DeepMouseCore
import Foundation
import TestSupport
import Testing

/// `deepmouse train` and `deepmouse evaluate` run as built: help, bad input, and a tiny real run.
@Suite("deepmouse train / evaluate (built binary)")
struct TrainEvaluateCLITests {
    static let deepmouse = BuiltProduct("deepmouse")

    func run(_ arguments: [String], in directory: URL? = nil) throws -> BuiltProduct.Result {
        let product = try #require(Self.deepmouse, "deepmouse was not built (swift build --build-tests builds it)")
        return try product.run(arguments, in: directory)
    }

    func temporaryDirectory() -> URL {
        try! TestTemporaryDirectory.make("deepmouse-cli")
    }

    /// The first `lines` lines of a shared recording, written into `folder`.
    func slice(_ relative: String, lines: Int, into folder: URL, as name: String) throws -> String {
        let text = try String(contentsOf: SharedData.deepmouse(relative), encoding: .utf8)
        let head =
            text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines).joined(separator: "\n") + "\n"
        let url = folder.appendingPathComponent(name)
        try Data(head.utf8).write(to: url)
        return url.path
    }

    @Test func helpDescribesEveryOption() throws {
        for command in ["train", "evaluate"] {
            let result = try run([command, "--help"])
            #expect(result.status == 0)
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let optionLines = lines.indices.filter { lines[$0].hasPrefix("  --") || lines[$0].hasPrefix("  -o") }
            #expect(optionLines.count > 8, "\(command) help lists its options")
            // Every option has a description: on its own line or on the next (indented) line.
            for i in optionLines where !lines[i].contains("--help") {
                let sameLine = lines[i].dropFirst(2).contains("  ")
                let nextLine = i + 1 < lines.count && lines[i + 1].hasPrefix("        ")
                #expect(sameLine || nextLine, "option without help in \(command): \(lines[i])")
            }
        }
        #expect(try run(["--help"]).stdout.contains("train"))
    }

    @Test func badInputFailsWithAClearMessage() throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String, _ text: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }
        let good = try file("right.txt", (0..<400).map { "\($0 * 3 % 17),\($0 * 5 % 13)" }.joined(separator: "\n"))
        let bad = try file("left.txt", "1,2\n3,4\n5;6\n")
        let empty = try file("empty.txt", "")
        let nan = try file("nan.txt", "1,2\nnan,4\n")
        let out = folder.appendingPathComponent("m.dmcheckpoint.json").path
        let tiny = ["--conv-layers", "0", "--hidden", "2", "--epochs", "1", "-o", out]

        func expectFailure(_ arguments: [String], mentions text: String) throws {
            let result = try run(arguments)
            #expect(result.status != 0, "\(arguments) should fail")
            #expect(result.stderr.contains(text), "stderr of \(arguments): \(result.stderr)")
        }
        try expectFailure(["train", "--left", bad, "--right", good, "--window", "10"] + tiny, mentions: "\(bad):3:")
        try expectFailure(
            ["train", "--left", empty, "--right", good, "--window", "10"] + tiny,
            mentions: "\(empty): recording is empty")
        try expectFailure(
            ["train", "--left", nan, "--right", good, "--window", "10"] + tiny,
            mentions: "\(nan):2: value is not a finite number")
        try expectFailure(["train", "--left", good, "--window", "10"] + tiny, mentions: "only left-hand recordings")
        try expectFailure(
            ["train", "--left", good, "--right", good, "--window", "1000"] + tiny,
            mentions: "window of 1000 samples is longer than the recording")
        try expectFailure(
            ["train", "--left", good, "--right", good, "--split", "sideways"] + tiny,
            mentions: "unknown --split 'sideways'")
        try expectFailure(
            ["train", "--left", good, "--right", good, "--conv-layers", "4"], mentions: "--conv-layers must be 0-3")
        try expectFailure(["evaluate", "--model", out, "--left", good, "--right", good], mentions: out)
        try expectFailure(["evaluate", "--model", out], mentions: "give recordings")
        // Unreadable model files are named, with the reason.
        let missing = folder.appendingPathComponent("missing.dmm").path
        try expectFailure(
            ["evaluate", "--model", missing, "--left", good, "--right", good],
            mentions: "\(missing): no such file")
        let truncated = try file("truncated.dmm", "DMMF")
        try expectFailure(
            ["evaluate", "--model", truncated, "--left", good, "--right", good],
            mentions: "\(truncated): cannot read: truncated file")
        try expectFailure(
            ["evaluate", "--model", truncated, "--left", good, "--right", good, "--px-per-mm", "0"],
            mentions: "--px-per-mm must be a positive number")
        let inspectMissing = try run(["inspect", missing])
        #expect(
            inspectMissing.status == 66 && inspectMissing.stderr.contains("\(missing): no such file")
                && !inspectMissing.stderr.contains("Usage"), "\(inspectMissing.stderr)")
        try expectFailure(["inspect", truncated], mentions: truncated)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// A file whose CRC holds but whose golden logit was changed: inspect prints it, names the
    /// logit, and exits non-zero.
    @Test func inspectFailsOnAFailedSelfTest() throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var b = try FixtureModels.bytes("engine-2")
        let count = Int(b[16]) | Int(b[17]) << 8
        for i in 0..<count
        where String(decoding: b[(32 + 64 * i)...].prefix { $0 != 0 }, as: UTF8.self) == "golden.output" {
            let base = 32 + 64 * i
            b[(Int(b[base + 52]) | Int(b[base + 53]) << 8 | Int(b[base + 54]) << 16) + 4] ^= 1
        }
        let crc = b.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(b.count - 4)])) }
        for i in 0..<4 { b[b.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        let path = folder.appendingPathComponent("mutant.dmm")
        try Data(b).write(to: path)
        let r = try run(["inspect", path.path])
        #expect(r.status != 0, "\(r.stdout)")
        #expect(r.stdout.contains("self-test FAILED") && r.stderr.contains("expected logit Q12"), "\(r.stderr)")
    }

    /// Trains a tiny model for 2 epochs on slices of the real mouse recordings, then evaluates
    /// it on held-out slices with --json and per-window output.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func trainsAndEvaluatesATinyModelOnRealData() throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainLeft = try slice("mouse/left-1.txt", lines: 6001, into: folder, as: "left-1.txt")
        let trainRight = try slice("mouse/right-1.txt", lines: 6001, into: folder, as: "right-1.txt")
        let testLeft = try slice("mouse/left-6.txt", lines: 3001, into: folder, as: "left-6.txt")
        let testRight = try slice("mouse/right-6.txt", lines: 3001, into: folder, as: "right-6.txt")
        let checkpoint = folder.appendingPathComponent("tiny.dmcheckpoint.json").path
        let log = folder.appendingPathComponent("train.jsonl").path

        let train = try run([
            "train", "--left", trainLeft, "--right", trainRight, "--split", "tail", "--window", "200",
            "--conv-layers", "1", "--filters", "4", "--hidden", "4", "--epochs", "2", "--patience", "0",
            "--batch-size", "16", "--seed", "3", "-o", checkpoint, "--log", log, "--json"
        ])
        #expect(train.status == 0, "train failed: \(train.stderr)")
        #expect(train.stderr.contains("split tail: each file in time order: train 70%, dev 15%, test 15%"))
        #expect(train.stderr.contains("epoch 2/2"))
        let logLines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(logLines.count == 2)
        let epoch = try JSONSerialization.jsonObject(with: Data(logLines[0].utf8)) as! [String: Any]
        #expect(epoch["epoch"] as? Int == 1 && epoch["dev_loss"] is Double && epoch["accuracy"] is Double)
        let trainReport = try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as! [String: Any]
        #expect((trainReport["windows"] as? Int ?? 0) > 0)
        let split =
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("tiny.split.json")))
            as! [String: Any]
        #expect((split["segments"] as? [Any])?.count == 6)

        // evaluate --split finds the same test windows and scores the checkpoint as train did.
        let again = try run([
            "evaluate", "--model", checkpoint, "--left", trainLeft, "--right", trainRight, "--split", "tail", "--json"
        ])
        #expect(again.status == 0, "evaluate --split failed: \(again.stderr)")
        let againReport = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as! [String: Any]
        #expect(againReport["windows"] as? Int == trainReport["windows"] as? Int)
        #expect(againReport["confusion"] as? [[Int]] == trainReport["confusion"] as? [[Int]])

        let windowsOut = folder.appendingPathComponent("windows.jsonl").path
        let evaluate = try run([
            "evaluate", "--model", checkpoint, "--left", testLeft, "--right", testRight, "--json",
            "--windows-output", windowsOut
        ])
        #expect(evaluate.status == 0, "evaluate failed: \(evaluate.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as! [String: Any]
        let windows = try #require(report["windows"] as? Int)
        let confusion = try #require(report["confusion"] as? [[Int]])
        let accuracy = try #require(report["window_accuracy"] as? Double)
        #expect(report["balanced_accuracy"] is Double)
        #expect(report["stream_accuracy"] != nil)
        #expect(windows > 0 && windows <= 30)  // 3000 samples per file, W=200: at most 15 each
        #expect(confusion.flatMap { $0 }.reduce(0, +) == windows)
        #expect(abs(accuracy - Double(confusion[0][0] + confusion[1][1]) / Double(windows)) < 1e-12)
        let perWindow = try String(contentsOfFile: windowsOut, encoding: .utf8).split(separator: "\n")
        #expect(perWindow.count == 30)

        // Decided over 400 samples (mean of the model's two windows inside each): 7 windows per file at most.
        let decided = try run([
            "evaluate", "--model", checkpoint, "--left", testLeft, "--right", testRight, "--json",
            "--decide-over", "400"
        ])
        #expect(decided.status == 0, "evaluate --decide-over failed: \(decided.stderr)")
        let decidedReport = try JSONSerialization.jsonObject(with: Data(decided.stdout.utf8)) as! [String: Any]
        #expect(decidedReport["window"] as? Int == 400)
        #expect((decidedReport["windows"] as? Int ?? 0) > 0 && (decidedReport["windows"] as? Int ?? 99) <= 14)
        #expect((decidedReport["model"] as? String)?.hasPrefix("mean p_left of 2 windows of 200") == true)
        let refused = try run([
            "evaluate", "--model", checkpoint, "--left", testLeft, "--right", testRight, "--decide-over", "150"
        ])
        #expect(
            refused.status != 0 && refused.stderr.contains("its window is 200 samples")
                && refused.stderr.contains("not 150"),
            "stderr: \(refused.stderr)")
        let untiled = try run([
            "evaluate", "--model", checkpoint, "--left", testLeft, "--right", testRight,
            "--decide-over", "300", "--decide-stride", "60"
        ])
        #expect(
            untiled.status != 0 && untiled.stderr.contains("every 60 do not tile 300 samples"),
            "stderr: \(untiled.stderr)")
    }

    /// `--split mouse` on a model trained on that split with another dev fraction describes the model's split (the
    /// test part is the same either way); an explicit `--dev-fraction` still wins.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func evaluateDescribesTheModelsOwnMouseSplit() throws {
        let twin = SharedData.repositoryRoot.appendingPathComponent("firmware-models/evaluation/mouse-small.dmm").path
        let own = try run(["evaluate", "--model", twin, "--split", "mouse", "--json"])
        let given = try run(["evaluate", "--model", twin, "--split", "mouse", "--dev-fraction", "0.1", "--json"])
        #expect(own.status == 0 && given.status == 0, "\(own.stderr) \(given.stderr)")
        func report(_ r: BuiltProduct.Result) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        }
        #expect((try report(own)["data"] as? String)?.contains("dev = last 25% of each file") == true)
        #expect((try report(given)["data"] as? String)?.contains("dev = last 10% of each file") == true)
        #expect(try report(own)["confusion"] as? [[Int]] == report(given)["confusion"] as? [[Int]])
    }

    /// The shipped px models score evemu recordings in other units the way deepmoused feeds them: a touchpad's mm
    /// times --px-per-mm (default 12), a mouse's counts times --px-per-count (default 1); the gain changes the input.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func pxModelsScoreRecordingsInMillimetresAndCounts() throws {
        let model = SharedData.repositoryRoot.appendingPathComponent("firmware-models/touchpad.dmm").path
        let left = SharedData.evemu("elantech-touchpad.events").path
        let right = SharedData.evemu("alps-dualpoint-touchpad.events").path
        func windows(_ extra: [String]) throws -> [String] {
            let out = temporaryDirectory().appendingPathComponent("w.jsonl")
            let result = try run(
                ["evaluate", "--model", model, "--left", left, "--right", right, "--json", "--windows-output", out.path]
                    + extra)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
            #expect(
                (report["data"] as? String)?.contains(
                    "mm converted to px at \(extra.isEmpty ? "12.0" : "3.0") px per mm") == true,
                "\(report["data"] ?? "")")
            return try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        let byDefault = try windows([])
        let slower = try windows(["--px-per-mm", "3"])
        #expect(!byDefault.isEmpty && byDefault != slower)
        let mouse = try run([
            "evaluate", "--model", SharedData.repositoryRoot.appendingPathComponent("firmware-models/mouse.dmm").path,
            "--left", SharedData.evemu("ps2-generic-mouse.events").path,
            "--right", SharedData.evemu("ibm-trackpoint.events").path
        ])
        #expect(
            mouse.status == 0 && mouse.stdout.contains("counts converted to px at 1.0 px per count"),
            "stderr: \(mouse.stderr)")
    }

    /// A failing command says "Error: " once, and points to its own help, not the top-level one.
    @Test func errorsSayErrorOnceWithTheSubcommandsUsage() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["train"], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("Error: no data: give --left/--right, --manifest or --data-dir"), "\(r.stderr)")
        #expect(!r.stderr.contains("Error: Error:"), "\(r.stderr)")
        #expect(r.stderr.contains("See 'deepmouse train --help' for more information."), "\(r.stderr)")
    }

    /// A board model given where a checkpoint belongs says which file is which, with exit 65 (bad data).
    @Test func exportOfAModelFileSaysItIsNotACheckpoint() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = SharedData.repositoryRoot.appendingPathComponent("firmware-models/touchpad.dmm").path
        let r = try run(["export", model, "-o", "again.dmm"], in: dir)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("a board model file (.dmm, what deepmouse export writes), not a training checkpoint"))
    }
}
