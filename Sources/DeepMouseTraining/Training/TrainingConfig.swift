/// The loop's settings: how long, in what batches, in what order, and when to stop. Stored in the
/// checkpoint's `training` block so a run can be repeated.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// What early stopping watches on the dev windows.
    public enum Monitor: String, Codable, Sendable, CaseIterable {
        /// Dev binary cross-entropy (lower is better).
        case devLoss = "dev-loss"
        /// Dev window accuracy (higher is better; ties keep the earlier epoch).
        case devAccuracy = "dev-accuracy"
    }

    /// How unequal class counts in the training windows are handled.
    public enum Balance: String, Codable, Sendable, CaseIterable {
        /// Every training window once per epoch.
        case none
        /// Each epoch also draws extra windows of the smaller class (with replacement) until both
        /// classes have as many windows as the larger.
        case oversample
        /// Each window's loss is weighted by `N / (2 * N_class)` (Keras `sample_weight`).
        case weights
    }

    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var seed: UInt64
    /// Epochs without improvement before stopping; nil trains all epochs (the best is still kept).
    public var patience: Int?
    public var monitor: Monitor
    public var balance: Balance
    /// Shuffle the training windows every epoch (on by default).
    public var shuffle: Bool
    /// Random transformations of the training windows (off by default).
    public var augmentation: Augmentation
    /// Decay of the exponential moving average of the weights that dev evaluation, early stopping and the
    /// checkpoint use (e.g. 0.99); nil uses the trained weights as they are.
    public var weightAverage: Double?

    public init(
        epochs: Int = 30, batchSize: Int = 32, learningRate: Float = 1e-3, seed: UInt64 = 1,
        patience: Int? = 5, monitor: Monitor = .devLoss, balance: Balance = .none, shuffle: Bool = true,
        augmentation: Augmentation = Augmentation(), weightAverage: Double? = nil
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
        self.patience = patience
        self.monitor = monitor
        self.balance = balance
        self.shuffle = shuffle
        self.augmentation = augmentation
        self.weightAverage = weightAverage
    }

    enum CodingKeys: String, CodingKey {
        case epochs, batchSize, learningRate, seed, patience, monitor, balance, shuffle, augmentation, weightAverage
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            epochs: try c.decode(Int.self, forKey: .epochs), batchSize: try c.decode(Int.self, forKey: .batchSize),
            learningRate: try c.decode(Float.self, forKey: .learningRate),
            seed: try c.decode(UInt64.self, forKey: .seed),
            patience: try c.decodeIfPresent(Int.self, forKey: .patience),
            monitor: try c.decode(Monitor.self, forKey: .monitor),
            balance: try c.decode(Balance.self, forKey: .balance), shuffle: try c.decode(Bool.self, forKey: .shuffle),
            augmentation: try c.decodeIfPresent(Augmentation.self, forKey: .augmentation) ?? Augmentation(),
            weightAverage: try c.decodeIfPresent(Double.self, forKey: .weightAverage))
    }
}
