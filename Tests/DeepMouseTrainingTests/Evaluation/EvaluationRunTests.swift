import DeepMouseCore
import Foundation
import Testing

@testable import DeepMouseTraining

/// Says left when a window's mean dx is positive; records the window lengths it was given.
final class DriftClassifier: HandClassifier {
    let window: Int
    let unit: MotionUnit
    let stillThreshold: Float = 0.1
    let movingSamplesOnly = false
    var summary: String { "drift" }
    private(set) var windowsSeen: [Int] = []

    init(window: Int, unit: MotionUnit = .px) {
        self.window = window
        self.unit = unit
    }

    func pLeft(_ windows: WindowSet) throws -> [Float] {
        windowsSeen.append(windows.window)
        return (0..<windows.count).map { i in
            var sum: Float = 0
            for t in 0..<windows.window { sum += windows.inputs[(i * windows.window + t) * 2] }
            return sum > 0 ? 0.9 : 0.2
        }
    }
}

@Suite("Evaluation runs")
struct EvaluationRunTests {
    /// Positions drifting by `step` in x per sample with jitter on both axes; `stillAt` holds
    /// the position for 20 lines (so the window of samples [10, 20) is still when `stillAt` is 9).
    func positions(_ lines: Int, step: Int, stillAt: Int? = nil) -> String {
        var x = 1000
        var y = 500
        var text = ""
        for i in 0..<lines {
            let still = stillAt.map { i > $0 && i <= $0 + 20 } ?? false
            if !still {
                x += step + (i % 2 == 0 ? 1 : -1)
                y += i % 2 == 0 ? 2 : -1
            }
            text += "\(x),\(y)\n"
        }
        return text
    }

    @Test func scoresWholeFilesAndWritesEveryWindow() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // left: 61 lines -> 60 samples -> 6 windows of 10, window 2 (samples 10-19) still; right: 41 lines, drifting left.
        let left = Fixtures.write(positions(61, step: 1, stillAt: 9), to: folder, name: "left.txt")
        let right = Fixtures.write(positions(41, step: -2), to: folder, name: "right.txt")
        let out = folder.appendingPathComponent("windows.jsonl")
        let classifier = DriftClassifier(window: 10)
        let report = try EvaluationRun.run(
            classifier,
            .init(
                source: .files(left: [left], right: [right]), streamSeconds: 0.2,
                windowsOutput: out))
        #expect(report.windows == 9)
        #expect(report.confusion.counts == [[4, 0], [0, 5]])
        #expect(report.droppedStill == [0, 1])
        #expect(report.stream.windowsPerStream == 2)
        #expect(report.stream.streams == 4)  // left 5 kept -> 2, right 4 -> 2
        #expect(report.baseline?.fittedOn == "the evaluated windows (optimistic)")
        let json = report.json
        for key in ["windows", "window_accuracy", "balanced_accuracy", "confusion", "stream_accuracy"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["window_accuracy"] as? Double == 1)

        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10)  // every window, the still one included
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.map { $0["start"] as! Int }.prefix(6) == [0, 10, 20, 30, 40, 50])
        #expect(objects[1]["still"] as? Bool == true && objects[0]["still"] as? Bool == false)
        #expect(objects[0]["file"] as? String == left.path)
        #expect(objects[7]["hand"] as? String == "right")
        let first = try JSONDecoder().decode(WindowPrediction.self, from: Data(lines[0].utf8))
        #expect(
            first
                == WindowPrediction(
                    // sample 9 is still
                    file: left.path, hand: .left, start: 0, pLeft: 0.9, still: false, stillFraction: 0.1))
        #expect(lines[0].contains("\"p_left\":0.9,"))
    }

    @Test func windowOverrideAndOverlappingPerWindowOutput() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let left = Fixtures.write(positions(101, step: 1), to: folder, name: "left.txt")
        let right = Fixtures.write(positions(101, step: -1), to: folder, name: "right.txt")
        let out = folder.appendingPathComponent("w.jsonl")
        let classifier = DriftClassifier(window: 10)
        let report = try EvaluationRun.run(
            classifier,
            .init(
                source: .files(left: [left], right: [right]), window: 20, stride: 5,
                windowsOutput: out))
        #expect(report.window == 20 && report.windows == 10)
        #expect(Set(classifier.windowsSeen) == [20])
        // Per-window output: starts 0, 5, ..., 80 per file.
        #expect(try String(contentsOf: out, encoding: .utf8).split(separator: "\n").count == 34)
    }

    @Test func splitEvaluationScoresOnlyTheTestPart() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let left = Fixtures.write(positions(101, step: 1), to: folder, name: "left.txt")
        let right = Fixtures.write(positions(101, step: -1), to: folder, name: "right.txt")
        let split = SplitStrategy.tail(try SplitFractions(train: 0.5, dev: 0, test: 0.5))
        let report = try EvaluationRun.run(
            DriftClassifier(window: 10), .init(source: .files(left: [left], right: [right]), split: split))
        #expect(report.windows == 10)  // samples [50, 100) of each file
        #expect(report.baseline?.fittedOn == "train part of split tail")
        #expect(report.data.hasPrefix("test part of split tail"))
    }

    @Test func badInputsAreClearErrors() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let left = Fixtures.write(positions(101, step: 1), to: folder, name: "left.txt")
        let right = Fixtures.write(positions(21, step: -1), to: folder, name: "right.txt")
        #expect(throws: DataError.windowTooLong(window: 50, file: right.path, samples: 20)) {
            try EvaluationRun.run(DriftClassifier(window: 50), .init(source: .files(left: [left], right: [right])))
        }
        #expect(throws: DataError.unitNotModels(file: left.path, unit: .px, model: .mm)) {
            try EvaluationRun.run(
                DriftClassifier(window: 10, unit: .mm), .init(source: .files(left: [left], right: [right])))
        }
        #expect(throws: DataError.singleHand(present: .left)) {
            try EvaluationRun.run(DriftClassifier(window: 10), .init(source: .files(left: [left], right: [])))
        }
        let still = Fixtures.write(String(repeating: "5,5\n", count: 40), to: folder, name: "still.txt")
        #expect(throws: DataError.self) {
            try EvaluationRun.run(DriftClassifier(window: 10), .init(source: .files(left: [still], right: [still])))
        }
    }
}

/// Classifiers answering a fixed p_left, to check how an ensemble combines its members.
private final class ConstantClassifier: HandClassifier {
    let p: Float, window: Int, movingSamplesOnly: Bool
    init(p: Float, window: Int = 4, movingSamplesOnly: Bool = false) {
        self.p = p
        self.window = window
        self.movingSamplesOnly = movingSamplesOnly
    }
    var unit: MotionUnit { .px }
    var stillThreshold: Float { 0.1 }
    var summary: String { "constant \(p)" }
    func pLeft(_ windows: WindowSet) throws -> [Float] { Array(repeating: p, count: windows.count) }
}

@Suite("Ensemble of classifiers")
struct EnsembleClassifierTests {
    /// P_left is the members' mean, and members that read other windows are refused by field.
    @Test
    func meanAndMismatch() throws {
        var windows = WindowSet(window: 4)
        for k in 0..<3 {
            windows.append(
                MotionStream(unit: .px, samples: Array(repeating: Float(k), count: 8)), start: 0, hand: .left,
                recording: 0)
        }
        let ensemble = try EnsembleClassifier([
            ConstantClassifier(p: 0.2), ConstantClassifier(p: 0.9), ConstantClassifier(p: 0.7)
        ])
        #expect(try ensemble.pLeft(windows).allSatisfy { abs($0 - 0.6) < 1e-6 })
        #expect(ensemble.summary.hasPrefix("ensemble (mean p_left) of 3"))
        do {
            _ = try EnsembleClassifier([ConstantClassifier(p: 0.2), ConstantClassifier(p: 0.9, window: 8)])
            Issue.record("members of different windows were averaged")
        } catch let error as EnsembleError {
            #expect(error.field == "window" && error.value == "8" && error.expected == "4")
        }
        #expect(throws: EnsembleError.self) {
            try EnsembleClassifier([ConstantClassifier(p: 0.2), ConstantClassifier(p: 0.9, movingSamplesOnly: true)])
        }
    }
}

@Suite("Short-window models decided over long windows")
struct SubWindowMeanClassifierTests {
    /// A long window is cut into the model's windows in time order; its p_left is the mean over the moving ones.
    @Test
    func meanOfSubWindows() throws {
        // Two 40-sample windows of 4 parts. The first: part 0 dx 1,2,1,2..., part 1 dx -1,-2,..., part 2 five still
        // samples then dx 2,3,...; dy alternates 0.5, 0.25 in all three; part 3 dx 3,4,... with dy constant (std 0:
        // still by the no-motion rule). The second: dx and dy constant (every part still).
        var first: [Float] = []
        var second: [Float] = []
        for t in 0..<40 {
            let wiggle = Float(t % 2)
            let dx: Float =
                t < 10 ? 1 + wiggle : (t < 20 ? -1 - wiggle : (t < 25 ? 0 : (t < 30 ? 2 + wiggle : 3 + wiggle)))
            let dy: Float = (t >= 20 && t < 25) ? 0 : (t < 30 ? (t % 2 == 0 ? 0.5 : 0.25) : 0.5)
            first += [dx, dy]
            second += [1, 0.5]
        }
        var windows = WindowSet(window: 40)
        windows.append(MotionStream(unit: .px, samples: first + second), start: 0, hand: .right, recording: 4)
        windows.append(
            MotionStream(unit: .px, samples: first + second), start: 40, hand: .left, recording: 4, still: true)
        let parts = windows.subWindows(of: 10, stillThreshold: 0.1)
        #expect(parts.window == 10 && parts.count == 8)
        #expect(
            parts.references.map(\.start) == [0, 10, 20, 30, 40, 50, 60, 70]
                && parts.references.allSatisfy { $0.recording == 4 })
        #expect(parts.labels == [0, 0, 0, 0, 1, 1, 1, 1])
        #expect(parts.stillFractions == [0, 0, 0.5, 0, 0, 0, 0, 0])
        // their own rule, not the long window's flag
        #expect(parts.still == [false, false, false, true, true, true, true, true])
        #expect(Array(parts.inputs[20..<22]) == [-1, 0.5])  // sample 10, the second part's first

        let model = DriftClassifier(window: 10)
        let decided = try SubWindowMeanClassifier(model, window: 40)
        let p = try decided.pLeft(windows)
        #expect(model.windowsSeen == [10])
        // First window: parts 0-2 move (0.9, 0.2, 0.9), part 3 is still and left out; second: all still, all used.
        #expect(p.count == 2 && abs(p[0] - Float((0.9 + 0.2 + 0.9) / 3)) < 1e-6 && abs(p[1] - 0.9) < 1e-6)
        #expect(decided.summary.hasPrefix("mean p_left of 4 windows of 10 per 40 samples"))
        #expect(throws: SubWindowError.windowMismatch(classifier: decided.summary, window: 40, given: 10)) {
            try decided.pLeft(parts)
        }
    }

    /// Overlapping sub-windows every `stride` samples: their starts, values, own still flags, and the mean.
    @Test
    func overlappingSubWindows() throws {
        // One 30-sample window: dx = t for t = 0..19 (drifting right), then -t with dy constant for 20-29 (still by
        // the rule, and drifting left: counted in, it would pull the mean below 0.9).
        var samples: [Float] = []
        for t in 0..<30 { samples += [t < 20 ? Float(t) : -Float(t), t >= 20 ? 1 : Float(t % 2)] }
        var windows = WindowSet(window: 30)
        windows.append(MotionStream(unit: .px, samples: samples), start: 0, hand: .left, recording: 0)
        let parts = windows.subWindows(of: 10, stride: 5, stillThreshold: 0.1)
        #expect(parts.count == 5 && parts.references.map(\.start) == [0, 5, 10, 15, 20])
        #expect(parts.inputs[2 * 10] == 5 && parts.inputs[2 * 10 + 1] == 1)  // part 1 starts at sample 5: (5, 1)
        #expect(parts.inputs[2 * 40] == -20)  // part 4 starts at sample 20
        #expect(parts.still == [false, false, false, false, true])  // only samples 20-29 have a constant dy
        let decided = try SubWindowMeanClassifier(DriftClassifier(window: 10), window: 30, stride: 5)
        #expect(
            decided.subWindowsPerWindow == 5
                && decided.summary.hasPrefix("mean p_left of 5 windows of 10 every 5 per 30"))
        // Parts 0-2 (0.9 each) and part 3 (samples 15-24: 15+...+19 - (20+...+24) < 0, so 0.2) move; part 4 is left out.
        #expect(try decided.pLeft(windows).map { abs($0 - Float((0.9 * 3 + 0.2) / 4)) < 1e-6 } == [true])
        #expect(throws: SubWindowError.badStride(model: "drift", modelWindow: 10, window: 30, stride: 3)) {
            // 20 is not a multiple of 3
            try SubWindowMeanClassifier(DriftClassifier(window: 10), window: 30, stride: 3)
        }
        #expect(throws: SubWindowError.badStride(model: "drift", modelWindow: 10, window: 30, stride: 20)) {
            try SubWindowMeanClassifier(DriftClassifier(window: 10), window: 30, stride: 20)  // leaves a gap
        }
        #expect(
            "\(SubWindowError.badStride(model: "m", modelWindow: 104, window: 200, stride: 100))".hasSuffix("96 does)"))
    }

    /// A window no longer than the model's is refused, naming both.
    @Test
    func refusesShorterWindows() {
        for bad in [10, 5] {
            #expect(throws: SubWindowError.notLonger(model: "drift", modelWindow: 10, window: bad)) {
                try SubWindowMeanClassifier(DriftClassifier(window: 10), window: bad)
            }
        }
        #expect("\(SubWindowError.notLonger(model: "m", modelWindow: 400, window: 300))".contains("not 300"))
    }

    /// By default the fewest model windows that cover the long one: back to back, or overlapping evenly.
    @Test
    func coveringStride() throws {
        #expect(SubWindowMeanClassifier.coveringStride(window: 800, modelWindow: 400) == 400)
        #expect(SubWindowMeanClassifier.coveringStride(window: 200, modelWindow: 104) == 96)  // 2 windows, 8 shared
        #expect(SubWindowMeanClassifier.coveringStride(window: 25, modelWindow: 10) == 5)  // 3 do not tile 25 evenly: 4
        #expect(SubWindowMeanClassifier.coveringStride(window: 23, modelWindow: 10) == 1)  // 13 is prime: every sample
        // A 13-sample model over 25 samples: parts start at 0 and 12, so together they read every sample once or twice.
        var samples: [Float] = []
        for t in 0..<25 { samples += [Float(t), Float(t % 2)] }
        var windows = WindowSet(window: 25)
        windows.append(MotionStream(unit: .px, samples: samples), start: 0, hand: .left, recording: 0)
        let decided = try SubWindowMeanClassifier(DriftClassifier(window: 13), window: 25)
        #expect(decided.stride == 12 && decided.subWindowsPerWindow == 2)
        #expect(decided.summary.hasPrefix("mean p_left of 2 windows of 13 every 12 per 25"))
        let parts = windows.subWindows(of: 13, stride: decided.stride, stillThreshold: 0.1)
        #expect(
            parts.references.map(\.start) == [0, 12] && parts.inputs[2 * 13] == 12 && parts.inputs[2 * 26 - 2] == 24)
        // Part 0 (samples 0-12) and part 1 (12-24) both drift right (0.9); with dx = -t from sample 13 on, part 1
        // alone drifts left (0.2): the mean is of both parts, the shared sample 12 read by each.
        #expect(try decided.pLeft(windows).map { abs($0 - 0.9) < 1e-6 } == [true])
        var turning: [Float] = []
        for t in 0..<25 { turning += [t < 13 ? Float(t) : -Float(t), Float(t % 2)] }
        var turned = WindowSet(window: 25)
        turned.append(MotionStream(unit: .px, samples: turning), start: 0, hand: .left, recording: 0)
        #expect(try decided.pLeft(turned).map { abs($0 - Float((0.9 + 0.2) / 2)) < 1e-6 } == [true])
    }

    /// Evaluate cuts and filters the long windows as for a long-window model, and writes them per window.
    @Test
    func evaluationRunCutsLongWindows() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // left: 100 samples, still from 20 to 59, so the long windows [20, 40) and [40, 60) are dropped as still.
        let drifting = EvaluationRunTests().positions(101, step: 1).split(separator: "\n")
        func source(_ line: Int) -> Int { line < 20 ? line : max(20, line - 40) }  // lines 20-60 repeat line 20
        let held = (0..<101).map { (line: Int) -> Substring in drifting[source(line)] }
        let left = Fixtures.write(held.joined(separator: "\n") + "\n", to: folder, name: "left.txt")
        let right = Fixtures.write(EvaluationRunTests().positions(81, step: -1), to: folder, name: "right.txt")
        let out = folder.appendingPathComponent("w.jsonl")
        let model = DriftClassifier(window: 10)
        let report = try EvaluationRun.run(
            try SubWindowMeanClassifier(model, window: 20),
            .init(source: .files(left: [left], right: [right]), windowsOutput: out))
        #expect(report.window == 20 && report.windows == 3 + 4)
        #expect(report.droppedStill == [0, 2])
        #expect(Set(model.windowsSeen) == [10])
        #expect(report.confusion.accuracy == 1)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 9)  // every long window, the still one flagged
        let second = try JSONDecoder().decode(WindowPrediction.self, from: Data(lines[1].utf8))
        #expect(second.start == 20 && second.still && second.hand == .left)
    }
}

/// A classifier that only says what it was trained on, to check when an evaluation is not a test.
private struct ProvenanceOnlyClassifier: HandClassifier {
    var trainingRecordings: [ProvenanceRecord.DataFile]
    var trainingSplit: SplitStrategy?
    var window: Int { 4 }
    var unit: MotionUnit { .px }
    var stillThreshold: Float { 0.1 }
    var movingSamplesOnly: Bool { false }
    var summary: String { "provenance only" }
    func pLeft(_ windows: WindowSet) throws -> [Float] { [] }
}

@Suite("Scoring a model on its own training data")
struct TrainedOnTests {
    static let timeSplit = ProvenanceRecord.DataFile(
        path: "/d/left.txt", bytes: 1, sha256: "aa", label: "left", role: "train+dev+test")
    static let trainOnly = ProvenanceRecord.DataFile(
        path: "/d/left-1.txt", bytes: 1, sha256: "bb", label: "left", role: "train+dev")
    static let heldOut = ProvenanceRecord.DataFile(
        path: "/d/left-6.txt", bytes: 1, sha256: "cc", label: "left", role: "test")
    static func source(_ f: ProvenanceRecord.DataFile) -> RecordingSource {
        RecordingSource(path: f.path, byteCount: 1, sha256: f.sha256, format: .legacy)
    }

    /// A file split by time is trained on when the evaluated split's test part starts earlier in it.
    @Test
    func timeSplitFilesCountWhenTheTestPartStartsEarlier() throws {
        let model = ProvenanceOnlyClassifier(
            trainingRecordings: [Self.timeSplit, Self.trainOnly, Self.heldOut], trainingSplit: .touchpad)
        let all = [Self.timeSplit, Self.trainOnly, Self.heldOut].map(Self.source)
        func seen(_ split: SplitStrategy?) -> [String] {
            model.trainedOn(all, wholeRecordings: split == nil, split: split).map(\.sha256)
        }
        #expect(seen(.touchpad) == ["bb"])  // its own split: only the file it had no test part of
        #expect(seen(.tail(try SplitFractions(train: 0.5, dev: 0, test: 0.5))) == ["aa", "bb"])  // test from 50% < 80%
        // test from 90%: inside its test
        #expect(seen(.tail(try SplitFractions(train: 0.8, dev: 0.1, test: 0.1))) == ["bb"])
        #expect(seen(nil) == ["aa", "bb"])  // whole files
        // Unknown training split: a time-split file is taken to be split the same way.
        let unknown = ProvenanceOnlyClassifier(trainingRecordings: [Self.timeSplit], trainingSplit: nil)
        #expect(
            unknown.trainedOn(
                all, wholeRecordings: false, split: .tail(try SplitFractions(train: 0.5, dev: 0, test: 0.5))
            ).isEmpty)
    }
}
