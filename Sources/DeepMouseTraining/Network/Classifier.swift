import Foundation

/// The trainer's left/right classifier in Float: build it from a ``ModelConfig`` and a seed, call
/// ``trainStep(inputs:labels:)`` per mini-batch (forward, backward, Adam), ``predict(inputs:)`` for p_left, and
/// save/load ``Checkpoint``s. Inputs are normalised windows, flat `(B, W, 2)` row-major: sample b, step t, channel c
/// at `inputs[(b * W + t) * 2 + c]`. Labels: left = 1, right = 0.
///
/// Work is split across `threads` (each thread takes a contiguous run of the batch and owns its buffers; gradients
/// are summed in a fixed order), so the same seed and thread count give bit-identical weights on a given machine.
/// One classifier serves one caller at a time (its calls use the threads themselves); use one per concurrent task.
public final class Classifier: @unchecked Sendable {
    public let config: ModelConfig
    /// The seed the initial weights and dropout masks were drawn from.
    public let seed: UInt64
    let network: Network<Float>

    /// - Parameter threads: the number of batch shards run concurrently (default 2: this project's workstations and
    ///   CI have 2 cores). Results depend on it (float summation order), not on the machine's load. With more than
    ///   one shard OpenBLAS is pinned to one thread (two layers of threads only fight); with one, OpenBLAS keeps its
    ///   own threads (`OPENBLAS_NUM_THREADS`), which parallelise the matrix products only.
    public init(config: ModelConfig, seed: UInt64, threads: Int = 2) throws(ModelConfigError) {
        try config.validate()
        self.config = config
        self.seed = seed
        network = Network(config: config, seed: seed, shardCount: threads)
        if threads > 1 { BLASThreads.set(1) }
    }

    /// Adam's settings; may be changed between steps (e.g. a learning-rate schedule).
    public var optimizer: AdamConfig {
        get { network.adam }
        set { network.adam = newValue }
    }

    /// Adam updates applied so far.
    public var steps: Int { network.step }

    /// Scalars the model learns.
    public var parameterCount: Int { network.layout.parameterCount }

    /// The names, shapes and offsets of the parameters.
    public var layout: ParameterLayout { network.layout }

    /// One optimisation step on a mini-batch: dropout on, forward, backward (mean BCE + L1/L2), Adam update.
    /// `weights` (B) optionally weight each window's loss (Keras `sample_weight`: loss = Σ w_b BCE_b / B).
    /// Returns the batch's loss and accuracy as computed *before* the update (what Keras reports).
    @discardableResult
    public func trainStep(inputs: [Float], labels: [Float], weights: [Float]? = nil) -> BatchMetrics {
        checkShapes(inputs.count, labels.count)
        precondition(weights == nil || weights!.count == labels.count, "one weight per window")
        return inputs.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { y in
                guard let weights else {
                    return network.trainStep(inputs: x.baseAddress!, labels: y.baseAddress!, count: labels.count)
                }
                return weights.withUnsafeBufferPointer { w in
                    network.trainStep(
                        inputs: x.baseAddress!, labels: y.baseAddress!, weights: w.baseAddress!,
                        count: labels.count)
                }
            }
        }
    }

    /// Loss and accuracy without dropout and without updating (dev/test evaluation).
    public func evaluate(inputs: [Float], labels: [Float]) -> BatchMetrics {
        checkShapes(inputs.count, labels.count)
        let logits = self.logits(inputs: inputs)
        let (sum, correct) = logits.withUnsafeBufferPointer { l in
            labels.withUnsafeBufferPointer { y in
                BinaryCrossEntropy.forward(logits: l.baseAddress!, labels: y.baseAddress!, B: labels.count)
            }
        }
        let penalty = Penalty.forward(
            params: network.params.pointer, layout: network.layout,
            l1: config.l1, l2: config.l2)
        return BatchMetrics(loss: sum / Double(labels.count), penalty: penalty, correct: correct, count: labels.count)
    }

    /// p_left = sigmoid(logit) for each window (inference: dropout off). Any number of windows.
    public func predict(inputs: [Float]) -> [Float] {
        logits(inputs: inputs).map { Float.sigmoid($0) }
    }

    /// The pre-sigmoid outputs (log-odds of left) for each window.
    public func logits(inputs: [Float]) -> [Float] {
        let perWindow = config.window * config.inputChannels
        precondition(
            inputs.count % perWindow == 0,
            "inputs must be (N, \(config.window), \(config.inputChannels)), got \(inputs.count) values")
        let n = inputs.count / perWindow
        var out = [Float](repeating: 0, count: n)
        guard n > 0 else { return out }
        inputs.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                network.logits(inputs: x.baseAddress!, count: n, into: o.baseAddress!)
            }
        }
        return out
    }

    private func checkShapes(_ inputCount: Int, _ labelCount: Int) {
        precondition(labelCount > 0, "empty batch")
        precondition(
            inputCount == labelCount * config.window * config.inputChannels,
            "inputs must be (B=\(labelCount), W=\(config.window), \(config.inputChannels)), "
                + "got \(inputCount) values")
    }

    // MARK: Weights

    /// A copy of the current weights (e.g. the best epoch's, kept by early stopping).
    public func snapshot() -> ParameterSnapshot {
        ParameterSnapshot(config: config, values: network.params.array)
    }

    /// Puts back the weights of a ``snapshot()`` of this architecture (Adam's moments are left as they are).
    public func restore(_ snapshot: ParameterSnapshot) {
        precondition(
            snapshot.config == config && snapshot.values.count == network.params.count,
            "snapshot of a different architecture")
        snapshot.values.withUnsafeBufferPointer {
            network.params.pointer.update(from: $0.baseAddress!, count: $0.count)
        }
    }

    /// The current values of one tensor (names as in ``ParameterLayout``).
    public func tensor(named name: String) -> NamedTensor? {
        guard let spec = network.layout[name] else { return nil }
        let p = network.params.pointer + spec.offset
        return NamedTensor(name: name, shape: spec.shape, data: Array(UnsafeBufferPointer(start: p, count: spec.count)))
    }

    // MARK: Weight averaging

    /// Keeps an exponential moving average of the weights from now on, updated after every Adam step with this
    /// decay (see ``WeightAverage``); nil stops keeping one.
    public var weightAverageDecay: Double? {
        get { network.average?.decay }
        set {
            network.average = newValue.map {
                WeightAverage(decay: $0, params: network.params.pointer, count: network.params.count)
            }
        }
    }

    /// The averaged weights, when an average is kept.
    public func averagedSnapshot() -> ParameterSnapshot? {
        network.average.map { ParameterSnapshot(config: config, values: $0.values.array) }
    }

    // MARK: Checkpoints

    /// The weights with everything a reader needs to use them. `training.adamSteps` is filled in here.
    public func checkpoint(
        preprocessing: PreprocessingRecord, training: TrainingRecord,
        provenance: ProvenanceRecord
    ) -> Checkpoint {
        var training = training
        training.adamSteps = steps
        return Checkpoint(
            architecture: config, preprocessing: preprocessing, training: training,
            provenance: provenance, tensors: network.layout.tensors.map { tensor(named: $0.name)! })
    }

    /// Writes ``checkpoint(preprocessing:training:provenance:)`` atomically to `url`.
    public func save(
        to url: URL, preprocessing: PreprocessingRecord, training: TrainingRecord,
        provenance: ProvenanceRecord
    ) throws(CheckpointError) {
        try checkpoint(preprocessing: preprocessing, training: training, provenance: provenance).write(to: url)
    }

    /// A classifier with a checkpoint's weights (validated), ready to predict or to continue training (with fresh
    /// Adam moments).
    public convenience init(checkpoint: Checkpoint, threads: Int = 2) throws(CheckpointError) {
        try checkpoint.validate(file: "<checkpoint>")
        do {
            try self.init(config: checkpoint.architecture, seed: checkpoint.training.seed, threads: threads)
        } catch {
            throw CheckpointError(file: "<checkpoint>", field: "architecture.\(error.field)", reason: error.reason)
        }
        for t in checkpoint.tensors {
            let spec = network.layout[t.name]!
            t.data.withUnsafeBufferPointer {
                (network.params.pointer + spec.offset).update(from: $0.baseAddress!, count: $0.count)
            }
        }
        optimizer = checkpoint.training.optimizer
    }

    /// Reads a checkpoint file and builds its classifier.
    public static func load(from url: URL, threads: Int = 2) throws(CheckpointError) -> (Classifier, Checkpoint) {
        let checkpoint = try Checkpoint.read(from: url)
        return (try Classifier(checkpoint: checkpoint, threads: threads), checkpoint)
    }
}

/// A copy of a classifier's weights, in its flat layout.
public struct ParameterSnapshot: Sendable, Equatable {
    public let config: ModelConfig
    public let values: [Float]
}
