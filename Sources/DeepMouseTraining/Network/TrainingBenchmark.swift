import Foundation

/// Times training epochs and inference of a ``Classifier`` on synthetic windows, for side-by-side comparisons with
/// the Keras reference (`deepmouse bench train`). Speed does not depend on the values, only on the shapes, so the
/// windows are seeded noise (normalised-delta-like, N(0, 1), with a small label-dependent drift so the loss moves).
public enum TrainingBenchmark {
    /// One benchmark run: the shapes trained and the seconds per epoch measured.
    public struct Result: Codable, Sendable {
        public var architecture: ModelConfig
        public var windows: Int
        public var batchSize: Int
        public var threads: Int
        public var parameterCount: Int
        /// Wall-clock seconds of each training epoch (all batches: forward, backward, Adam).
        public var secondsPerEpoch: [Double]
        /// CPU seconds (user + system, all threads) of each epoch: on a shared machine, wall time shows what the
        /// other processes left us, CPU time what the work costs.
        public var cpuSecondsPerEpoch: [Double]
        /// Mean training loss of each epoch.
        public var lossPerEpoch: [Double]
        /// Wall-clock seconds to predict all windows once (no dropout), after training.
        public var predictSeconds: Double
        /// The BLAS kernels used (``BLASInfo/coreName``).
        public var blasCore: String = BLASInfo.coreName

        enum CodingKeys: String, CodingKey {
            case architecture, windows, batchSize = "batch_size", threads, parameterCount = "parameter_count"
            case secondsPerEpoch = "seconds_per_epoch", lossPerEpoch = "loss_per_epoch", predictSeconds =
                "predict_seconds"
            case medianSecondsPerEpoch = "median_seconds_per_epoch", cpuSecondsPerEpoch = "cpu_seconds_per_epoch"
            case blasCore = "blas_core"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            architecture = try c.decode(ModelConfig.self, forKey: .architecture)
            windows = try c.decode(Int.self, forKey: .windows)
            batchSize = try c.decode(Int.self, forKey: .batchSize)
            threads = try c.decode(Int.self, forKey: .threads)
            parameterCount = try c.decode(Int.self, forKey: .parameterCount)
            secondsPerEpoch = try c.decode([Double].self, forKey: .secondsPerEpoch)
            cpuSecondsPerEpoch = try c.decode([Double].self, forKey: .cpuSecondsPerEpoch)
            lossPerEpoch = try c.decode([Double].self, forKey: .lossPerEpoch)
            predictSeconds = try c.decode(Double.self, forKey: .predictSeconds)
            blasCore = try c.decodeIfPresent(String.self, forKey: .blasCore) ?? ""
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(architecture, forKey: .architecture)
            try c.encode(windows, forKey: .windows)
            try c.encode(batchSize, forKey: .batchSize)
            try c.encode(threads, forKey: .threads)
            try c.encode(parameterCount, forKey: .parameterCount)
            try c.encode(secondsPerEpoch, forKey: .secondsPerEpoch)
            try c.encode(cpuSecondsPerEpoch, forKey: .cpuSecondsPerEpoch)
            try c.encode(lossPerEpoch, forKey: .lossPerEpoch)
            try c.encode(predictSeconds, forKey: .predictSeconds)
            try c.encode(medianSecondsPerEpoch, forKey: .medianSecondsPerEpoch)
            try c.encode(blasCore, forKey: .blasCore)
        }

        init(
            architecture: ModelConfig, windows: Int, batchSize: Int, threads: Int, parameterCount: Int,
            secondsPerEpoch: [Double], cpuSecondsPerEpoch: [Double], lossPerEpoch: [Double], predictSeconds: Double
        ) {
            self.architecture = architecture
            self.windows = windows
            self.batchSize = batchSize
            self.threads = threads
            self.parameterCount = parameterCount
            self.secondsPerEpoch = secondsPerEpoch
            self.cpuSecondsPerEpoch = cpuSecondsPerEpoch
            self.lossPerEpoch = lossPerEpoch
            self.predictSeconds = predictSeconds
        }

        /// The median epoch time (robust to the first epoch's warm-up and to a noisy shared machine).
        public var medianSecondsPerEpoch: Double { median(secondsPerEpoch) }
        public var medianCPUSecondsPerEpoch: Double { median(cpuSecondsPerEpoch) }

        private func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted.count % 2 == 1
                ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// Seeded synthetic windows (N, W, 2) and alternating labels.
    public static func syntheticWindows(count: Int, window: Int, seed: UInt64) -> (inputs: [Float], labels: [Float]) {
        var rng = Xoshiro256StarStar(seed: seed, stream: 99)
        var inputs = [Float](repeating: 0, count: count * window * 2)
        var labels = [Float](repeating: 0, count: count)
        for n in 0..<count {
            let left = n % 2 == 0
            labels[n] = left ? 1 : 0
            for i in 0..<window * 2 { inputs[n * window * 2 + i] = Float(rng.nextNormal()) + (left ? 0.05 : -0.05) }
        }
        return (inputs, labels)
    }

    /// Trains `epochs` epochs of `windows` windows in batches of `batchSize` (the last batch smaller, shuffled
    /// like the trainer does), timing each epoch; `report(epoch, seconds, loss)` is called after each.
    public static func run(
        config: ModelConfig, windows: Int = 380, batchSize: Int = 32, epochs: Int = 3,
        threads: Int = 2, seed: UInt64 = 1,
        report: ((Int, Double, Double) -> Void)? = nil
    ) throws(ModelConfigError) -> Result {
        let model = try Classifier(config: config, seed: seed, threads: threads)
        let (inputs, labels) = syntheticWindows(count: windows, window: config.window, seed: seed)
        let perWindow = config.window * config.inputChannels
        var order = Array(0..<windows)
        var shuffler = Xoshiro256StarStar(seed: seed, stream: 100)
        var batch = [Float]()
        var batchLabels = [Float]()
        var seconds: [Double] = []
        var cpuSeconds: [Double] = []
        var losses: [Double] = []
        for epoch in 1...epochs {
            order.shuffle(using: &shuffler)
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = processCPUSeconds()
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
            cpuSeconds.append(processCPUSeconds() - cpuStart)
            losses.append(lossSum / Double(windows))
            report?(epoch, elapsed, lossSum / Double(windows))
        }
        let start = DispatchTime.now().uptimeNanoseconds
        _ = model.predict(inputs: inputs)
        let predictSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(
            architecture: config, windows: windows, batchSize: batchSize, threads: threads,
            parameterCount: model.parameterCount, secondsPerEpoch: seconds, cpuSecondsPerEpoch: cpuSeconds,
            lossPerEpoch: losses,
            predictSeconds: predictSeconds)
    }
}

/// User + system CPU seconds of the whole process so far (getrusage).
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
