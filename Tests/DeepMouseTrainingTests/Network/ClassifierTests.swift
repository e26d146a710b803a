import Foundation
import Testing

@testable import DeepMouseTraining

/// Behaviour of the Float classifier: it learns, it is deterministic, Float agrees with Double.
@Suite("Classifier")
struct ClassifierTests {
    static let tiny = ModelConfig(
        window: 32, conv: [.init(filters: 4, kernel: 3)], recurrent: .gru, hidden: 8,
        recurrentDropout: 0.1, convDropout: 0)

    /// Left windows drift right-and-up, right windows left-and-down, plus noise: separable by the mean.
    static func separable(count: Int, window: Int, seed: UInt64) -> (inputs: [Float], labels: [Float]) {
        var rng = Xoshiro256StarStar(seed: seed)
        var inputs: [Float] = []
        var labels: [Float] = []
        for i in 0..<count {
            let left = i % 2 == 0
            labels.append(left ? 1 : 0)
            for _ in 0..<window {
                inputs.append((left ? 0.4 : -0.4) + (rng.nextUnitFloat() - 0.5))
                inputs.append((left ? 0.2 : -0.2) + (rng.nextUnitFloat() - 0.5))
            }
        }
        return (inputs, labels)
    }

    /// A small GRU model overfits a tiny separable set.
    @Test(arguments: [ModelConfig.RecurrentKind.gru, .lstm])
    func overfits(kind: ModelConfig.RecurrentKind) throws {
        var config = Self.tiny
        config.recurrent = kind
        let model = try Classifier(config: config, seed: 1)
        model.optimizer.learningRate = 0.01
        let (x, y) = Self.separable(count: 16, window: config.window, seed: 2)
        let first = model.evaluate(inputs: x, labels: y)
        for _ in 0..<40 { model.trainStep(inputs: x, labels: y) }
        let last = model.evaluate(inputs: x, labels: y)
        print("\(kind) overfit: loss \(first.loss) -> \(last.loss), accuracy \(first.accuracy) -> \(last.accuracy)")
        #expect(last.loss < first.loss * 0.5)
        #expect(last.accuracy == 1)
        let p = model.predict(inputs: x)
        #expect(zip(p, y).allSatisfy { ($0 > 0.5) == ($1 == 1) })
    }

    /// The same seed gives identical weights; another seed does not.
    @Test
    func deterministic() throws {
        let (x, y) = Self.separable(count: 10, window: Self.tiny.window, seed: 3)
        func run(seed: UInt64) throws -> [Float] {
            var config = Self.tiny
            config.convDropout = 0.2
            config.conv.append(.init(filters: 3, kernel: 3))
            config.inputDropout = 0.1
            let model = try Classifier(config: config, seed: seed, threads: 2)
            for _ in 0..<3 { model.trainStep(inputs: x, labels: y) }
            return model.snapshot().values
        }
        let a = try run(seed: 7)
        let b = try run(seed: 7)
        let c = try run(seed: 8)
        #expect(a == b)
        #expect(a != c)
    }

    /// Float predictions agree with the Double network from the same seed.
    @Test
    func floatMatchesDouble() {
        let config = ModelConfig.original
        let float = Network<Float>(config: config, seed: 11, shardCount: 2)
        let double = Network<Double>(config: config, seed: 11, shardCount: 1)
        for i in 0..<float.layout.count { double.params.pointer[i] = Double(float.params.pointer[i]) }
        let (x, _) = Self.separable(count: 3, window: config.window, seed: 4)
        var lf = [Float](repeating: 0, count: 3)
        var ld = [Double](repeating: 0, count: 3)
        float.logits(inputs: x, count: 3, into: &lf)
        double.logits(inputs: x.map(Double.init), count: 3, into: &ld)
        let worst = zip(lf, ld).map { abs(Double(Float.sigmoid($0)) - Double.sigmoid($1)) }.max()!
        print("Float vs Double p_left on the W=800 model: max difference \(worst)")
        #expect(worst < 1e-5)
    }

    /// Initialisation follows Keras: Glorot limits, orthonormal recurrent rows, zero and forget biases.
    @Test
    func initialisation() throws {
        let model = try Classifier(
            config: ModelConfig(
                window: 16, conv: [.init(filters: 6, kernel: 3)],
                recurrent: .lstm, hidden: 5), seed: 3)
        let conv = model.tensor(named: "conv0.weight")!
        let limit = Float((6.0 / Double(3 * 2 + 3 * 6)).squareRoot())
        #expect(conv.data.allSatisfy { abs($0) <= limit } && conv.data.contains { abs($0) > limit / 2 })
        let wh = model.tensor(named: "lstm.w_h")!  // (5, 20): rows orthonormal
        for i in 0..<5 {
            for j in 0..<5 {
                let dot = (0..<20).reduce(Float(0)) { $0 + wh.data[i * 20 + $1] * wh.data[j * 20 + $1] }
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-5)
            }
        }
        let b = model.tensor(named: "lstm.b")!.data
        #expect(b[0..<5].allSatisfy { $0 == 0 } && b[5..<10].allSatisfy { $0 == 1 } && b[10...].allSatisfy { $0 == 0 })
        #expect(model.tensor(named: "conv0.bias")!.data.allSatisfy { $0 == 0 })
    }

    /// Invalid configurations name the field.
    @Test
    func invalidConfig() {
        #expect(
            throws: ModelConfigError(field: "window", reason: "window 6 leaves no time steps after 3 poolings by 2")
        ) {
            try Classifier(
                config: ModelConfig(
                    window: 6, conv: Array(repeating: .init(filters: 2, kernel: 3), count: 3),
                    hidden: 4), seed: 1)
        }
        #expect(throws: ModelConfigError.self) {
            try Classifier(config: ModelConfig(window: 8, conv: [], hidden: 0), seed: 1)
        }
        #expect(throws: ModelConfigError.self) {
            try Classifier(config: ModelConfig(window: 8, conv: [], hidden: 2, recurrentDropout: 1), seed: 1)
        }
    }
}

@Suite("Training benchmark")
struct TrainingBenchmarkTests {
    /// Runs the requested epochs and reports finite losses (no timing asserted).
    @Test
    func runs() throws {
        let config = ModelConfig(window: 16, conv: [.init(filters: 2, kernel: 3)], hidden: 4)
        let result = try TrainingBenchmark.run(config: config, windows: 10, batchSize: 4, epochs: 2, threads: 2)
        #expect(result.secondsPerEpoch.count == 2 && result.lossPerEpoch.count == 2)
        #expect(result.lossPerEpoch.allSatisfy { $0.isFinite })
        #expect(result.parameterCount == ParameterLayout(config: config).parameterCount)
    }
}
