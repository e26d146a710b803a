import DeepMouseCore
import DeepMouseTraining

/// Bridges the trainer's float checkpoint (`*.dmcheckpoint.json`, owned by the network code)
/// and the exporter's `FloatGRUModel`: same tensor names and layouts, so this only copies.
extension FloatGRUModel {
    /// The exporter's view of a checkpoint; LSTM checkpoints are refused (no LSTM kernels).
    public init(checkpoint c: Checkpoint) throws(ExportError) {
        let a = c.architecture
        guard a.recurrent == .gru else {
            throw .unsupported(
                "\(a.recurrent.rawValue.uppercased()) checkpoints (the engine has Conv1D, GRU and Dense kernels only); export a GRU model"
            )
        }
        guard a.inputChannels == 2 else { throw .unsupported("\(a.inputChannels) input channels (expects dx, dy)") }
        let p = c.preprocessing
        guard let unit = MotionUnit(p.unit) else { throw .unsupported("input unit '\(p.unit)'") }
        guard p.offset.count == 2, p.scale.count == 2 else {
            throw .checkpoint("preprocessing.offset/scale must have 2 values")
        }
        var tensors: [String: [Float]] = [:]
        for t in c.tensors { tensors[t.name] = t.data }
        self.init(
            convs: a.conv.map { Conv(kernel: $0.kernel, filters: $0.filters) }, hidden: a.hidden,
            readout: a.readout == .mean ? .mean : .last,
            preprocessing: Preprocessing(
                unit: unit, sampleRateHz: p.sampleRateHz, window: a.window,
                offset: (Double(p.offset[0]), Double(p.offset[1])),
                scale: (Double(p.scale[0]), Double(p.scale[1])),
                stillThreshold: Double(p.stillThreshold),
                movingSamplesOnly: p.movingSamplesOnly),
            tensors: tensors)
        try validate()
    }

    /// A checkpoint holding this model (for tools that read checkpoints, e.g. the Python references).
    public func checkpoint(seed: UInt64 = 0, note: String = "") -> Checkpoint {
        let config = ModelConfig(
            window: window, conv: convs.map { .init(filters: $0.filters, kernel: $0.kernel) },
            recurrent: .gru, hidden: hidden, readout: readout == .mean ? .mean : .last)
        let shapes = expectedShapes
        let order =
            convs.indices.flatMap { ["conv\($0).weight", "conv\($0).bias"] }
            + ["gru.w_x", "gru.w_h", "gru.b_x", "gru.b_h", "dense.weight", "dense.bias"]
        let p = preprocessing
        return Checkpoint(
            architecture: config,
            preprocessing: PreprocessingRecord(
                unit: p.unit.description, sampleRateHz: p.sampleRateHz, window: window,
                stillThreshold: Float(p.stillThreshold),
                offset: [Float(p.offset.x), Float(p.offset.y)],
                scale: [Float(p.scale.x), Float(p.scale.y)], normalization: "global",
                movingSamplesOnly: p.movingSamplesOnly),
            training: TrainingRecord(
                seed: seed, epochs: 0, batchSize: 1, settings: note.isEmpty ? [:] : ["note": note]),
            provenance: ProvenanceRecord(split: "synthetic"),
            tensors: order.map { NamedTensor(name: $0, shape: shapes[$0]!, data: tensor($0)) })
    }
}

extension ReadoutKind {
    /// The readout's name in checkpoints and model cards ("last", "mean").
    public var name: String { self == .mean ? "mean" : "last" }
}
