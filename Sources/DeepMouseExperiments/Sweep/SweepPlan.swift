import Foundation

/// One training run to do: a point of the grid (swept values), the sweep's fixed settings, and
/// which replicate (seed, and the held-out fold in cross-validation).
public struct RunJob: Sendable, Equatable {
    public var parameters: [String: ParameterValue]
    public var fixed: [String: ParameterValue]
    public var seed: UInt64
    /// The held-out session in cross-validation by recording.
    public var fold: String?

    public var point: String { RunResult.pointKey(parameters) }
    /// Identifies the run within an experiment (what a resumed sweep skips).
    public var key: String { "\(point) | \(fold.map { "fold \($0) " } ?? "")seed \(seed)" }

    /// Every training setting of the run: fixed ones overridden by the point's.
    public var settings: [String: ParameterValue] { fixed.merging(parameters) { $1 } }
}

/// How each point is replicated.
public enum Replicates: Sendable, Equatable {
    /// Train once per seed on the split's train part, score on its test part.
    case seeds([UInt64])
    /// Cross-validation by recording: one run per held-out session (each with every seed); the
    /// split's own test session is left out of all folds.
    case folds(sessions: [String], seeds: [UInt64])

    public var count: Int {
        switch self {
        case .seeds(let s): s.count
        case .folds(let sessions, let seeds): sessions.count * seeds.count
        }
    }
}

/// A grid over training parameters: the cartesian product of each parameter's values, every
/// point replicated over seeds or folds.
public struct SweepPlan: Sendable {
    public var experiment: String
    /// Parameters in the order given; each with its values.
    public var grid: [(name: String, values: [ParameterValue])]
    public var fixed: [String: ParameterValue]
    public var replicates: Replicates

    public init(
        experiment: String, grid: [(name: String, values: [ParameterValue])], fixed: [String: ParameterValue],
        replicates: Replicates
    ) throws {
        var seen = Set<String>()
        for (name, values) in grid {
            guard TrainingParameter.named(name) != nil else {
                throw SweepError.unknownParameter(name, known: TrainingParameter.all.map(\.name))
            }
            guard seen.insert(name).inserted else { throw SweepError.duplicateParameter(name) }
            guard !values.isEmpty else { throw SweepError.emptyGrid(parameter: name) }
        }
        for name in fixed.keys {
            guard TrainingParameter.named(name) != nil else {
                throw SweepError.unknownParameter(name, known: TrainingParameter.all.map(\.name))
            }
            if seen.contains(name) {
                throw SweepError.conflictingOption("parameter '\(name)' is both swept (--grid) and fixed (--set)")
            }
        }
        guard replicates.count > 0 else { throw SweepError.badGrid("no seeds or folds to run") }
        self.experiment = experiment
        self.grid = grid
        self.fixed = fixed
        self.replicates = replicates
    }

    /// The points in order (the last parameter varies fastest).
    public var points: [[String: ParameterValue]] {
        var result: [[String: ParameterValue]] = [[:]]
        for (name, values) in grid {
            result = result.flatMap { partial in values.map { v in partial.merging([name: v]) { $1 } } }
        }
        return result
    }

    /// Every run: points × replicates (seeds inner, so the first results cover all points).
    public var jobs: [RunJob] {
        var jobs: [RunJob] = []
        let points = points
        switch replicates {
        case .seeds(let seeds):
            for seed in seeds {
                for p in points { jobs.append(RunJob(parameters: p, fixed: fixed, seed: seed, fold: nil)) }
            }
        case .folds(let sessions, let seeds):
            for seed in seeds {
                for p in points {
                    for s in sessions { jobs.append(RunJob(parameters: p, fixed: fixed, seed: seed, fold: s)) }
                }
            }
        }
        return jobs
    }

    /// The fixed settings as one canonical string, stored with every run so a resumed sweep can
    /// refuse to mix runs made with other settings.
    public var fixedSignature: String { RunResult.pointKey(fixed) }

    /// Parses `name=v1,v2,...` or `name=start:stop:step` (inclusive, linear).
    public static func parseGrid(_ spec: String) throws -> (name: String, values: [ParameterValue]) {
        guard let eq = spec.firstIndex(of: "=") else {
            throw SweepError.badGrid("'\(spec)' is not name=values (e.g. lr=1e-4,1e-3)")
        }
        let name = String(spec[..<eq]).trimmingCharacters(in: .whitespaces)
        let body = String(spec[spec.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        guard let parameter = TrainingParameter.named(name) else {
            throw SweepError.unknownParameter(name, known: TrainingParameter.all.map(\.name))
        }
        if body.isEmpty { throw SweepError.emptyGrid(parameter: name) }
        let texts: [String]
        let range = body.split(separator: ":").map(String.init)
        if range.count == 3, !body.contains(",") {
            guard let a = Double(range[0]), let b = Double(range[1]), let step = Double(range[2]), step > 0, b >= a
            else {
                throw SweepError.badGrid("'\(spec)': a range is start:stop:step with step > 0 and stop >= start")
            }
            let count = Int(((b - a) / step + 1e-9).rounded(.down)) + 1
            guard count <= 1000 else { throw SweepError.badGrid("'\(spec)' has \(count) values (at most 1000)") }
            texts = (0..<count).map { Scale.format(a + Double($0) * step) }
        } else {
            texts = body.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if texts.contains(where: \.isEmpty) { throw SweepError.badGrid("'\(spec)' has an empty value") }
        }
        var values: [ParameterValue] = []
        for t in texts {
            let v = try parameter.value(t)
            if !values.contains(v) { values.append(v) }
        }
        return (name, values)
    }

    /// Parses `name=value` (a fixed setting).
    public static func parseSetting(_ spec: String) throws -> (name: String, value: ParameterValue) {
        let (name, values) = try parseGrid(spec)
        guard values.count == 1 else {
            throw SweepError.badGrid("--set '\(spec)' must have exactly one value (use --grid to sweep)")
        }
        return (name, values[0])
    }
}
