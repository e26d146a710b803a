import DeepMouseTraining
import Foundation

/// A parameter value of a sweep point: a number (lr, hidden, dropout) or a word (gru/lstm),
/// stored as a JSON number or string.
public enum ParameterValue: Codable, Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let x = try? c.decode(Double.self) { self = .number(x) } else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x): try c.encode(x)
        case .text(let s): try c.encode(s)
        }
    }

    public var number: Double? { if case .number(let x) = self { x } else { nil } }

    /// The command-line spelling: integers without a decimal point, others as Swift prints them.
    public var description: String {
        switch self {
        case .number(let x): x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        case .text(let s): s
        }
    }
}

/// One epoch of a learning curve (train and dev loss/accuracy).
public struct CurvePoint: Codable, Sendable, Equatable {
    public var epoch: Int
    public var loss: Double
    public var accuracy: Double
    public var devLoss: Double?
    public var devAccuracy: Double?
    public var seconds: Double

    public init(epoch: Int, loss: Double, accuracy: Double, devLoss: Double?, devAccuracy: Double?, seconds: Double) {
        self.epoch = epoch
        self.loss = loss
        self.accuracy = accuracy
        self.devLoss = devLoss
        self.devAccuracy = devAccuracy
        self.seconds = seconds
    }

    public init(_ r: EpochRecord) {
        self.init(
            epoch: r.epoch, loss: r.loss, accuracy: r.accuracy, devLoss: r.devLoss, devAccuracy: r.devAccuracy,
            seconds: r.seconds)
    }
}

/// One training run of a sweep or search point: the parameters, which replicate (seed or
/// cross-validation fold) it is, its learning curve and its scores.
public struct RunResult: Codable, Sendable, Equatable {
    /// The point's parameters (only the swept ones; the rest are the sweep's fixed settings).
    public var parameters: [String: ParameterValue]
    /// Canonical `name=value` list of the parameters: identifies the point when resuming.
    public var point: String
    public var seed: UInt64
    /// The held-out fold (test session or block) for cross-validation runs.
    public var fold: String?
    /// The sweep's fixed settings (`name=value ...`): a resumed sweep refuses other ones.
    public var fixed: String?
    /// The split's name (`mouse`, `touchpad`, ...) and the run's window W.
    public var split: String
    public var window: Int
    /// Windows cut from moving samples only (nil in files written before it was recorded).
    public var movingSamplesOnly: Bool?
    public var status: Status
    public var error: String?
    public var curve: [CurvePoint]
    public var bestEpoch: Int?
    /// Dev scores of the best epoch.
    public var devAccuracy: Double?
    public var devLoss: Double?
    /// Scores of the best epoch's weights on the split's test part (the held-out fold in CV).
    public var test: WindowMetrics?
    /// The still-fraction rule's test accuracy on the same windows.
    public var stillBaselineAccuracy: Double?
    public var trainWindows: Int?
    public var seconds: Double

    /// Whether the run's windows held moving samples only: as the run reported it, else as its
    /// settings say (`moving-samples-only` swept or fixed).
    public var readsMovingSamplesOnly: Bool {
        if let movingSamplesOnly { return movingSamplesOnly }
        if let value = parameters["moving-samples-only"] {
            return value.number.map { $0 != 0 } ?? (value.description == "true")
        }
        return fixed?.split(separator: " ").contains("moving-samples-only=true") ?? false
    }

    /// Whether the run finished; a failed one keeps its error so a sweep reports it instead of losing it.
    public enum Status: String, Codable, Sendable { case ok, failed }

    public init(
        parameters: [String: ParameterValue], point: String, seed: UInt64, fold: String? = nil, fixed: String? = nil,
        split: String, window: Int, status: Status, error: String? = nil, curve: [CurvePoint] = [],
        bestEpoch: Int? = nil,
        devAccuracy: Double? = nil, devLoss: Double? = nil, test: WindowMetrics? = nil,
        stillBaselineAccuracy: Double? = nil,
        trainWindows: Int? = nil, seconds: Double
    ) {
        self.parameters = parameters
        self.point = point
        self.seed = seed
        self.fold = fold
        self.fixed = fixed
        self.split = split
        self.window = window
        self.status = status
        self.error = error
        self.curve = curve
        self.bestEpoch = bestEpoch
        self.devAccuracy = devAccuracy
        self.devLoss = devLoss
        self.test = test
        self.stillBaselineAccuracy = stillBaselineAccuracy
        self.trainWindows = trainWindows
        self.seconds = seconds
    }

    /// The replicate's identity within its point.
    public var replicate: String { fold.map { "fold \($0) seed \(seed)" } ?? "seed \(seed)" }

    public static func pointKey(_ parameters: [String: ParameterValue]) -> String {
        parameters.keys.sorted().map { "\($0)=\(parameters[$0]!)" }.joined(separator: " ")
    }
}

/// A search trial over training parameters: the point, how it was chosen, its objective
/// (mean over its runs) and the search space, so the report can refit the surrogate.
public struct TrialResult: Codable, Sendable, Equatable {
    /// `bayes` or `random`.
    public var strategy: String
    public var seed: UInt64
    public var objective: String
    public var goal: SearchGoal
    public var space: SearchSpace
    public var trial: SearchTrial
    public var kernel: KernelKind?
    /// Mean test accuracy of the trial's runs (reported, never optimised).
    public var testAccuracy: Double?

    public init(
        strategy: String, seed: UInt64, objective: String, goal: SearchGoal, space: SearchSpace, trial: SearchTrial,
        kernel: KernelKind?, testAccuracy: Double?
    ) {
        self.strategy = strategy
        self.seed = seed
        self.objective = objective
        self.goal = goal
        self.space = space
        self.trial = trial
        self.kernel = kernel
        self.testAccuracy = testAccuracy
    }
}
