/// The dropout masks of one training batch, drawn in sample order from the network's dropout generator before the
/// batch is split across threads, so a seed gives the same masks whatever the thread count.
final class DropoutMasks<S: NetworkScalar>: @unchecked Sendable {
    let config: ModelConfig
    let capacity: Int
    /// Per conv block i < L-1 (after pooling): (B, T_i, F_i); nil when `convDropout` is 0 (and for the last block).
    let conv: [FlatBuffer<S>?]
    let input: FlatBuffer<S>?  // (B, Cin_r) recurrent input dropout
    let recurrent: FlatBuffer<S>?  // (B, H) recurrent dropout on h

    init(config: ModelConfig, capacity: Int) {
        self.config = config
        self.capacity = capacity
        conv = config.conv.indices.map { i in
            guard config.convDropout > 0, i < config.conv.count - 1 else { return nil }
            return FlatBuffer(count: capacity * config.steps(afterConvBlock: i) * config.conv[i].filters)
        }
        input = config.inputDropout > 0 ? FlatBuffer(count: capacity * config.recurrentInputs) : nil
        recurrent = config.recurrentDropout > 0 ? FlatBuffer(count: capacity * config.hidden) : nil
    }

    var isEmpty: Bool { conv.allSatisfy { $0 == nil } && input == nil && recurrent == nil }

    /// Draws fresh masks for `count` samples (count <= capacity).
    func sample(count: Int, rng: inout Xoshiro256StarStar) {
        precondition(count <= capacity)
        for (i, buffer) in conv.enumerated() {
            guard let buffer else { continue }
            let perSample = config.steps(afterConvBlock: i) * config.conv[i].filters
            Dropout.fillMask(buffer.pointer, count: count * perSample, rate: config.convDropout, rng: &rng)
        }
        if let input {
            Dropout.fillMask(input.pointer, count: count * config.recurrentInputs, rate: config.inputDropout, rng: &rng)
        }
        if let recurrent {
            Dropout.fillMask(recurrent.pointer, count: count * config.hidden, rate: config.recurrentDropout, rng: &rng)
        }
    }

    /// The masks of samples [first, first + n).
    func slice(from first: Int) -> MaskSlice<S> {
        MaskSlice(
            conv: conv.enumerated().map { i, buffer in
                buffer.map {
                    UnsafePointer($0.pointer + first * config.steps(afterConvBlock: i) * config.conv[i].filters)
                }
            },
            input: input.map { UnsafePointer($0.pointer + first * config.recurrentInputs) },
            recurrent: recurrent.map { UnsafePointer($0.pointer + first * config.hidden) })
    }
}

/// Pointers to the masks of a run of samples (nil: no dropout there).
struct MaskSlice<S: NetworkScalar> {
    var conv: [UnsafePointer<S>?]
    var input: UnsafePointer<S>?
    var recurrent: UnsafePointer<S>?
}
