import DeepMouseCore
import Foundation
import Testing

@testable import DeepMouseTraining

/// The weight average follows its recurrence step by step, and the training loop evaluates dev and keeps the
/// checkpoint with it while Adam goes on with the trained weights.
@Suite("Weight average (EMA of the weights)")
struct WeightAverageTests {
    /// The decay warms up as (1 + t) / (10 + t), then stays at the set value.
    @Test
    func warmUp() {
        #expect(WeightAverage<Float>.decay(0.99, step: 1) == 2.0 / 11.0)
        #expect(WeightAverage<Float>.decay(0.99, step: 90) == 91.0 / 100.0)
        #expect(WeightAverage<Float>.decay(0.9, step: 1000) == 0.9)
    }

    /// The average after each Adam step is d θ̄ + (1 - d) θ of the weights that step produced.
    @Test
    func followsTheRecurrence() throws {
        let model = try Classifier(config: ClassifierTests.tiny, seed: 3, threads: 1)
        model.optimizer.learningRate = 0.01
        model.weightAverageDecay = 0.8
        var expected = model.snapshot().values.map(Double.init)
        let (x, y) = ClassifierTests.separable(count: 8, window: ClassifierTests.tiny.window, seed: 4)
        for t in 1...30 {
            model.trainStep(inputs: x, labels: y)
            let d = WeightAverage<Float>.decay(0.8, step: t)
            for (i, w) in model.snapshot().values.enumerated() { expected[i] = d * expected[i] + (1 - d) * Double(w) }
        }
        let averaged = try #require(model.averagedSnapshot()).values
        let worst = zip(averaged, expected).map { abs(Double($0) - $1) }.max()!
        #expect(worst < 1e-5)
        #expect(averaged != model.snapshot().values, "after 30 steps the average lags the trained weights")
    }

    /// The loop scores dev and keeps the best epoch with the averaged weights, and trains on the raw ones.
    @Test
    func loopUsesTheAverage() throws {
        let config = ModelConfig(window: 16, conv: [.init(filters: 4, kernel: 3)], recurrent: .gru, hidden: 6)
        let model = try Classifier(config: config, seed: 5, threads: 1)
        let (x, y) = ClassifierTests.separable(count: 24, window: 16, seed: 6)
        var train = WindowSet(window: 16)
        var dev = WindowSet(window: 16)
        for i in 0..<24 {
            let samples = Array(x[(i * 32)..<((i + 1) * 32)])
            let hand: Hand = y[i] == 1 ? .left : .right
            if i < 16 {
                train.append(MotionStream(unit: .px, samples: samples), start: 0, hand: hand, recording: 0)
            } else {
                dev.append(MotionStream(unit: .px, samples: samples), start: 0, hand: hand, recording: 1)
            }
        }
        let loop = TrainingLoop(
            config: TrainingConfig(epochs: 4, batchSize: 4, seed: 7, patience: nil, weightAverage: 0.9),
            train: train, dev: dev)
        var kept: [(weights: [Float], devLoss: Double)] = []
        _ = try loop.run(model) { record in
            kept.append((model.snapshot().values, record.devLoss!))
            #expect(model.snapshot().values == model.averagedSnapshot()!.values, "keepBest sees the averaged weights")
        }
        let last = try #require(kept.last)
        // What the loop reported as dev loss is the averaged weights' dev loss.
        let scratch = try Classifier(config: config, seed: 5, threads: 1)
        scratch.restore(ParameterSnapshot(config: config, values: last.weights))
        let pLeft = try scratch.predict(dev)
        #expect(abs(Metrics.binaryCrossEntropy(pLeft: pLeft, labels: dev.labels) - last.devLoss) < 1e-6)
        // After the loop the model holds its trained weights again, not the average.
        #expect(model.snapshot().values != model.averagedSnapshot()!.values)
    }

    /// A model that cannot average refuses --weight-average instead of ignoring it.
    @Test
    func unsupportedModelsThrow() {
        let model = ScriptedModel(script: [0.6])
        let loop = TrainingLoop(
            config: TrainingConfig(epochs: 1, batchSize: 2, weightAverage: 0.99),
            train: TrainingLoopTests().windows(left: 2, right: 2, seed: 1), dev: WindowSet(window: 4))
        #expect(throws: TrainingError.self) { _ = try loop.run(model) { _ in } }
    }
}
