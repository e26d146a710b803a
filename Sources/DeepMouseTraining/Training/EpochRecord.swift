/// One epoch's numbers: what the progress line shows and what the JSON Lines log stores.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    /// Mean training loss over the epoch's batches (with dropout, as Keras reports it).
    public var loss: Double
    /// Training window accuracy from the same forward passes.
    public var accuracy: Double
    /// Dev loss/accuracy without dropout; nil when there are no dev windows.
    public var devLoss: Double?
    public var devAccuracy: Double?
    public var devBalancedAccuracy: Double?
    /// True when this epoch is the best so far by the monitored metric (its checkpoint was kept).
    public var best: Bool
    public var seconds: Double
    /// Training windows seen this epoch (after balancing).
    public var windows: Int
    public var learningRate: Float

    enum CodingKeys: String, CodingKey {
        case epoch, loss, accuracy, best, seconds, windows
        case devLoss = "dev_loss"
        case devAccuracy = "dev_accuracy"
        case devBalancedAccuracy = "dev_balanced_accuracy"
        case learningRate = "learning_rate"
    }
}

/// How a training run ended.
public struct TrainingSummary: Sendable {
    public var epochs: [EpochRecord]
    /// The epoch whose weights were kept (1-based).
    public var bestEpoch: Int
    public var stoppedEarly: Bool

    public var best: EpochRecord { epochs[bestEpoch - 1] }
}
