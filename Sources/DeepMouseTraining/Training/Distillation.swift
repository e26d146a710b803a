import DeepMouseCore
import Foundation

/// Knowledge distillation from teacher models: each training window's target becomes
/// `(1 - weight) · y + weight · p̄`, where y is its hand label and p̄ the teachers' mean `p_left` on it. An ensemble
/// of seeds scores better than any one of its members on held-out sessions, but the board runs one network; a
/// student trained on the ensemble's soft targets keeps part of that gain at the usual size and cost.
///
/// Teachers are float checkpoints read through ``FloatCheckpointClassifier``, so each applies its own stored
/// normalisation. They must read the same unit and the same windows (length, moving samples only or not) as the
/// student, and must not have been trained on a recording the student is tested on.
public struct Distillation: Sendable {
    /// The teachers' float checkpoints (`*.dmcheckpoint.json`).
    public var teacherFiles: [URL]
    /// How much of the target comes from the teachers (0: the labels only; 1: the teachers only).
    public var weight: Double
    /// Threads each teacher predicts with.
    public var threads: Int

    public init(teacherFiles: [URL], weight: Double, threads: Int = 2) {
        precondition(!teacherFiles.isEmpty && weight >= 0 && weight <= 1)
        self.teacherFiles = teacherFiles
        self.weight = weight
        self.threads = threads
    }

    /// Reads the teachers, checks them against the student's data (``validate(_:unit:windowing:testRecordings:)``)
    /// and returns the soft target of each window of `train` (raw windows, in the data's unit).  // (N)
    public func targets(
        for train: WindowSet, unit: MotionUnit, windowing: WindowingParameters,
        testRecordings: [RecordingSource]
    ) throws -> [Float] {
        let teachers = try teacherFiles.map { try FloatCheckpointClassifier(contentsOf: $0, threads: threads) }
        try Self.validate(teachers, unit: unit, windowing: windowing, testRecordings: testRecordings)
        let mean = try EnsembleClassifier(teachers).meanPLeft(train)
        return (0..<train.count).map { Float((1 - weight) * Double(train.labels[$0]) + weight * mean[$0]) }
    }

    /// Checks the teachers against the student's data: same unit, same windows, no test recording in their training.
    static func validate(
        _ teachers: [FloatCheckpointClassifier], unit: MotionUnit, windowing: WindowingParameters,
        testRecordings: [RecordingSource]
    ) throws {
        for teacher in teachers {
            let file = teacher.url.path
            if teacher.unit != unit {
                throw TrainingError.incompatibleTeacher(
                    file: file, field: "preprocessing.unit",
                    reason: "the teacher reads \(teacher.unit.description), this data is \(unit.description)")
            }
            if teacher.window != windowing.window {
                throw TrainingError.incompatibleTeacher(
                    file: file, field: "architecture.window",
                    reason: "the teacher reads windows of \(teacher.window) samples, this run \(windowing.window)")
            }
            if teacher.movingSamplesOnly != windowing.movingSamplesOnly {
                throw TrainingError.incompatibleTeacher(
                    file: file, field: "preprocessing.moving_samples_only",
                    reason:
                        "the teacher was trained \(teacher.movingSamplesOnly ? "on moving samples only" : "on every sample"), this run \(windowing.movingSamplesOnly ? "on moving samples only" : "on every sample")"
                )
            }
            // A file the teacher used without holding part of it out as test cannot be tested on here.
            if let leaked = teacher.trainedOn(testRecordings, wholeRecordings: false).first {
                let role = teacher.trainingRecordings.first { $0.sha256 == leaked.sha256 }?.role ?? "?"
                throw TrainingError.incompatibleTeacher(
                    file: file, field: "provenance.files",
                    reason: "the teacher was trained on \(leaked.path) (role \(role)), which this run tests on")
            }
        }
    }

    /// What the checkpoint's settings record about the teachers.
    public var settings: [String: String] {
        ["teachers": teacherFiles.map(\.path).joined(separator: ","), "teacher_weight": String(weight)]
    }
}
