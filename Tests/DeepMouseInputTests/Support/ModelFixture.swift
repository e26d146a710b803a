import DeepMouseCore
import DeepMouseQuantization
import Foundation
import TestSupport

/// Small synthetic models exported to `.dmm`, for pipeline and daemon tests (the shipped models
/// are trained later; these exercise the same code with random weights).
enum ModelFixture {
    /// A 1-conv GRU model with a 64-sample window (0.64 s) in `unit`, hop 8.
    /// `decision`: decision-layer parameters stored in the file (the daemon's defaults for it).
    static func bytes(
        unit: MotionUnit = .px, window: Int = 64, seed: UInt64 = 3, movingSamplesOnly: Bool = false,
        decision: DecisionParameters? = nil
    ) throws -> [UInt8] {
        var float = SyntheticModels.model(convs: [.init(kernel: 3, filters: 4)], hidden: 8, window: window, seed: seed)
        float.preprocessing.unit = unit
        float.preprocessing.movingSamplesOnly = movingSamplesOnly
        let motion = SyntheticModels.motion(count: 4000, seed: seed &+ 100)
        let windows = stride(from: 0, to: 4000 - window, by: window / 2).map {
            Array(motion[(2 * $0)..<(2 * ($0 + window))])
        }
        var q = try ExportPipeline.quantize(
            model: float, calibrationWindows: windows, hop: 8, provenance: "test fixture")
        q.decision = decision
        return ModelFileWriter.write(q)
    }

    /// Writes the model into a fresh temporary directory and returns its path.
    static func file(unit: MotionUnit = .px, window: Int = 64, decision: DecisionParameters? = nil) throws -> URL {
        let dir = try TemporaryDirectory.make()
        let url = dir.appendingPathComponent("model.dmm")
        try Data(try bytes(unit: unit, window: window, decision: decision)).write(to: url)
        return url
    }
}

/// A fresh directory under this test process's scratch root (removed at exit).
enum TemporaryDirectory {
    static func make() throws -> URL { try TestTemporaryDirectory.make("deepmouse-test") }
}
