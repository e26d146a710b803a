import Foundation

/// A trained float model on disk: one JSON file (`*.dmcheckpoint.json`) that the trainer writes, and the exporter
/// (quantisation) and the numpy reference read. Format version 1 (version 2 adds `architecture.readout`, below):
///
/// ```
/// {
///   "format": "deepmouse-checkpoint",
///   "version": 1,
///   "architecture": {                      // ModelConfig
///     "window": 800, "input_channels": 2,
///     "conv": [{"filters": 32, "kernel": 3}, ...],          // 0-3 blocks, conv0 first
///     "conv_padding": "same", "conv_activation": "relu", "pool_size": 2,
///     "recurrent": "gru" | "lstm", "hidden": 128,
///     "gru_variant": "reset_after" (GRU only), "gate_order": "zrn" | "ifgo",
///     "output": "dense1_sigmoid",
///     "input_dropout": 0, "recurrent_dropout": 0, "conv_dropout": 0, "l1": 0, "l2": 0,
///     "recurrent_initializer": "orthogonal",
///     "readout": "mean"                    // version 2 only; absent = "last"
///   },
///   "preprocessing": {"unit": "px", "sample_rate_hz": 100, "window": 800, "still_threshold": 0.1,
///                     "offset": [0, 0], "scale": [3.398, 2.926], "normalization": "global"},
///   "training": {"seed": 1, "epochs": 30, "best_epoch": 12, "batch_size": 32, "adam_steps": 144,
///                "optimizer": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07},
///                "dev_metrics": {"loss": 0.6, "accuracy": 0.7}, "settings": {...}},
///   "provenance": {"files": [{"path": ..., "bytes": ..., "sha256": ..., "label": "left", "role": "train"}],
///                  "split": "mouse", "created_at": "2025-01-01T00:00:00Z", "software": "deepmouse", "command": ...},
///   "tensors": {                           // name -> row-major float32 values (shortest round-trip decimals)
///     "conv0.weight": {"shape": [3, 2, 32], "data": [...]},   // (K, Cin, Cout)
///     "conv0.bias":   {"shape": [32], "data": [...]},
///     "gru.w_x": (Cin, 3H), "gru.w_h": (H, 3H), "gru.b_x": (3H), "gru.b_h": (3H)   // gates [z, r, n]
///     "lstm.w_x": (Cin, 4H), "lstm.w_h": (H, 4H), "lstm.b": (4H)                   // gates [i, f, g, o]
///     "dense.weight": (H, 1), "dense.bias": (1)
///   }
/// }
/// ```
/// The forward pass these tensors define: x (W, 2) normalised; per conv block i:
/// `y[t, o] = bias[o] + Σ_k Σ_c x[t + k - (K-1)/2, c] * weight[k, c, o]` (zeros outside), ReLU, max over pairs
/// (floor); then the recurrent layer (equations in ``GRU`` / ``LSTM``, zero initial state) over the remaining steps;
/// `p_left = sigmoid(r · dense.weight + dense.bias)` with r = h_T (readout "last") or r = (1/T) Σ_t h_t ("mean").
///
/// Readers must reject an unknown `format` or a `version` they do not know; writers add fields only by bumping the
/// version, and write the lowest version that holds the checkpoint: a last-readout checkpoint is version 1 (exactly
/// as before the readout existed, so older builds and tools keep reading it), a mean-readout one version 2 (which
/// older readers refuse instead of running it as a last-readout model). Files are written atomically (temporary
/// file, fsync, rename), so a crash never leaves half a file.
public struct Checkpoint: Sendable, Equatable {
    public static let formatName = "deepmouse-checkpoint"
    /// The newest version this build reads and writes.
    public static let currentVersion = 2
    /// The file name suffix the trainer uses.
    public static let fileSuffix = ".dmcheckpoint.json"

    public var architecture: ModelConfig
    public var preprocessing: PreprocessingRecord
    public var training: TrainingRecord
    public var provenance: ProvenanceRecord
    /// In ``ParameterLayout`` order.
    public var tensors: [NamedTensor]

    public init(
        architecture: ModelConfig, preprocessing: PreprocessingRecord, training: TrainingRecord,
        provenance: ProvenanceRecord, tensors: [NamedTensor]
    ) {
        self.architecture = architecture
        self.preprocessing = preprocessing
        self.training = training
        self.provenance = provenance
        self.tensors = tensors
    }

    public func tensor(named name: String) -> NamedTensor? { tensors.first { $0.name == name } }

    /// The version this checkpoint is written as: the lowest one that can hold it (2 for the mean readout, else 1).
    public var version: Int { Self.version(for: architecture) }

    static func version(for architecture: ModelConfig) -> Int { architecture.readout == .last ? 1 : 2 }

    /// Checks the checkpoint is complete and consistent with its architecture: every tensor the architecture needs,
    /// with its exact shape, data of that size, finite values, no extra tensors; a preprocessing block that matches.
    /// `file` names the source in errors.
    public func validate(file: String) throws(CheckpointError) {
        func fail(_ field: String, _ reason: String) -> CheckpointError {
            CheckpointError(file: file, field: field, reason: reason)
        }
        do { try architecture.validate() } catch {
            throw fail("architecture.\(error.field)", error.reason)
        }
        let layout = ParameterLayout(config: architecture)
        for spec in layout.tensors {
            guard let t = tensor(named: spec.name) else {
                throw fail("tensors.\(spec.name)", "missing (the architecture needs shape \(spec.shape))")
            }
            guard t.shape == spec.shape else {
                throw fail(
                    "tensors.\(spec.name).shape", "expected \(spec.shape) for this architecture, found \(t.shape)")
            }
            guard t.data.count == spec.count else {
                throw fail(
                    "tensors.\(spec.name).data",
                    "shape \(t.shape) needs \(spec.count) values, found \(t.data.count) (truncated?)")
            }
            if let bad = t.data.firstIndex(where: { !$0.isFinite }) {
                throw fail("tensors.\(spec.name).data[\(bad)]", "not a finite number (\(t.data[bad]))")
            }
        }
        if let extra = tensors.first(where: { layout[$0.name] == nil }) {
            throw fail(
                "tensors.\(extra.name)",
                "not a tensor of this architecture (\(architecture.recurrent.rawValue), "
                    + "\(architecture.conv.count) conv blocks)")
        }
        let p = preprocessing
        guard p.window == architecture.window else {
            throw fail("preprocessing.window", "\(p.window) differs from architecture.window \(architecture.window)")
        }
        guard p.offset.count == architecture.inputChannels, p.offset.allSatisfy(\.isFinite) else {
            throw fail(
                "preprocessing.offset", "expected \(architecture.inputChannels) finite values, found \(p.offset)")
        }
        guard p.scale.count == architecture.inputChannels, p.scale.allSatisfy({ $0.isFinite && $0 != 0 }) else {
            throw fail(
                "preprocessing.scale",
                "expected \(architecture.inputChannels) finite non-zero values, found \(p.scale)")
        }
        guard p.sampleRateHz > 0 else {
            throw fail("preprocessing.sample_rate_hz", "must be > 0, found \(p.sampleRateHz)")
        }
    }
}

/// A checkpoint that cannot be read or written. The message names the file and the JSON field
/// (`tensors.gru.w_h.shape`), and says what was expected.
public struct CheckpointError: Error, CustomStringConvertible, Equatable {
    public var file: String
    /// Dotted JSON path of the offending field; nil when the file as a whole is the problem.
    public var field: String?
    public var reason: String

    public init(file: String, field: String?, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String {
        if let field { return "\(file): \(field): \(reason)" }
        return "\(file): \(reason)"
    }
}
