import Testing

@testable import DeepMouseTraining

/// The whole network (convs, pooling, dropout, recurrent layer, dense, loss, penalties, and the two-shard gradient
/// reduction) against finite differences of its total loss, in Double.
@Suite("Model gradients vs finite differences")
struct ModelGradientTests {
    static let tolerance = 1e-4

    static let configs: [(String, ModelConfig)] = [
        (
            "conv(3,k3)+conv(4,k2)+GRU(5), all dropouts, L1+L2",
            ModelConfig(
                window: 18, conv: [.init(filters: 3, kernel: 3), .init(filters: 4, kernel: 2)], recurrent: .gru,
                hidden: 5, inputDropout: 0.2, recurrentDropout: 0.3, convDropout: 0.25, l1: 0.01, l2: 0.02)
        ),
        (
            "conv(3,k5)+LSTM(4), recurrent dropout, L2",
            ModelConfig(
                window: 12, conv: [.init(filters: 3, kernel: 5)], recurrent: .lstm, hidden: 4,
                recurrentDropout: 0.3, l2: 0.01)
        ),
        (
            "3 convs (2,k3)(3,k1)(2,k4)+GRU(3), no dropout",
            ModelConfig(
                window: 21,
                conv: [
                    .init(filters: 2, kernel: 3), .init(filters: 3, kernel: 1),
                    .init(filters: 2, kernel: 4)
                ], recurrent: .gru, hidden: 3)
        ),
        (
            "no conv, GRU(4) on raw input, input dropout",
            ModelConfig(window: 6, conv: [], recurrent: .gru, hidden: 4, inputDropout: 0.3)
        ),
        // Mean readout: the dense layer reads (1/T) Σ h_t, so every step gets a direct gradient.
        (
            "conv(3,k3)+conv(4,k2)+GRU(5), mean readout, all dropouts, L2",
            ModelConfig(
                window: 18, conv: [.init(filters: 3, kernel: 3), .init(filters: 4, kernel: 2)], recurrent: .gru,
                hidden: 5, inputDropout: 0.2, recurrentDropout: 0.3, convDropout: 0.25, l2: 0.02, readout: .mean)
        ),
        (
            "conv(3,k5)+LSTM(4), mean readout, input and recurrent dropout",
            ModelConfig(
                window: 12, conv: [.init(filters: 3, kernel: 5)], recurrent: .lstm, hidden: 4,
                inputDropout: 0.2, recurrentDropout: 0.3, readout: .mean)
        ),
        (
            "conv(2,k3)+GRU(9), mean readout, no dropout",
            ModelConfig(window: 20, conv: [.init(filters: 2, kernel: 3)], recurrent: .gru, hidden: 9, readout: .mean)
        ),
        (
            "conv(3,k3)+conv(2,k3)+LSTM(6), mean readout, no dropout, L1",
            ModelConfig(
                window: 16, conv: [.init(filters: 3, kernel: 3), .init(filters: 2, kernel: 3)], recurrent: .lstm,
                hidden: 6, l1: 0.01, readout: .mean)
        )
    ]

    /// Whole model.
    @Test(arguments: 0..<configs.count)
    func wholeModel(index: Int) {
        let (name, config) = Self.configs[index]
        let network = Network<Double>(config: config, seed: 99, shardCount: 2)
        var rng = Xoshiro256StarStar(seed: 1234)
        let B = 5
        // Larger biases than the zero init so ReLUs and gates are exercised away from their special points.
        for i in 0..<network.layout.count { network.params.pointer[i] += 0.1 * (2 * rng.nextUnitDouble() - 1) }
        let inputs = GradientCheck.random(B * config.window * config.inputChannels, &rng, scale: 2)
        let labels: [Double] = [1, 0, 0, 1, 1]
        let weights: [Double]? = index % 2 == 0 ? [0.5, 2, 1, 1.5, 0.7] : nil  // per-sample loss weights
        let masks = network.sampleMasks(count: B)
        #expect((masks == nil) == (config.inputDropout == 0 && config.recurrentDropout == 0 && config.convDropout == 0))
        func loss() -> Double {
            let m =
                weights.map {
                    network.lossAndGradient(inputs: inputs, labels: labels, weights: $0, count: B, masks: masks)
                }
                ?? network.lossAndGradient(inputs: inputs, labels: labels, count: B, masks: masks)
            return m.loss + m.penalty
        }
        _ = loss()
        let analytic = network.grads.array
        let numeric = GradientCheck.numeric(network.params.pointer, count: network.layout.count, loss)
        var worst = 0.0
        var worstTensor = ""
        for spec in network.layout.tensors {
            let range = spec.offset..<spec.offset + spec.count
            let error = GradientCheck.maxRelativeError(Array(analytic[range]), Array(numeric[range]))
            if error > worst {
                worst = error
                worstTensor = spec.name
            }
            #expect(error < Self.tolerance, "\(spec.name)")
        }
        print(
            "Model [\(name)\(weights == nil ? "" : ", sample weights")]: max relative error \(worst) (\(worstTensor)), \(network.layout.parameterCount) parameters"
        )
    }

    /// Two shards give the gradient of one.
    @Test(arguments: [1, 2, 3])
    func shardReduction(shards: Int) {
        let config = Self.configs[0].1
        let one = Network<Double>(config: config, seed: 5, shardCount: 1)
        let many = Network<Double>(config: config, seed: 5, shardCount: shards)
        var rng = Xoshiro256StarStar(seed: 77)
        let B = 7
        let inputs = GradientCheck.random(B * config.window * 2, &rng)
        let labels = (0..<B).map { Double($0 % 2) }
        let m1 = one.lossAndGradient(inputs: inputs, labels: labels, count: B, masks: nil)
        let m2 = many.lossAndGradient(inputs: inputs, labels: labels, count: B, masks: nil)
        #expect(abs(m1.loss - m2.loss) < 1e-12)
        #expect(m1.accuracy == m2.accuracy)
        let error = GradientCheck.maxRelativeError(one.grads.array, many.grads.array, floor: 1e-9)
        #expect(error < 1e-10)
    }
}
