import Foundation

/// Times training epochs and inference of a ``Classifier`` on synthetic windows, for side-by-side comparisons with
/// the Keras reference (`deepmouse bench train`). Speed does not depend on the values, only on the shapes, so the
/// windows are seeded noise (normalised-delta-like, N(0, 1), with a small label-dependent drift so the loss moves).
public enum TrainingBenchmark {
    public struct Result: Codable, Sendable {
        public var architecture: ModelConfig
        public var windows: Int
        public var batchSize: Int
        public var threads: Int
        public var parameterCount: Int
        /// Wall-clock seconds of each training epoch (all batches: forward, backward, Adam).
        public var secondsPerEpoch: [Double]
        /// Mean training loss of each epoch.
        public var lossPerEpoch: [Double]
        /// Wall-clock seconds to predict all windows once (no dropout), after training.
        public var predictSeconds: Double

        enum CodingKeys: String, CodingKey {
            case architecture, windows, batchSize = "batch_size", threads, parameterCount = "parameter_count"
            case secondsPerEpoch = "seconds_per_epoch", lossPerEpoch = "loss_per_epoch", predictSeconds = "predict_seconds"
        }

        /// The median epoch time (robust to the first epoch's warm-up and to a noisy shared machine).
        public var medianSecondsPerEpoch: Double {
            let sorted = secondsPerEpoch.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// Seeded synthetic windows (N, W, 2) and alternating labels.
    public static func syntheticWindows(count: Int, window: Int, seed: UInt64) -> (inputs: [Float], labels: [Float]) {
        var rng = Xoshiro256StarStar(seed: seed, stream: 99)
        var inputs = [Float](repeating: 0, count: count * window * 2), labels = [Float](repeating: 0, count: count)
        for n in 0..<count {
            let left = n % 2 == 0
            labels[n] = left ? 1 : 0
            for i in 0..<window * 2 { inputs[n * window * 2 + i] = Float(rng.nextNormal()) + (left ? 0.05 : -0.05) }
        }
        return (inputs, labels)
    }

    /// Trains `epochs` epochs of `windows` windows in batches of `batchSize` (the last batch smaller, shuffled
    /// like the trainer does), timing each epoch; `report(epoch, seconds, loss)` is called after each.
    public static func run(config: ModelConfig, windows: Int = 380, batchSize: Int = 32, epochs: Int = 3,
                           threads: Int = 2, seed: UInt64 = 1,
                           report: ((Int, Double, Double) -> Void)? = nil) throws(ModelConfigError) -> Result {
        let model = try Classifier(config: config, seed: seed, threads: threads)
        let (inputs, labels) = syntheticWindows(count: windows, window: config.window, seed: seed)
        let perWindow = config.window * config.inputChannels
        var order = Array(0..<windows)
        var shuffler = Xoshiro256StarStar(seed: seed, stream: 100)
        var batch = [Float](), batchLabels = [Float]()
        var seconds: [Double] = [], losses: [Double] = []
        for epoch in 1...epochs {
            order.shuffle(using: &shuffler)
            let start = DispatchTime.now().uptimeNanoseconds
            var lossSum = 0.0
            var first = 0
            while first < windows {
                let indices = order[first..<min(windows, first + batchSize)]
                batch.removeAll(keepingCapacity: true)
                batchLabels.removeAll(keepingCapacity: true)
                for i in indices {
                    batch.append(contentsOf: inputs[i * perWindow..<(i + 1) * perWindow])
                    batchLabels.append(labels[i])
                }
                lossSum += model.trainStep(inputs: batch, labels: batchLabels).loss * Double(indices.count)
                first += batchSize
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            seconds.append(elapsed)
            losses.append(lossSum / Double(windows))
            report?(epoch, elapsed, lossSum / Double(windows))
        }
        let start = DispatchTime.now().uptimeNanoseconds
        _ = model.predict(inputs: inputs)
        let predictSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(architecture: config, windows: windows, batchSize: batchSize, threads: threads,
                      parameterCount: model.parameterCount, secondsPerEpoch: seconds, lossPerEpoch: losses,
                      predictSeconds: predictSeconds)
    }
}
