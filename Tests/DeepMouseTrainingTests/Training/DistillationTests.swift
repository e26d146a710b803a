import Foundation
import TestSupport
import Testing

@testable import DeepMouseTraining

/// Distillation: the loop trains on the given soft targets, the targets mix label and the teachers' mean p_left
/// (each teacher with its own normalisation), and teachers that do not fit the run are refused by name.
@Suite("Distillation (soft targets from teachers)")
struct DistillationTests {
    static let config = ModelConfig(window: 16, conv: [.init(filters: 4, kernel: 3)], recurrent: .gru, hidden: 6)

    /// 12 raw windows of W=16 (left drifting one way, right the other) and the file they claim to come from.
    static func windows() -> WindowSet {
        let (x, y) = ClassifierTests.separable(count: 12, window: 16, seed: 11)
        var set = WindowSet(window: 16)
        for i in 0..<12 {
            set.append(
                MotionStream(unit: .px, samples: Array(x[(i * 32)..<((i + 1) * 32)]).map { $0 * 2 }), start: 0,
                hand: y[i] == 1 ? .left : .right, recording: 0)
        }
        return set
    }

    static let leftOne = RecordingSource(
        path: "/data/mouse/left-1.txt", byteCount: 10, sha256: String(repeating: "a", count: 64),
        format: .legacy)

    /// A trained teacher written to disk with scale 2 normalisation; `role` is what it did with left-1.txt.
    static func teacher(seed: UInt64, movingSamplesOnly: Bool = false, role: String = "test") throws -> (
        URL, Classifier
    ) {
        let model = try Classifier(config: config, seed: seed, threads: 1)
        model.optimizer.learningRate = 0.01
        let (x, y) = ClassifierTests.separable(count: 12, window: 16, seed: seed + 100)
        for _ in 0..<5 { model.trainStep(inputs: x, labels: y) }
        let url = TestTemporaryDirectory.root.appendingPathComponent(
            "teacher-\(UUID().uuidString)" + Checkpoint.fileSuffix)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let provenance = ProvenanceRecord(files: [
            .init(path: leftOne.path, bytes: 10, sha256: leftOne.sha256, label: "left", role: role)
        ])
        try model.save(
            to: url,
            preprocessing: PreprocessingRecord(
                unit: "px", window: 16, offset: [0, 0], scale: [2, 2],
                normalization: "global", movingSamplesOnly: movingSamplesOnly),
            training: TrainingRecord(seed: seed, epochs: 1, batchSize: 12), provenance: provenance)
        return (url, model)
    }

    /// Targets are (1 - w) label + w mean p_left of the teachers, each on its own normalised input.
    @Test
    func targetsMixLabelsAndTeachers() throws {
        let (a, modelA) = try Self.teacher(seed: 1)
        let (b, modelB) = try Self.teacher(seed: 2)
        let train = Self.windows()
        let targets = try Distillation(teacherFiles: [a, b], weight: 0.25, threads: 1)
            .targets(for: train, unit: .px, windowing: WindowingParameters(window: 16), testRecordings: [Self.leftOne])
        var x: [Float] = []
        var y: [Float] = []
        train.normalized(by: Normalization(offset: [0, 0], scale: [2, 2])).gather(0..<12, into: &x, labels: &y)
        let pA = modelA.predict(inputs: x)
        let pB = modelB.predict(inputs: x)
        for i in 0..<12 {
            let expected = 0.75 * y[i] + 0.25 * (pA[i] + pB[i]) / 2
            #expect(abs(targets[i] - expected) < 1e-6)
        }
        #expect(Set(targets).count > 2, "soft targets, not the 0/1 labels")
        let labelsOnly = try Distillation(teacherFiles: [a], weight: 0, threads: 1)
            .targets(for: train, unit: .px, windowing: WindowingParameters(window: 16), testRecordings: [])
        #expect(labelsOnly == train.labels)
    }

    /// A teacher of another kind of windows, or one trained on a test recording, is refused by file and field.
    @Test
    func incompatibleTeachersAreRefused() throws {
        let (moving, _) = try Self.teacher(seed: 3, movingSamplesOnly: true)
        let (leaky, _) = try Self.teacher(seed: 4, role: "train+dev")
        let windowing = WindowingParameters(window: 16)
        do {
            _ = try Distillation(teacherFiles: [moving], weight: 0.5, threads: 1)
                .targets(for: Self.windows(), unit: .px, windowing: windowing, testRecordings: [])
            Issue.record("a moving-samples teacher taught an every-sample run")
        } catch let error as TrainingError {
            #expect(error.description.contains(moving.path) && error.description.contains("moving_samples_only"))
        }
        do {
            _ = try Distillation(teacherFiles: [leaky], weight: 0.5, threads: 1)
                .targets(for: Self.windows(), unit: .px, windowing: windowing, testRecordings: [Self.leftOne])
            Issue.record("a teacher trained on the test recording taught the run")
        } catch let error as TrainingError {
            #expect(error.description.contains("provenance.files") && error.description.contains("left-1.txt"))
        }
        #expect(throws: TrainingError.self) {
            _ = try Distillation(teacherFiles: [leaky], weight: 0.5, threads: 1)
                .targets(for: Self.windows(), unit: .mm, windowing: windowing, testRecordings: [])
        }
        do {
            _ = try Distillation(teacherFiles: [leaky], weight: 0.5, threads: 1)
                .targets(for: Self.windows(), unit: .px, windowing: WindowingParameters(window: 32), testRecordings: [])
            Issue.record("a W=16 teacher taught a W=32 run")
        } catch let error as TrainingError {
            #expect(error.description.contains("architecture.window"))
        }
        do {
            _ = try Distillation(
                teacherFiles: [URL(fileURLWithPath: "/nonexistent/teacher.dmcheckpoint.json")], weight: 0.5
            )
            .targets(for: Self.windows(), unit: .px, windowing: windowing, testRecordings: [])
            Issue.record("a missing teacher file was accepted")
        } catch {
            #expect("\(error)".contains("/nonexistent/teacher.dmcheckpoint.json"))
        }
    }

    /// The loop trains on the targets in place of the labels.
    @Test
    func loopTrainsOnTargets() throws {
        let model = ScriptedModel(script: [0.6, 0.6])
        let train = TrainingLoopTests().windows(left: 3, right: 3, seed: 1)
        var loop = TrainingLoop(
            config: TrainingConfig(epochs: 2, batchSize: 6, shuffle: false), train: train,
            dev: TrainingLoopTests().windows(left: 1, right: 0, seed: 2))
        loop.targets = [0.9, 0.8, 0.7, 0.3, 0.2, 0.1]
        _ = try loop.run(model) { _ in }
        #expect(model.stepsSeen == [[0.9, 0.8, 0.7, 0.3, 0.2, 0.1], [0.9, 0.8, 0.7, 0.3, 0.2, 0.1]])
    }
}
