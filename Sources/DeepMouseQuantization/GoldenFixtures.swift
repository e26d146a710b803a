import DeepMouseCore

/// The small model files and golden test vectors checked into `Tests/Fixtures/models`, as TFLite Micro keeps
/// its kernels' reference data: the core's and the daemon's tests read them without the workstation code, and
/// `tools/test-fixtures` writes them again from here (a Quantization test keeps the two identical).
///
/// Each fixture is seeded random weights quantized from seeded synthetic motion (`SyntheticModels`). An engine
/// fixture also has a `.golden` file: the model input (int16 pairs after `InputScaler`), the hop, and every
/// decision the streaming engine must produce, computed by `FixedPointReference` over each whole window.
public enum GoldenFixtures {
    /// One fixture: its name and how it is made.
    public struct Fixture: Sendable {
        public var name: String
        var convs: [FloatGRUModel.Conv]
        var hidden: Int
        var window: Int
        var hop: Int
        var seed: UInt64
        var samples: Int
        var readout: ReadoutKind = .last
        var movingSamplesOnly = false
        var decision: DecisionParameters?
        var changeDetector: ChangeDetectorParameters?
        /// Whether a `.golden` vector comes with the model.
        var golden = true
    }

    /// The engine fixtures: conv stacks that exercise the edge/interior split and the pooling grid, hidden sizes
    /// with 16-lane gate chunks and partial x86 kernel blocks (3H = 48, 408, 129), both readouts.
    public static let engine: [Fixture] = {
        let archs: [([FloatGRUModel.Conv], Int, Int, Int)] = [
            ([], 5, 24, 3),
            ([.init(kernel: 3, filters: 4)], 6, 32, 2),
            ([.init(kernel: 3, filters: 4), .init(kernel: 3, filters: 5)], 7, 48, 4),
            ([.init(kernel: 3, filters: 4), .init(kernel: 3, filters: 4), .init(kernel: 3, filters: 6)], 8, 64, 8),
            ([.init(kernel: 5, filters: 3), .init(kernel: 2, filters: 4), .init(kernel: 4, filters: 3)], 4, 64, 16),
            ([.init(kernel: 1, filters: 3), .init(kernel: 7, filters: 4)], 9, 40, 12),
            ([.init(kernel: 3, filters: 4)], 16, 32, 4),
            ([], 32, 16, 2),
            ([.init(kernel: 3, filters: 5)], 136, 32, 4),
            ([], 43, 16, 2)
        ]
        let last = archs.enumerated().map { i, a in
            Fixture(
                name: "engine-\(i)", convs: a.0, hidden: a.1, window: a.2, hop: a.3, seed: UInt64(i + 1),
                samples: 1500)
        }
        let meanArchs: [([FloatGRUModel.Conv], Int, Int, Int)] = [
            ([], 5, 24, 3),
            ([.init(kernel: 3, filters: 4), .init(kernel: 3, filters: 5)], 7, 48, 4),
            ([.init(kernel: 3, filters: 4), .init(kernel: 3, filters: 4), .init(kernel: 3, filters: 6)], 8, 800, 8),
            ([.init(kernel: 5, filters: 3), .init(kernel: 2, filters: 4)], 16, 256, 16)
        ]
        let mean = meanArchs.enumerated().map { i, a in
            Fixture(
                name: "mean-\(i)", convs: a.0, hidden: a.1, window: a.2, hop: a.3, seed: UInt64(i + 21),
                samples: a.2 + 40 * a.3, readout: .mean)
        }
        return last + mean
    }()

    /// The daemon's fixtures: a 1-conv GRU-8 px model with a 64-sample window (0.64 s), hop 8; moving-samples
    /// only; with decision parameters stored in the file (a few, so tests can tell whose are used); and with a
    /// change detector (a = 1, b = 0, threshold 2 nats, head start 1 after 3 idle hops).
    public static let daemon: [Fixture] = {
        let base = Fixture(
            name: "pipeline", convs: [.init(kernel: 3, filters: 4)], hidden: 8, window: 64, hop: 8, seed: 3,
            samples: 4000, golden: false)
        var moving = base
        moving.name = "pipeline-moving"
        moving.movingSamplesOnly = true
        var stored = base
        stored.name = "pipeline-stored-decisions"
        stored.decision = DecisionParameters(
            retentionQ15: 32440, thresholdQ8: 3072, capQ8: 4608, idleHopsToUnknown: 3, minimumHopsBetweenChanges: 2)
        var deaf = base
        deaf.name = "pipeline-never-decides"
        deaf.decision = DecisionParameters(retentionQ15: 0, thresholdQ8: 65536, capQ8: 65536)
        var eager = base
        eager.name = "pipeline-decides-at-once"
        eager.decision = DecisionParameters(retentionQ15: 0, thresholdQ8: 1, capQ8: 1)
        var cusum = base
        cusum.name = "pipeline-cusum"
        cusum.changeDetector = ChangeDetectorParameters(thresholdQ12: 2 * 4096, headStartQ12: 4096, pauseHops: 3)
        return [base, moving, stored, deaf, eager, cusum]
    }()

    /// Every fixture.
    public static var all: [Fixture] { engine + daemon }

    /// The files of `fixture`: `NAME.dmm`, and `NAME.golden` for engine fixtures.
    public static func files(_ fixture: Fixture) throws -> [(name: String, bytes: [UInt8])] {
        var float = SyntheticModels.model(
            convs: fixture.convs, hidden: fixture.hidden, window: fixture.window, seed: fixture.seed)
        float.readout = fixture.readout
        float.preprocessing.movingSamplesOnly = fixture.movingSamplesOnly
        let motion = SyntheticModels.motion(count: fixture.samples, seed: fixture.seed &+ 100)
        let w = fixture.window
        let windows = stride(from: 0, to: fixture.samples - w, by: w / 2).map {
            Array(motion[(2 * $0)..<(2 * ($0 + w))])
        }
        var q = try ExportPipeline.quantize(
            model: float, calibrationWindows: windows, hop: fixture.hop, provenance: "test fixture \(fixture.name)")
        q.decision = fixture.decision
        q.changeDetector = fixture.changeDetector
        var files = [(name: "\(fixture.name).dmm", bytes: ModelFileWriter.write(q))]
        if fixture.golden {
            let input = ExportPipeline.quantizedInput(motion, try ExportPipeline.inputScaler(q))
            files.append((name: "\(fixture.name).golden", bytes: Array(golden(q, input, fixture).utf8)))
        }
        return files
    }

    /// The golden vector's text: see `GoldenVector` in the core's tests for the reader.
    static func golden(_ q: QuantizedModel, _ input: [Int16], _ fixture: Fixture) -> String {
        let reference = FixedPointReference(model: q)
        let w = fixture.window
        let samples = input.count / 2
        let ends = Array(stride(from: w, through: samples, by: fixture.hop))
        var lines = [
            "# DeepMouse golden vector for \(fixture.name).dmm, written by tools/test-fixtures: do not edit.",
            "# 'input N' is followed by N lines 'dx dy' (model input, int16, after InputScaler); 'decisions M' by M",
            "# lines 't idle p_left_q15 logit_q12' (t: the window's last sample; idle windows carry what the network",
            "# says all the same, decisionIgnoringStillRule). Computed by FixedPointReference over each whole window.",
            "hop \(fixture.hop)",
            "input \(samples)"
        ]
        for t in 0..<samples { lines.append("\(input[2 * t]) \(input[2 * t + 1])") }
        lines.append("decisions \(ends.count)")
        for end in ends {
            let window = Array(input[(2 * (end - w))..<(2 * end)])
            let r = reference.classify(window)
            let idle = reference.isStill(window) ? 1 : 0
            lines.append("\(end - 1) \(idle) \(r.pLeftQ15) \(r.logitQ12)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
