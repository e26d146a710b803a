import DeepMouseCore
import DeepMouseQuantization
import DeepMouseTraining
import Foundation
import TestSupport
import Testing

/// The exporter end to end on the real touchpad recordings: checkpoint in, `.dmm` + card out,
/// float (the trainer's forward) vs fixed point (the board's engine) on the by-recording test split.
@Suite(.enabled(if: SharedData.available, SharedData.skipMessage))
struct ModelExportTests {
    @Test func exportWritesAModelThatTracksTheFloatCheckpoint() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dmm-export-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let float = SyntheticModels.model(
            convs: [.init(kernel: 3, filters: 8), .init(kernel: 3, filters: 8)], hidden: 12,
            window: 200, seed: 11)
        var checkpoint = float.checkpoint(seed: 11)
        checkpoint.provenance.split = "touchpad"
        let checkpointURL = dir.appendingPathComponent("m.dmcheckpoint.json")
        try checkpoint.write(to: checkpointURL)
        let output = dir.appendingPathComponent("m.dmm")
        let report = try ModelExport.run(
            .init(
                checkpoint: checkpointURL, output: output,
                dataDirectory: SharedData.root.appendingPathComponent("deepmouse"),
                calibrationWindows: 60, commandLine: "deepmouse export m.dmcheckpoint.json -o m.dmm"))
        let p = report.test
        #expect(p.windows > 50)
        #expect(p.maxAbsDifference < 0.03, "max |p_float - p_fixed| \(p.maxAbsDifference)")
        #expect(p.agreement >= 0.97, "agreement \(p.agreement)")
        #expect(abs(p.floatAccuracy - p.fixedAccuracy) <= 0.03)
        // The file loads, self-tests, and says what it is.
        let bytes = [UInt8](try Data(contentsOf: output))
        #expect(bytes == report.bytes)
        let text = try ModelInspection.describe(bytes: bytes, name: "m.dmm")
        #expect(text.contains("self-test passed"))
        #expect(text.contains("split: touchpad"))
        let card = try String(contentsOf: dir.appendingPathComponent("m.md"), encoding: .utf8)
        #expect(card.contains("deepmouse export m.dmcheckpoint.json -o m.dmm"))
        #expect(card.contains("by-recording test split"))
        #expect(!card.contains("## Decisions") && text.contains("decision  (none stored"))

        // Decision parameters chosen for the model are stored, described, and read back; nothing else changes.
        let chosen = DecisionParameters(retentionQ15: 32440, thresholdQ8: 3072, capQ8: 4608)
        let decided = try ModelExport.run(
            .init(
                checkpoint: checkpointURL, output: output,
                dataDirectory: SharedData.root.appendingPathComponent("deepmouse"),
                calibrationWindows: 60, commandLine: "deepmouse export m.dmcheckpoint.json -o m.dmm",
                decision: chosen))
        try decided.bytes.withUnsafeBytes { raw in
            let file = try ModelFile(bytes: raw)
            #expect(file.decisionParameters == chosen)
            #expect(file.entryCount == (try bytes.withUnsafeBytes { try ModelFile(bytes: $0).entryCount }) + 1)
        }
        #expect(decided.test.fixedAccuracy == p.fixedAccuracy)
        var without = decided.quantized
        without.decision = nil
        #expect(ModelFileWriter.write(without) == report.bytes)  // the same file but for the entry
        #expect(throws: ExportError.self) {
            try ModelExport.run(
                .init(
                    checkpoint: checkpointURL, output: output,
                    dataDirectory: SharedData.root.appendingPathComponent("deepmouse"),
                    commandLine: "x", decision: DecisionParameters(thresholdQ8: 2000, capQ8: 1000)))
        }
        let decidedCard = try String(contentsOf: dir.appendingPathComponent("m.md"), encoding: .utf8)
        #expect(
            decidedCard.contains("## Decisions\n- stored in the file: retention 0.9900, threshold 12.00, cap 18.00"))
        #expect(
            try ModelInspection.describe(bytes: decided.bytes, name: "m.dmm").contains(
                "decision  retention 0.9900, threshold 12.00, cap 18.00"))
    }

    /// A mean-readout checkpoint (version 2, `"readout": "mean"`) exports, says so, and its fixed-point
    /// decisions agree with the float checkpoint's on the real test windows.
    @Test func meanReadoutExportsAndTracksTheFloatCheckpoint() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dmm-export-mean-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var float = SyntheticModels.model(
            convs: [.init(kernel: 3, filters: 8), .init(kernel: 3, filters: 8)], hidden: 12,
            window: 200, seed: 11)
        float.readout = .mean
        var checkpoint = float.checkpoint(seed: 11)
        #expect(checkpoint.architecture.readout == .mean)
        checkpoint.provenance.split = "touchpad"
        let checkpointURL = dir.appendingPathComponent("m.dmcheckpoint.json")
        try checkpoint.write(to: checkpointURL)
        let output = dir.appendingPathComponent("m.dmm")
        let report = try ModelExport.run(
            .init(
                checkpoint: checkpointURL, output: output,
                dataDirectory: SharedData.root.appendingPathComponent("deepmouse"),
                calibrationWindows: 60, commandLine: "deepmouse export m.dmcheckpoint.json -o m.dmm"))
        let p = report.test
        print(
            "mean readout export parity (touchpad test split): \(p.windows) windows, agreement \(p.agreement), "
                + "max |dp| \(p.maxAbsDifference), mean |dp| \(p.meanAbsDifference), float acc \(p.floatAccuracy), fixed acc \(p.fixedAccuracy)"
        )
        #expect(report.quantized.architecture.readout == .mean)
        #expect(p.windows > 50)
        #expect(p.agreement >= 0.99, "agreement \(p.agreement)")
        #expect(p.maxAbsDifference < 0.03, "max |p_float - p_fixed| \(p.maxAbsDifference)")
        let bytes = [UInt8](try Data(contentsOf: output))
        let text = try ModelInspection.describe(bytes: bytes, name: "m.dmm")
        #expect(text.contains("self-test passed"))
        #expect(text.contains("readout     mean"))
        let card = try String(contentsOf: dir.appendingPathComponent("m.md"), encoding: .utf8)
        #expect(card.contains("readout: mean"))
    }

    /// A split whose test part is too short for one window (little data of one's own): export compares float
    /// and fixed point on the dev part and says so, instead of refusing the checkpoint.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func aTestPartTooShortForAWindowIsReplacedByTheDevPart() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dmm-export-short-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let float = SyntheticModels.model(convs: [.init(kernel: 3, filters: 8)], hidden: 8, window: 200, seed: 12)
        var checkpoint = float.checkpoint(seed: 12)
        let split = SplitStrategy.tail(try SplitFractions(train: 0.8, dev: 0.197, test: 0.003))
        checkpoint.provenance.split = "tail: each file in time order: train 80%, dev 19.7%, test 0.3%"
        checkpoint.training.settings = split.settings.merging(["split": split.name]) { a, _ in a }
        let dataset = try Dataset.load(directory: SharedData.deepmouse("touchpad"))
        checkpoint.provenance.files = dataset.recordings.map {
            ProvenanceRecord.DataFile(
                path: $0.source.path, bytes: $0.source.byteCount, sha256: $0.source.sha256, role: "train+dev+test")
        }
        let checkpointURL = dir.appendingPathComponent("m.dmcheckpoint.json")
        try checkpoint.write(to: checkpointURL)
        var notes: [String] = []
        let report = try ModelExport.run(
            .init(
                checkpoint: checkpointURL, output: dir.appendingPathComponent("m.dmm"),
                dataDirectory: SharedData.root.appendingPathComponent("deepmouse"),
                calibrationWindows: 60, commandLine: "x"), progress: { notes.append($0) })
        let prepared = try PreparedData.prepare(
            dataset, split: split, windowing: WindowingParameters(window: 200, stride: 200))
        #expect(prepared.test.count == 0 && prepared.dev.count > 10)
        #expect(report.scoredPart == .dev && report.test.windows == prepared.dev.count)
        #expect(
            notes.contains { $0.hasPrefix("no test windows in split") && $0.contains("on the dev part") }, "\(notes)")
        let card = try String(contentsOf: dir.appendingPathComponent("m.md"), encoding: .utf8)
        #expect(card.contains("too short a test part for one window"))
    }

    /// A final fit on all the recordings (`train --split tail --fractions 0.85,0.15,0`) has no test split: export
    /// calibrates on its training part, reads its recordings' folder from the provenance, scores float vs fixed point
    /// on the dev part and says so on the card.
    @Test func aFinalFitWithoutTestIsScoredOnItsDevPart() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dmm-export-all-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let float = SyntheticModels.model(convs: [.init(kernel: 3, filters: 8)], hidden: 8, window: 200, seed: 12)
        var checkpoint = float.checkpoint(seed: 12)
        let split = SplitStrategy.tail(try SplitFractions(train: 0.85, dev: 0.15, test: 0))
        checkpoint.provenance.split = "tail: each file in time order: train 85%, dev 15%, test 0%"
        checkpoint.training.settings = split.settings.merging(["split": split.name]) { a, _ in a }
        let data = SharedData.deepmouse("touchpad")
        let dataset = try Dataset.load(directory: data)
        let files = dataset.recordings.map {
            ProvenanceRecord.DataFile(
                path: $0.source.path, bytes: $0.source.byteCount, sha256: $0.source.sha256, role: "train+dev")
        }
        checkpoint.provenance.files = files
        let checkpointURL = dir.appendingPathComponent("m.dmcheckpoint.json")
        try checkpoint.write(to: checkpointURL)
        let report = try ModelExport.run(
            .init(
                checkpoint: checkpointURL, output: dir.appendingPathComponent("m.dmm"),
                dataDirectory: SharedData.root.appendingPathComponent("deepmouse"),
                calibrationWindows: 60, commandLine: "deepmouse export m.dmcheckpoint.json -o m.dmm"))
        #expect(report.scoredPart == .dev)
        #expect(report.splitName == "tail")
        let prepared = try PreparedData.prepare(
            dataset, split: split, windowing: WindowingParameters(window: 200, stride: 200))
        #expect(prepared.test.count == 0)
        #expect(report.test.windows == prepared.dev.count && report.test.windows > 10)
        #expect(report.test.agreement >= 0.9, "agreement \(report.test.agreement)")
        let card = try String(contentsOf: dir.appendingPathComponent("m.md"), encoding: .utf8)
        #expect(card.contains("Float vs fixed point on the dev part (no test split"))
        #expect(!card.contains("by-recording test split"))
        func refusal(_ split: String? = nil) throws -> String {
            try checkpoint.write(to: checkpointURL)
            do {
                _ = try ModelExport.run(
                    .init(
                        checkpoint: checkpointURL, output: dir.appendingPathComponent("n.dmm"),
                        dataDirectory: SharedData.root.appendingPathComponent("deepmouse"), split: split,
                        commandLine: "x"))
                return "exported"
            } catch {
                return "\(error)"
            }
        }
        // Another split would score the final fit on its own training data.
        #expect(try refusal("touchpad").contains("final fit"))
        // The folder must hold exactly the recordings it was trained on.
        checkpoint.provenance.files = [files[0]]
        #expect(try refusal().contains("does not hold the recordings"))
        // A tail checkpoint whose recordings are in no mouse/ or touchpad/ folder is refused by name.
        checkpoint.provenance.files = []
        #expect(try refusal().contains("split 'tail'"))
    }

    /// One's own recordings (trained with `--left/--right` or `--manifest`, in no mouse/ or touchpad/ folder) export
    /// from the paths the checkpoint recorded, checked by content; a changed file is named.
    @Test func ownRecordingsExportFromTheirRecordedPaths() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dmm-export-own-\(getpid())")
        let ds = dir.appendingPathComponent("ds")
        try FileManager.default.createDirectory(at: ds, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [ProvenanceRecord.DataFile] = []
        for hand in ["left", "right"] {
            let copy = ds.appendingPathComponent("\(hand)-mine.txt")
            try FileManager.default.copyItem(at: SharedData.deepmouse("touchpad/\(hand).txt"), to: copy)
            let recording = try Recording.load(copy, hand: Hand(hand)!)
            files.append(
                .init(
                    path: copy.path, bytes: recording.source.byteCount, sha256: recording.source.sha256,
                    label: hand, role: "train+dev+test"))
        }
        let float = SyntheticModels.model(convs: [.init(kernel: 3, filters: 8)], hidden: 8, window: 200, seed: 13)
        var checkpoint = float.checkpoint(seed: 13)
        let split = SplitStrategy.tail(try SplitFractions(train: 0.7, dev: 0.15, test: 0.15))
        checkpoint.provenance.split = "tail: each file in time order: train 70%, dev 15%, test 15%"
        checkpoint.training.settings = split.settings.merging(["split": split.name]) { a, _ in a }
        checkpoint.provenance.files = files
        let checkpointURL = dir.appendingPathComponent("m.dmcheckpoint.json")
        try checkpoint.write(to: checkpointURL)
        func export() throws -> ModelExport.Report {
            try ModelExport.run(
                .init(
                    checkpoint: checkpointURL, output: dir.appendingPathComponent("m.dmm"),
                    dataDirectory: dir.appendingPathComponent("no-such-folder"), commandLine: "x"))
        }
        let report = try export()
        #expect(report.scoredPart == .test && report.splitName == "tail")
        let dataset = try Dataset(
            recordings: try files.map { try Recording.load(URL(fileURLWithPath: $0.path), hand: Hand($0.label!)!) })
        let prepared = try PreparedData.prepare(
            dataset, split: split, windowing: WindowingParameters(window: 200, stride: 200))
        #expect(report.test.windows == prepared.test.count && report.test.windows > 10)
        #expect(report.calibrationWindows == report.trainWindows)  // all of them by default
        // --calibration-windows N takes exactly N (the old integer step took all of them for any N > count / 2).
        let fewer = try ModelExport.run(
            .init(
                checkpoint: checkpointURL, output: dir.appendingPathComponent("m.dmm"),
                dataDirectory: dir, calibrationWindows: report.trainWindows - 1, commandLine: "x"))
        #expect(fewer.calibrationWindows == report.trainWindows - 1)
        // A recording changed since training is refused by name.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: files[0].path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("1,1\n".utf8))
        try handle.close()
        do {
            _ = try export()
            Issue.record("exported from a changed recording")
        } catch {
            #expect("\(error)".contains(files[0].path) && "\(error)".contains("has changed"), "\(error)")
        }
    }

    /// On its own mouse or touchpad split a checkpoint must read the recordings it lists (not whatever the folder
    /// holds), and on any split the data must be in the model's unit: else calibration would set its input scale
    /// from other data, and the card would score other windows.
    @Test func exportRefusesOtherRecordingsOrAnotherUnit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dmm-export-other-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var checkpoint = SyntheticModels.model(convs: [.init(kernel: 3, filters: 8)], hidden: 8, window: 200, seed: 14)
            .checkpoint(seed: 14)
        checkpoint.provenance.split = "touchpad"
        checkpoint.provenance.files = [
            .init(
                path: "/elsewhere/left.events", bytes: 10, sha256: String(repeating: "0", count: 64),
                label: "left", role: "train+dev+test")
        ]
        let checkpointURL = dir.appendingPathComponent("m.dmcheckpoint.json")
        func refusal() throws -> String {
            try checkpoint.write(to: checkpointURL)
            do {
                _ = try ModelExport.run(
                    .init(
                        checkpoint: checkpointURL, output: dir.appendingPathComponent("m.dmm"),
                        dataDirectory: SharedData.root.appendingPathComponent("deepmouse"), commandLine: "x"))
                return "exported"
            } catch { return "\(error)" }
        }
        #expect(try refusal().contains("does not hold the recordings the checkpoint was trained on"))
        checkpoint.provenance.files = []  // lists nothing: taken at its word, but it reads mm and the folder is px
        checkpoint.preprocessing.unit = "mm"
        #expect(try refusal().contains("the recordings are in px, the checkpoint reads mm"))
    }

    @Test func lstmCheckpointsAreRefusedClearly() throws {
        var c = SyntheticModels.model(convs: [], hidden: 4, window: 16, seed: 1).checkpoint()
        c.architecture.recurrent = .lstm
        #expect(throws: ExportError.self) { _ = try FloatGRUModel(checkpoint: c) }
        do { _ = try FloatGRUModel(checkpoint: c) } catch {
            #expect("\(error)".contains("not supported by the fixed-point engine"))
        }
    }
}

/// Export reads the split a checkpoint was trained on from its provenance, so calibration sees the training windows.
@Suite struct ExportSplitTests {
    /// `--calibration-windows N` takes exactly N evenly spaced training windows (all of them by default or when N
    /// is not smaller).
    @Test func calibrationTakesExactlyTheWindowsAskedFor() {
        #expect(ModelExport.calibrationIndices(count: 624, limit: 400).count == 400)
        #expect(ModelExport.calibrationIndices(count: 624, limit: 400).last! < 624)
        #expect(ModelExport.calibrationIndices(count: 10, limit: 4) == [0, 2, 5, 7])
        #expect(ModelExport.calibrationIndices(count: 692, limit: nil) == Array(0..<692))
        #expect(ModelExport.calibrationIndices(count: 5, limit: 9) == Array(0..<5))
    }

    @Test func theMouseSplitKeepsTheCheckpointsTestSessionAndDevFraction() throws {
        let trained = try ModelExport.splitStrategy(
            "mouse: test = session 3; train/dev = sessions 1,2,5,6, dev = last 25% of each file (segments in m.split.json)"
        )
        #expect(trained.name == "mouse")
        #expect(trained.strategy == .mouse(testSession: "3", devFraction: 0.25))
        #expect(try ModelExport.splitStrategy("mouse").strategy == .standardMouse)
        #expect(try ModelExport.splitStrategy("touchpad: each file 68/12/20").strategy == .touchpad)
        #expect(throws: ExportError.self) { try ModelExport.splitStrategy("random: seed 1") }
    }

    /// The recordings a `.dmm` lists come back from its provenance text as they were written, path spaces included.
    @Test func theProvenanceTextListsTheTrainingRecordings() {
        var c = SyntheticModels.model(convs: [], hidden: 4, window: 16, seed: 1).checkpoint()
        c.provenance.files = [
            .init(
                path: "/data/my mouse/left-1.txt", bytes: 12, sha256: String(repeating: "a", count: 64), label: "left",
                role: "train+dev"),
            .init(path: "r.txt", bytes: 3, sha256: String(repeating: "b", count: 64), role: "test"),
            .init(path: "u.txt", bytes: 0, sha256: String(repeating: "c", count: 64))
        ]
        let text = ModelExport.provenanceText(c, splitSummary: "s", command: "deepmouse export")
        #expect(ModelExport.dataFiles(inProvenance: text) == c.provenance.files)
    }

    @Test func theCheckpointsSplitSettingsWinOverItsProvenanceText() throws {
        var c = SyntheticModels.model(convs: [], hidden: 4, window: 16, seed: 1).checkpoint()
        c.provenance.split = "mouse: test = session 6; dev = last 15% of each file"
        c.training.settings = ["split": "mouse", "test_session": "2", "dev_fraction": "0.25"]
        #expect(try ModelExport.splitStrategy(of: c).strategy == .mouse(testSession: "2", devFraction: 0.25))
        c.training.settings = [:]
        #expect(try ModelExport.splitStrategy(of: c).strategy == .mouse(testSession: "6", devFraction: 0.15))
        // What `deepmouse train` writes (SplitStrategy.settings) is what export reads back.
        let trained = SplitStrategy.mouse(testSession: "3", devFraction: 0.3)
        c.training.settings = trained.settings.merging(["split": trained.name]) { a, _ in a }
        #expect(try ModelExport.splitStrategy(of: c).strategy == trained)
        // --split naming the checkpoint's own split keeps its parameters; another split takes its standard ones.
        #expect(try ModelExport.splitStrategy(named: "mouse", for: c).strategy == trained)
        #expect(try ModelExport.splitStrategy(named: "touchpad", for: c).strategy == .touchpad)
        // A tail split (a final fit: test 0) round-trips its fractions; bad ones are named.
        let final = SplitStrategy.tail(try SplitFractions(train: 0.75, dev: 0.25, test: 0))
        c.training.settings = final.settings.merging(["split": final.name]) { a, _ in a }
        #expect(try ModelExport.splitStrategy(of: c).strategy == final)
        c.training.settings = ["split": "tail", "fractions": "0.75,0.5,0"]
        #expect(throws: ExportError.self) { try ModelExport.splitStrategy(of: c) }
        // Older tail checkpoints: the fractions are read from the provenance text.
        #expect(
            try ModelExport.splitStrategy(
                "tail: each file in time order: train 75%, dev 25%, test 0% (segments in m.split.json)"
            ).strategy == final)
        #expect(throws: ExportError.self) { try ModelExport.splitStrategy("tail: each file in time order") }
        c.training.settings = ["split": "mouse", "test_session": "2", "dev_fraction": "most"]
        do {
            _ = try ModelExport.splitStrategy(of: c)
            Issue.record("a bad dev_fraction was accepted")
        } catch {
            #expect("\(error)".contains("training.settings.dev_fraction 'most'"))
        }
    }
}
