import DeepMouseTraining
import Foundation

/// Whether the search looks for the smallest or the largest objective.
public enum SearchGoal: String, Codable, Sendable {
    case minimize, maximize
}

/// One evaluated (or pending) point of a search.
public struct SearchTrial: Codable, Sendable, Equatable {
    /// How the point was chosen.
    public enum Phase: String, Codable, Sendable {
        /// Latin-hypercube start of a Bayesian search.
        case initial
        /// Maximiser of expected improvement.
        case bayes
        /// Uniform random (random search, or a Bayesian search with no untaken point left).
        case random
    }

    public var index: Int
    public var phase: Phase
    /// Unit-cube coordinates.
    public var unit: [Double]
    /// Parameter values in the space's order.
    public var values: [Double]
    /// The objective, once observed.
    public var objective: Double?
    /// For `bayes` trials: the surrogate's expected improvement, mean and standard deviation at
    /// the point when it was proposed (objective units).
    public var expectedImprovement: Double?
    public var predictedMean: Double?
    public var predictedStandardDeviation: Double?
}

/// Bayesian optimisation with a Gaussian-process surrogate and expected improvement, used as
/// ask/tell: `suggest` proposes points (several at once with the kriging-believer heuristic,
/// so trials can run in parallel), `observe` records their objectives.
///
/// The first `initialTrials` points are a seeded Latin hypercube; every later point maximises
/// EI under a surrogate refitted (hyperparameters by maximum marginal likelihood) on all
/// observations. Everything is deterministic for a seed.
public struct BayesianOptimizer: Sendable {
    /// The search's budget, kernel, goal and seed, stored with its results so a search can be reproduced.
    public struct Settings: Codable, Sendable, Equatable {
        public var kernel: KernelKind
        public var goal: SearchGoal
        /// Total trials, initial design included.
        public var budget: Int
        public var initialTrials: Int
        public var seed: UInt64
        /// EI's exploration margin ξ, in standardised objective units.
        public var exploration: Double
        public var randomCandidates: Int

        public init(
            kernel: KernelKind = .matern52, goal: SearchGoal = .minimize, budget: Int, initialTrials: Int? = nil,
            seed: UInt64 = 1, exploration: Double = 0.01, randomCandidates: Int = 1000, dimension: Int
        ) throws {
            guard budget >= 1 else { throw SearchError.badBudget("need at least 1 trial (got \(budget))") }
            let initial = initialTrials ?? min(budget, max(dimension + 1, 5))
            guard initial >= 1, initial <= budget else {
                throw SearchError.badBudget("initial trials (\(initial)) must be between 1 and the budget (\(budget))")
            }
            self.kernel = kernel
            self.goal = goal
            self.budget = budget
            self.initialTrials = initial
            self.seed = seed
            self.exploration = exploration
            self.randomCandidates = randomCandidates
        }
    }

    public let space: SearchSpace
    public let settings: Settings
    public private(set) var trials: [SearchTrial] = []
    private var design: [[Double]]
    private var generator: SeededShuffler
    /// The hyperparameters of the last fit, the next fit's warm start.
    public private(set) var lastHyperparameters: KernelHyperparameters?

    public init(space: SearchSpace, settings: Settings) {
        self.space = space
        self.settings = settings
        generator = SeededShuffler.derived(from: settings.seed, purpose: 70)
        design = Self.latinHypercube(count: settings.initialTrials, dimension: space.dimension, generator: &generator)
            .map { space.snapped($0) }
    }

    public var observed: [SearchTrial] { trials.filter { $0.objective != nil } }
    public var isFinished: Bool { trials.count >= settings.budget }

    /// The observed trial with the best objective.
    public var best: SearchTrial? {
        observed.min { sign * $0.objective! < sign * $1.objective! }
    }

    /// +1 when minimising, −1 when maximising: the surrogate always minimises `sign · objective`.
    var sign: Double { settings.goal == .minimize ? 1 : -1 }

    /// Proposes up to `count` new points (fewer when the budget runs out).
    public mutating func suggest(_ count: Int = 1) -> [SearchTrial] {
        var proposed: [SearchTrial] = []
        for _ in 0..<count where !isFinished {
            let trial = nextTrial()
            trials.append(trial)
            proposed.append(trial)
        }
        return proposed
    }

    /// Records the objective of trial `index`.
    public mutating func observe(_ index: Int, objective: Double) throws {
        guard objective.isFinite else { throw SearchError.nonFiniteObjective(trial: index, value: objective) }
        trials[index].objective = objective
    }

    /// The surrogate fitted on every observation (objective units, not sign-flipped), or nil
    /// before the first observation.
    public func surrogate() -> GaussianProcess? {
        let done = observed
        guard !done.isEmpty else { return nil }
        return GaussianProcess.fitted(
            kernel: settings.kernel, points: done.map(\.unit), targets: done.map { $0.objective! },
            seed: settings.seed &+ UInt64(done.count), warmStart: lastHyperparameters)
    }

    private mutating func nextTrial() -> SearchTrial {
        let index = trials.count
        if index < design.count {
            return trial(index, .initial, design[index])
        }
        let done = observed
        guard !done.isEmpty else { return trial(index, .random, randomPoint()) }
        let raw = done.map { sign * $0.objective! }
        let observedTargets = raw
        let gp = GaussianProcess.fitted(
            kernel: settings.kernel, points: done.map(\.unit),
            targets: observedTargets,
            seed: settings.seed &+ UInt64(index), warmStart: lastHyperparameters)
        lastHyperparameters = gp.hyperparameters
        // Pending points believed at their predicted mean (kriging believer), same hyperparameters.
        let pending = trials.filter { $0.objective == nil }
        var believer = gp
        if !pending.isEmpty {
            let points = done.map(\.unit) + pending.map(\.unit)
            let targets = observedTargets + pending.map { gp.predict($0.unit).mean }
            believer =
                GaussianProcess(
                    kernel: gp.kernel, hyperparameters: gp.hyperparameters, points: points, targets: targets) ?? gp
        }
        // The incumbent is the best posterior mean at an observed point (the "plug-in" EI): with noisy
        // objectives (training runs) the best observed value is partly luck, and EI against it
        // collapses to zero; without noise the two are the same.
        let incumbent = done.map { gp.predict($0.unit).mean }.min()!
        let anchors = done.sorted { sign * $0.objective! < sign * $1.objective! }.prefix(5).map(\.unit)
        let taken = trials.map(\.unit)
        let isInteger = space.parameters.contains { $0.scale.isInteger }
        let choice = ExpectedImprovement.maximize(
            believer, best: incumbent, exploration: settings.exploration, anchors: Array(anchors),
            randomCandidates: settings.randomCandidates, generator: &generator, snap: { space.snapped($0) },
            isTaken: { p in isInteger && taken.contains { Self.same($0, p) } })
        guard let choice else { return trial(index, .random, randomPoint()) }
        var t = trial(index, .bayes, choice.point)
        let prediction = gp.predict(choice.point)
        t.expectedImprovement = choice.ei
        t.predictedMean = sign * prediction.mean
        t.predictedStandardDeviation = prediction.standardDeviation
        return t
    }

    private func trial(_ index: Int, _ phase: SearchTrial.Phase, _ unit: [Double]) -> SearchTrial {
        SearchTrial(index: index, phase: phase, unit: unit, values: space.values(at: unit), objective: nil)
    }

    private mutating func randomPoint() -> [Double] {
        space.snapped((0..<space.dimension).map { _ in Double.random(in: 0...1, using: &generator) })
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        zip(a, b).allSatisfy { abs($0 - $1) < 1e-9 }
    }

    /// `count` points, one in each of `count` equal slices of every axis, slices paired at random.
    static func latinHypercube(count: Int, dimension: Int, generator: inout SeededShuffler) -> [[Double]] {
        var points = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: count)
        for a in 0..<dimension {
            var slots = Array(0..<count)
            generator.shuffle(&slots)
            for i in 0..<count {
                points[i][a] = (Double(slots[i]) + Double.random(in: 0..<1, using: &generator)) / Double(count)
            }
        }
        return points
    }
}
