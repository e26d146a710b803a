/// The three parts of a split. Train fits the weights, dev picks the epoch (early stopping),
/// test is reported.
public enum SplitPart: String, Codable, Sendable, CaseIterable {
    case train, dev, test
}

/// A contiguous range of samples `[start, end)` of one recording assigned to one split part.
/// Windows are cut inside segments and never cross a segment boundary.
public struct Segment: Codable, Sendable, Hashable {
    /// Index into the dataset's recordings.
    public var recording: Int
    public var part: SplitPart
    public var start: Int
    public var end: Int

    public init(recording: Int, part: SplitPart, start: Int, end: Int) {
        precondition(start <= end, "segment bounds out of order")
        self.recording = recording
        self.part = part
        self.start = start
        self.end = end
    }

    public var range: Range<Int> { start..<end }
    public var count: Int { end - start }
}

/// Train/dev/test fractions of a time-contiguous or random split (default 70/15/15).
public struct SplitFractions: Codable, Sendable, Equatable {
    public var train: Double
    public var dev: Double
    public var test: Double

    public static let standard = SplitFractions(uncheckedTrain: 0.70, dev: 0.15, test: 0.15)

    /// Checks that the fractions are in [0, 1], train is positive and they sum to 1.
    public init(train: Double, dev: Double, test: Double) throws {
        guard [train, dev, test].allSatisfy({ $0 >= 0 && $0 <= 1 }), train > 0,
            abs(train + dev + test - 1) < 1e-9
        else {
            throw DataError.split(
                reason: "fractions \(train)/\(dev)/\(test) must be in [0, 1], train > 0, and sum to 1")
        }
        self.init(uncheckedTrain: train, dev: dev, test: test)
    }

    private init(uncheckedTrain train: Double, dev: Double, test: Double) {
        self.train = train
        self.dev = dev
        self.test = test
    }
}

/// A complete assignment of recording samples to split parts, reproducible from the dataset
/// and the strategy, and stored with the model.
public struct SplitPlan: Codable, Sendable, Equatable {
    /// `mouse`, `touchpad`, `tail`, `random` or `manifest`.
    public var name: String
    /// The strategy's parameters in words (fractions, seed, test session).
    public var summary: String
    public var segments: [Segment]

    public init(name: String, summary: String, segments: [Segment]) {
        self.name = name
        self.summary = summary
        self.segments = segments
    }

    public func segments(_ part: SplitPart) -> [Segment] { segments.filter { $0.part == part } }
}
