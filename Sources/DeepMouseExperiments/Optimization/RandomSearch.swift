import DeepMouseTraining

/// Ask/tell interface shared by the Bayesian and the random search, so experiments, the CLI
/// and the benchmark comparison drive either the same way.
public protocol Searcher {
    var space: SearchSpace { get }
    var goal: SearchGoal { get }
    var trials: [SearchTrial] { get }
    var budget: Int { get }
    var isFinished: Bool { get }
    mutating func suggest(_ count: Int) -> [SearchTrial]
    mutating func observe(_ index: Int, objective: Double) throws
}

extension Searcher {
    /// The observed trial with the best objective.
    public var bestTrial: SearchTrial? {
        let sign: Double = goal == .minimize ? 1 : -1
        return trials.filter { $0.objective != nil }.min { sign * $0.objective! < sign * $1.objective! }
    }

    /// The best objective after each trial (for convergence plots).
    public var bestSoFar: [Double] {
        var result: [Double] = []
        for t in trials {
            guard let y = t.objective else { continue }
            guard let last = result.last else {
                result.append(y)
                continue
            }
            result.append(goal == .minimize ? min(last, y) : max(last, y))
        }
        return result
    }

    /// Runs the whole budget sequentially.
    public mutating func run(_ objective: ([Double]) throws -> Double) throws {
        while !isFinished {
            for trial in suggest(1) { try observe(trial.index, objective: try objective(trial.values)) }
        }
    }
}

extension BayesianOptimizer: Searcher {
    public var goal: SearchGoal { settings.goal }
    public var budget: Int { settings.budget }
}

/// Uniform random search over the same space: the baseline the Bayesian search must beat.
public struct RandomSearch: Searcher, Sendable {
    public let space: SearchSpace
    public let goal: SearchGoal
    public let budget: Int
    public private(set) var trials: [SearchTrial] = []
    private var generator: SeededShuffler

    public init(space: SearchSpace, goal: SearchGoal = .minimize, budget: Int, seed: UInt64) {
        self.space = space
        self.goal = goal
        self.budget = budget
        generator = SeededShuffler.derived(from: seed, purpose: 69)
    }

    public var isFinished: Bool { trials.count >= budget }

    public mutating func suggest(_ count: Int = 1) -> [SearchTrial] {
        var proposed: [SearchTrial] = []
        for _ in 0..<count where !isFinished {
            let unit = space.snapped((0..<space.dimension).map { _ in Double.random(in: 0...1, using: &generator) })
            let trial = SearchTrial(index: trials.count, phase: .random, unit: unit, values: space.values(at: unit))
            trials.append(trial)
            proposed.append(trial)
        }
        return proposed
    }

    public mutating func observe(_ index: Int, objective: Double) throws {
        guard objective.isFinite else { throw SearchError.nonFiniteObjective(trial: index, value: objective) }
        trials[index].objective = objective
    }
}
