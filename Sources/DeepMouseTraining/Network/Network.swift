import Dispatch

/// Loss and accuracy of one batch.
public struct BatchMetrics: Sendable, Equatable {
    /// Mean binary cross-entropy over the batch, Σ w_b loss_b / B with sample weights (without the weight penalty).
    public var loss: Double
    /// The L1/L2 penalty added to the loss that was minimised.
    public var penalty: Double
    /// Samples with (p_left > 0.5) == (label > 0.5), from the same forward pass (before the update).
    public var correct: Int
    public var count: Int
    /// correct / count.
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }

    public init(loss: Double, penalty: Double, correct: Int, count: Int) {
        self.loss = loss
        self.penalty = penalty
        self.correct = correct
        self.count = count
    }
}

/// The model in one scalar type: flat parameters, gradients and Adam moments (one buffer each, named views via
/// ``ParameterLayout``), plus one ``Workspace`` per thread. `Network<Float>` trains (wrapped by ``Classifier``);
/// `Network<Double>` runs the same code for the gradient checks.
///
/// A batch of B samples is split into `shardCount` contiguous runs, run forward+backward concurrently, and the
/// shards' gradients are summed in shard order, so a given seed and shard count give bit-identical weights.
final class Network<S: NetworkScalar>: @unchecked Sendable {
    let config: ModelConfig
    let layout: ParameterLayout
    let params, grads, adamM, adamV: FlatBuffer<S>  // (P) each
    var adam = AdamConfig()
    private(set) var step = 0
    let shardCount: Int
    private var shards: [Workspace<S>] = []
    private var masks: DropoutMasks<S>?
    var dropoutRNG: Xoshiro256StarStar
    /// The running average of the weights, when training keeps one (see ``WeightAverage``).
    var average: WeightAverage<S>?

    init(config: ModelConfig, seed: UInt64, shardCount: Int = 2) {
        self.config = config
        layout = ParameterLayout(config: config)
        params = FlatBuffer(count: layout.count)
        grads = FlatBuffer(count: layout.count)
        adamM = FlatBuffer(count: layout.count)
        adamV = FlatBuffer(count: layout.count)
        self.shardCount = max(1, shardCount)
        var initRNG = Xoshiro256StarStar(seed: seed, stream: 1)
        dropoutRNG = Xoshiro256StarStar(seed: seed, stream: 2)
        Initialization.fill(params.pointer, layout: layout, rng: &initRNG)
    }

    /// Splits [0, count) into `shardCount` contiguous runs (the first ones one longer when uneven).
    func shardRanges(_ count: Int) -> [Range<Int>] {
        let n = shardCount
        let base = count / n
        let extra = count % n
        var ranges: [Range<Int>] = []
        var start = 0
        for i in 0..<n {
            let len = base + (i < extra ? 1 : 0)
            ranges.append(start..<start + len)
            start += len
        }
        return ranges
    }

    private func workspaces(forShardSize size: Int) -> [Workspace<S>] {
        if shards.isEmpty || shards[0].capacity < size {
            let capacity = max(size, shards.first?.capacity ?? 0)
            shards = (0..<shardCount).map { _ in Workspace(config: config, layout: layout, capacity: capacity) }
        }
        return shards
    }

    /// Fresh dropout masks for a training batch of `count`, or nil when the model has no dropout.
    func sampleMasks(count: Int) -> DropoutMasks<S>? {
        if masks == nil || masks!.capacity < count {
            masks = DropoutMasks(config: config, capacity: max(count, masks?.capacity ?? 0))
        }
        guard let masks, !masks.isEmpty else { return nil }
        masks.sample(count: count, rng: &dropoutRNG)
        return masks
    }

    /// Runs `body(shard, workspace, samples)` for every non-empty shard of a batch of `count`, concurrently.
    private func runShards(_ count: Int, _ body: (Int, Workspace<S>, Range<Int>) -> Void) {
        let ranges = shardRanges(count)
        let spaces = workspaces(forShardSize: ranges[0].count)
        if shardCount == 1 || count < 2 {
            for i in 0..<shardCount where !ranges[i].isEmpty { body(i, spaces[i], ranges[i]) }
        } else {
            // Each shard touches only its own workspace and its own slice of the outputs.
            withoutActuallyEscaping(body) { body in
                let work = UncheckedSendable(body)
                DispatchQueue.concurrentPerform(iterations: shardCount) { i in
                    if !ranges[i].isEmpty { work.value(i, spaces[i], ranges[i]) }
                }
            }
        }
    }

    /// Forward + backward on one batch: `grads` holds the gradient of mean BCE + penalty afterwards.
    /// `masks` nil means no dropout (the gradient checks pass fixed masks; training passes ``sampleMasks(count:)``).
    @discardableResult
    func lossAndGradient(
        inputs: UnsafePointer<S>,  // (B, W, Cin)
        labels: UnsafePointer<S>,  // (B)
        weights: UnsafePointer<S>? = nil,  // (B) per-sample loss weights, nil = all 1
        count B: Int, masks: DropoutMasks<S>?
    ) -> BatchMetrics {
        precondition(B >= 1)
        let W = config.window * config.inputChannels
        let scale = S(1) / S(B)
        var lossSums = [Double](repeating: 0, count: shardCount)
        var corrects = [Int](repeating: 0, count: shardCount)
        let ranges = shardRanges(B)
        lossSums.withUnsafeMutableBufferPointer { lossSums in
            corrects.withUnsafeMutableBufferPointer { corrects in
                nonisolated(unsafe) let lossSums = lossSums
                nonisolated(unsafe) let corrects = corrects
                runShards(B) { shard, space, range in
                    let slice = masks?.slice(from: range.lowerBound)
                    let x = inputs + range.lowerBound * W
                    let y = labels + range.lowerBound
                    let w = weights.map { $0 + range.lowerBound }
                    let logits = space.forward(params: params.pointer, inputs: x, count: range.count, masks: slice)
                    let (sum, correct) = BinaryCrossEntropy.forward(
                        logits: logits, labels: y, weights: w,
                        B: range.count)
                    lossSums[shard] = sum
                    corrects[shard] = correct
                    space.grads.zero()
                    space.backward(
                        params: params.pointer, inputs: x, labels: y, weights: w, count: range.count,
                        scale: scale, masks: slice)
                }
            }
        }
        grads.zero()
        let spaces = workspaces(forShardSize: ranges[0].count)
        for (i, range) in ranges.enumerated() where !range.isEmpty {
            let g = spaces[i].grads.pointer
            let total = grads.pointer
            var j = 0
            while j < layout.count {  // eight lanes at a time, the last step partial
                let w = min(8, layout.count - j)
                store(load(total + j, w) + load(g + j, w), total + j, w)
                j += 8
            }
        }
        let l1 = S(config.l1)
        let l2 = S(config.l2)
        let penalty = Penalty.forward(params: params.pointer, layout: layout, l1: l1, l2: l2)
        Penalty.backward(dparams: grads.pointer, params: params.pointer, layout: layout, l1: l1, l2: l2)
        return BatchMetrics(
            loss: lossSums.reduce(0, +) / Double(B), penalty: penalty,
            correct: corrects.reduce(0, +), count: B)
    }

    /// One optimisation step: dropout masks, forward, backward, Adam.
    @discardableResult
    func trainStep(
        inputs: UnsafePointer<S>, labels: UnsafePointer<S>, weights: UnsafePointer<S>? = nil,
        count B: Int
    ) -> BatchMetrics {
        let masks = sampleMasks(count: B)
        let metrics = lossAndGradient(inputs: inputs, labels: labels, weights: weights, count: B, masks: masks)
        step += 1
        Adam.update(
            params: params.pointer, grads: grads.pointer, m: adamM.pointer, v: adamV.pointer,
            count: layout.count, step: step, config: adam)
        average?.update(from: params.pointer)
        return metrics
    }

    /// Inference (no dropout): logits of `count` samples, in chunks of `chunk` per shard (default: what the
    /// workspaces already hold, at least 16, so predicting after training allocates nothing).
    func logits(
        inputs: UnsafePointer<S>,  // (N, W, Cin)
        count N: Int, into out: UnsafeMutablePointer<S>, chunk: Int? = nil
    ) {
        let W = config.window * config.inputChannels
        let chunk = chunk ?? max(16, shards.first?.capacity ?? 0)
        var start = 0
        while start < N {
            let n = min(N - start, chunk * shardCount)
            runShards(n) { _, space, range in
                let l = space.forward(
                    params: params.pointer, inputs: inputs + (start + range.lowerBound) * W,
                    count: range.count, masks: nil)
                (out + start + range.lowerBound).update(from: l, count: range.count)
            }
            start += n
        }
    }
}

/// Hands a value to concurrent shards that provably touch disjoint memory.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
