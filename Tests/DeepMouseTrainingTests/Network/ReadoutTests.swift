import Foundation
import Testing

@testable import DeepMouseTraining

/// The mean readout: what it computes (against last-readout runs on prefixes of the same input), that it trains,
/// and how checkpoints record it (absent = last, version 2 only when needed).
@Suite("Mean readout")
struct ReadoutTests {
    /// Without convs the weights do not depend on the window, and Dense is affine, so
    /// `logit_mean(x_1..x_T) = (1/T) Σ_t logit_last(x_1..x_t)`: each prefix run's last state is h_t of the full run.
    @Test(
        "Mean-readout logits are the mean of last-readout logits over prefixes",
        arguments: [ModelConfig.RecurrentKind.gru, .lstm])
    func meanOfPrefixes(kind: ModelConfig.RecurrentKind) {
        let T = 7
        let H = 5
        let B = 3
        let mean = Network<Double>(
            config: ModelConfig(window: T, conv: [], recurrent: kind, hidden: H, readout: .mean),
            seed: 11, shardCount: 1)
        var rng = Xoshiro256StarStar(seed: 3)
        for i in 0..<mean.layout.count { mean.params.pointer[i] += 0.2 * (2 * rng.nextUnitDouble() - 1) }
        let inputs = GradientCheck.random(B * T * 2, &rng, scale: 1.5)
        var logits = [Double](repeating: 0, count: B)
        mean.logits(inputs: inputs, count: B, into: &logits)
        var expected = [Double](repeating: 0, count: B)
        for t in 1...T {
            let prefix = Network<Double>(
                config: ModelConfig(window: t, conv: [], recurrent: kind, hidden: H),
                seed: 0, shardCount: 1)
            #expect(prefix.layout.count == mean.layout.count)
            prefix.params.pointer.update(from: mean.params.pointer, count: mean.layout.count)
            var x: [Double] = []
            for b in 0..<B {
                let start = b * T * 2
                x += inputs[start..<(start + 2 * t)]
            }
            var out = [Double](repeating: 0, count: B)
            prefix.logits(inputs: x, count: B, into: &out)
            for b in 0..<B { expected[b] += out[b] / Double(T) }
        }
        for b in 0..<B { #expect(abs(logits[b] - expected[b]) < 1e-12, "sample \(b): \(logits[b]) vs \(expected[b])") }
        // And it is not the last-readout model in disguise.
        let last = Network<Double>(
            config: ModelConfig(window: T, conv: [], recurrent: kind, hidden: H), seed: 0,
            shardCount: 1)
        last.params.pointer.update(from: mean.params.pointer, count: mean.layout.count)
        var lastLogits = [Double](repeating: 0, count: B)
        last.logits(inputs: inputs, count: B, into: &lastLogits)
        #expect(zip(logits, lastLogits).contains { abs($0 - $1) > 1e-3 })
    }

    /// A mean-readout model learns a tiny separable set.
    @Test(arguments: [ModelConfig.RecurrentKind.gru, .lstm])
    func learns(kind: ModelConfig.RecurrentKind) throws {
        var config = ClassifierTests.tiny
        config.recurrent = kind
        config.readout = .mean
        let model = try Classifier(config: config, seed: 1)
        model.optimizer.learningRate = 0.01
        let (x, y) = ClassifierTests.separable(count: 16, window: config.window, seed: 2)
        let first = model.evaluate(inputs: x, labels: y)
        for _ in 0..<40 { model.trainStep(inputs: x, labels: y) }
        let trained = model.evaluate(inputs: x, labels: y)
        print(
            "\(kind) mean readout: loss \(first.loss) -> \(trained.loss), accuracy \(first.accuracy) -> \(trained.accuracy)"
        )
        #expect(trained.loss < first.loss * 0.5)
        #expect(trained.accuracy == 1)
    }

    func checkpointText(_ config: ModelConfig) throws -> String {
        try Classifier(config: config, seed: 4).checkpoint(
            preprocessing: .legacyPixels(window: config.window),
            training: CheckpointTests.training,
            provenance: CheckpointTests.provenance
        ).jsonText()
    }

    func object(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    func decode(_ object: [String: Any]) throws(CheckpointError) -> Checkpoint {
        let data = try! JSONSerialization.data(withJSONObject: object)
        return try Checkpoint.decode(data, file: "test.json")
    }

    /// Checkpoints: mean is written as version 2 with \"readout\", last as version 1 without it.
    @Test
    func checkpointVersions() throws {
        var config = CheckpointTests.config
        let last = try object(try checkpointText(config))
        #expect(last["version"] as? Int == 1)
        #expect((last["architecture"] as! [String: Any])["readout"] == nil)
        #expect(try decode(last).architecture.readout == .last)

        config.readout = .mean
        let mean = try object(try checkpointText(config))
        #expect(mean["version"] as? Int == 2)
        #expect((mean["architecture"] as! [String: Any])["readout"] as? String == "mean")
        let decoded = try decode(mean)
        #expect(decoded.architecture == config)
        let model = try Classifier(checkpoint: decoded)
        #expect(model.config.readout == .mean)

        // A version 1 reader would run it as "last": a mean readout in a version 1 file is refused.
        var wrongVersion = mean
        wrongVersion["version"] = 1
        #expect { _ = try decode(wrongVersion) } throws: { ($0 as? CheckpointError)?.field == "architecture.readout" }
        // An explicit "last" is fine in either version; an unknown readout names the field.
        var explicitLast = last
        var architecture = explicitLast["architecture"] as! [String: Any]
        architecture["readout"] = "last"
        explicitLast["architecture"] = architecture
        #expect(try decode(explicitLast).architecture.readout == .last)
        architecture["readout"] = "max"
        explicitLast["architecture"] = architecture
        #expect { _ = try decode(explicitLast) } throws: {
            ($0 as? CheckpointError)?.field == "architecture.readout"
        }
        var future = mean
        future["version"] = 3
        #expect { _ = try decode(future) } throws: { ($0 as? CheckpointError)?.field == "version" }
    }
}
