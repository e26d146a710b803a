import Foundation

/// Mini-batch training with per-epoch dev evaluation and early stopping.
///
/// Each epoch: the training windows (balanced if asked) are shuffled with a generator derived
/// from the seed and the epoch, cut into batches of `batchSize` (the last one may be smaller),
/// and each batch is one `trainStep`. Then the dev windows are predicted without dropout. When
/// the monitored dev metric improves, `keepBest` is called (the caller writes the checkpoint),
/// so the checkpoint on disk is always the best epoch so far. With `weightAverage` the dev windows are predicted,
/// and the best epoch kept, with the averaged weights (see ``WeightAverage``). Training stops after `patience`
/// epochs without improvement. Without dev windows the training loss is monitored instead.
public struct TrainingLoop {
    public var config: TrainingConfig
    /// Normalised training windows.
    public var train: WindowSet
    /// Normalised dev windows (may be empty).
    public var dev: WindowSet
    /// Training targets in [0, 1] per train window replacing its 0/1 label (soft targets from
    /// ``Distillation``); nil trains on the labels.
    public var targets: [Float]?
    public var progress: TrainingProgress?
    public var log: TrainingLog?

    public init(
        config: TrainingConfig, train: WindowSet, dev: WindowSet,
        progress: TrainingProgress? = nil, log: TrainingLog? = nil
    ) {
        self.config = config
        self.train = train
        self.dev = dev
        self.progress = progress
        self.log = log
    }

    /// Trains `model`; `keepBest` is called with each new best epoch's record while the model
    /// holds that epoch's weights.
    public func run(_ model: TrainableClassifier, keepBest: (EpochRecord) throws -> Void) throws -> TrainingSummary {
        precondition(config.epochs >= 1 && config.batchSize >= 1)
        precondition(!train.isEmpty, "no training windows")
        precondition(targets == nil || targets!.count == train.count, "one target per training window")
        let weights = config.balance == .weights ? Self.classWeights(train) : nil
        var records: [EpochRecord] = []
        var bestScore = -Double.infinity
        var bestEpoch = 0
        var stale = 0
        var batch: [Float] = []
        var labels: [Float] = []
        var batchWeights: [Float] = []
        let started = Date()
        if let decay = config.weightAverage { try model.startWeightAverage(decay: decay) }
        for epoch in 1...config.epochs {
            let epochStart = Date()
            let order = epochOrder(epoch)
            var lossSum = 0.0
            var correct = 0
            var seen = 0
            let batches = (order.count + config.batchSize - 1) / config.batchSize
            var augmenter = SeededShuffler.derived(from: config.seed, purpose: 2000 + UInt64(epoch))
            for b in 0..<batches {
                let indices = order[(b * config.batchSize)..<min(order.count, (b + 1) * config.batchSize)]
                train.gather(indices, into: &batch, labels: &labels)
                if let targets { labels = indices.map { targets[$0] } }
                config.augmentation.apply(batch: &batch, labels: &labels, window: train.window, using: &augmenter)
                if let weights {
                    batchWeights.removeAll(keepingCapacity: true)
                    for i in indices { batchWeights.append(weights[train.hand(i).index]) }
                }
                let step = try model.trainStep(
                    inputs: batch, labels: labels, weights: weights == nil ? nil : batchWeights,
                    count: indices.count)
                guard step.loss.isFinite else {
                    throw TrainingError.diverged(epoch: epoch, batch: b + 1, loss: step.loss)
                }
                lossSum += step.loss * Double(indices.count)
                seen += indices.count
                correct += step.correct
                progress?.batch(
                    epoch: epoch, of: config.epochs, batch: b + 1, of: batches,
                    loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                    elapsed: Date().timeIntervalSince(started))
            }
            var record = EpochRecord(
                epoch: epoch, loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                devLoss: nil, devAccuracy: nil, devBalancedAccuracy: nil, best: false,
                seconds: 0, windows: seen, learningRate: config.learningRate)
            try model.withAveragedWeights {
                if !dev.isEmpty {
                    let pLeft = try model.predict(dev, batchSize: max(config.batchSize, 128))
                    let confusion = ConfusionMatrix(labels: dev.labels, pLeft: pLeft)
                    record.devLoss = Metrics.binaryCrossEntropy(pLeft: pLeft, labels: dev.labels)
                    record.devAccuracy = confusion.accuracy
                    record.devBalancedAccuracy = confusion.balancedAccuracy
                }
                let score = monitoredScore(record)
                if score > bestScore {
                    bestScore = score
                    bestEpoch = epoch
                    stale = 0
                    record.best = true
                } else {
                    stale += 1
                }
                record.seconds = Date().timeIntervalSince(epochStart)
                if record.best { try keepBest(record) }
            }
            records.append(record)
            try log?.append(record)
            progress?.epochEnded(
                record, of: config.epochs, elapsed: Date().timeIntervalSince(started),
                monitor: dev.isEmpty ? "train loss" : config.monitor.rawValue)
            if let patience = config.patience, stale >= patience, epoch < config.epochs {
                progress?.note(
                    "early stop: no \(dev.isEmpty ? "train-loss" : config.monitor.rawValue) improvement for \(patience) epochs; best epoch \(bestEpoch)"
                )
                return TrainingSummary(epochs: records, bestEpoch: bestEpoch, stoppedEarly: true)
            }
        }
        return TrainingSummary(epochs: records, bestEpoch: bestEpoch, stoppedEarly: false)
    }

    /// Higher is better: -loss or accuracy. Dev accuracy ties are broken by dev loss.
    func monitoredScore(_ r: EpochRecord) -> Double {
        guard let devLoss = r.devLoss, let devAccuracy = r.devAccuracy else { return -r.loss }
        switch config.monitor {
        case .devLoss: return -devLoss
        case .devAccuracy: return devAccuracy - 1e-9 * min(devLoss, 1e6)
        }
    }

    /// The epoch's window order: every window, plus oversampled extras when balancing, shuffled.
    func epochOrder(_ epoch: Int) -> [Int] {
        var order = Array(0..<train.count)
        var generator = SeededShuffler.derived(from: config.seed, purpose: 1000 + UInt64(epoch))
        if config.balance == .oversample {
            let counts = train.classCounts
            let minority = counts[0] < counts[1] ? 0 : 1
            let pool = order.filter { train.hand($0).index == minority }
            if !pool.isEmpty {
                for _ in 0..<(counts[1 - minority] - counts[minority]) {
                    order.append(pool[Int(generator.next() % UInt64(pool.count))])
                }
            }
        }
        if config.shuffle { generator.shuffle(&order) }
        return order
    }

    /// `N / (2 * N_class)` per class (right, left), so both classes weigh the same in total.
    static func classWeights(_ windows: WindowSet) -> [Float] {
        let counts = windows.classCounts
        return counts.map { $0 == 0 ? 0 : Float(windows.count) / Float(2 * $0) }
    }
}

/// Why training could not go on.
public enum TrainingError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case diverged(epoch: Int, batch: Int, loss: Double)
    case unsupported(String)
    /// A distillation teacher that does not fit this run.
    case incompatibleTeacher(file: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .diverged(let epoch, let batch, let loss):
            return "training diverged at epoch \(epoch), batch \(batch) (loss \(loss)); try a lower --lr"
        case .unsupported(let what):
            return what
        case .incompatibleTeacher(let file, let field, let reason):
            return "\(file): \(field): cannot teach this run: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
