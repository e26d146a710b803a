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

    public init(epochs: Int = 30, batchSize: Int = 32, learningRate: Float = 1e-3, seed: UInt64 = 1,
                patience: Int? = 5, monitor: Monitor = .devLoss, balance: Balance = .none, shuffle: Bool = true) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
        self.patience = patience
        self.monitor = monitor
        self.balance = balance
        self.shuffle = shuffle
    }
}
