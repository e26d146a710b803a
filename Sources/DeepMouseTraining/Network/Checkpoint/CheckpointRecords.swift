/// How windows were made from recordings before they reached the network: everything a runtime needs to feed the
/// model the same numbers. Filled by the data pipeline; stored verbatim in the checkpoint's `preprocessing` block.
public struct PreprocessingRecord: Codable, Sendable, Equatable {
    /// "px" (screen pixels), "mm" (touchpad) or "counts" (mouse REL units).
    public var unit: String
    public var sampleRateHz: Int
    /// Samples per window; equals the architecture's window.
    public var window: Int
    /// A window is dropped when the population std of dx or of dy is <= this (in `unit`, before normalisation).
    public var stillThreshold: Float
    /// Per-axis normalisation `(d - offset) / scale`, (dx, dy).
    public var offset: [Float]
    public var scale: [Float]
    /// "global" (fixed constants) or "fitted" (fitted on the training split only).
    public var normalization: String
    /// Windows are W samples of motion, cut from streams without their still samples (dx = dy = 0);
    /// the runtime feeds such a model moving cells only. Absent in older checkpoints: false.
    public var movingSamplesOnly: Bool

    public init(
        unit: String, sampleRateHz: Int = 100, window: Int, stillThreshold: Float = 0.1,
        offset: [Float], scale: [Float], normalization: String, movingSamplesOnly: Bool = false
    ) {
        self.unit = unit
        self.sampleRateHz = sampleRateHz
        self.window = window
        self.stillThreshold = stillThreshold
        self.offset = offset
        self.scale = scale
        self.normalization = normalization
        self.movingSamplesOnly = movingSamplesOnly
    }

    /// The original project's preprocessing: pixels, 100 Hz, still threshold 0.1, scale (3.398, 2.926).
    public static func legacyPixels(window: Int) -> PreprocessingRecord {
        PreprocessingRecord(unit: "px", window: window, offset: [0, 0], scale: [3.398, 2.926], normalization: "global")
    }

    enum CodingKeys: String, CodingKey {
        case unit
        case sampleRateHz = "sample_rate_hz"
        case window
        case stillThreshold = "still_threshold"
        case offset, scale
        case normalization
        case movingSamplesOnly = "moving_samples_only"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            unit: try c.decode(String.self, forKey: .unit), sampleRateHz: try c.decode(Int.self, forKey: .sampleRateHz),
            window: try c.decode(Int.self, forKey: .window),
            stillThreshold: try c.decode(Float.self, forKey: .stillThreshold),
            offset: try c.decode([Float].self, forKey: .offset), scale: try c.decode([Float].self, forKey: .scale),
            normalization: try c.decode(String.self, forKey: .normalization),
            movingSamplesOnly: try c.decodeIfPresent(Bool.self, forKey: .movingSamplesOnly) ?? false)
    }
}

/// How the weights were trained: the checkpoint's `training` block.
public struct TrainingRecord: Codable, Sendable, Equatable {
    public var seed: UInt64
    /// Epochs run, and the epoch whose weights these are (1-based; nil if not tracked).
    public var epochs: Int
    public var bestEpoch: Int?
    public var batchSize: Int
    /// Adam updates applied to these weights (set by ``Classifier/checkpoint(preprocessing:training:provenance:)``).
    public var adamSteps: Int
    public var optimizer: AdamConfig
    /// Dev-set metrics of these weights, e.g. "loss", "accuracy", "balanced_accuracy".
    public var devMetrics: [String: Double]
    /// Anything else worth reproducing the run (early-stopping rule, window stride, split seed...).
    public var settings: [String: String]

    public init(
        seed: UInt64, epochs: Int, bestEpoch: Int? = nil, batchSize: Int, adamSteps: Int = 0,
        optimizer: AdamConfig = AdamConfig(), devMetrics: [String: Double] = [:],
        settings: [String: String] = [:]
    ) {
        self.seed = seed
        self.epochs = epochs
        self.bestEpoch = bestEpoch
        self.batchSize = batchSize
        self.adamSteps = adamSteps
        self.optimizer = optimizer
        self.devMetrics = devMetrics
        self.settings = settings
    }

    enum CodingKeys: String, CodingKey {
        case seed, epochs
        case bestEpoch = "best_epoch"
        case batchSize = "batch_size"
        case adamSteps = "adam_steps"
        case optimizer
        case devMetrics = "dev_metrics"
        case settings
    }
}

/// Where the training data came from: the checkpoint's `provenance` block.
public struct ProvenanceRecord: Codable, Sendable, Equatable {
    /// One recording the model saw, identified by content so a later run can tell whether it is the same file.
    public struct DataFile: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int
        /// Lower-case hex SHA-256 of the file's bytes.
        public var sha256: String
        /// "left" or "right" (nil if the file holds both).
        public var label: String?
        /// Which split(s) it fed, e.g. "train+dev", "test".
        public var role: String?

        public init(path: String, bytes: Int, sha256: String, label: String? = nil, role: String? = nil) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
            self.label = label
            self.role = role
        }
    }

    public var files: [DataFile]
    /// The split, e.g. "mouse" or "touchpad" or "random-windows seed=7" (see ARCHITECTURE.md).
    public var split: String
    /// ISO 8601 time of writing.
    public var createdAt: String
    /// The program that wrote it, e.g. "deepmouse 0.1 (git abc1234)".
    public var software: String
    /// The command line, if any.
    public var command: String?

    public init(
        files: [DataFile] = [], split: String = "", createdAt: String = "", software: String = "deepmouse",
        command: String? = nil
    ) {
        self.files = files
        self.split = split
        self.createdAt = createdAt
        self.software = software
        self.command = command
    }

    enum CodingKeys: String, CodingKey {
        case files, split
        case createdAt = "created_at"
        case software, command
    }
}

/// One parameter tensor by its checkpoint name, row-major.
public struct NamedTensor: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var data: [Float]

    public init(name: String, shape: [Int], data: [Float]) {
        self.name = name
        self.shape = shape
        self.data = data
    }
}
