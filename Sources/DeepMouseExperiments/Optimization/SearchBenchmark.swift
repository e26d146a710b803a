import Foundation

/// Bayesian vs random search on a test function at equal budget, over several seeds: the
/// evidence that the surrogate earns its keep. Regret = best value found − true minimum.
public struct SearchBenchmark: Sendable {
    /// One seed's regret curves for both strategies.
    public struct Run: Codable, Sendable {
        public var seed: UInt64
        /// Best-so-far regret after each trial.
        public var bayesRegret: [Double]
        public var randomRegret: [Double]
    }

    public let function: String
    public let budget: Int
    public let kernel: KernelKind
    public let runs: [Run]

    public init(
        _ function: TestFunction, budget: Int, seeds: [UInt64], kernel: KernelKind = .matern52,
        initialTrials: Int? = nil
    ) throws {
        self.function = function.name
        self.budget = budget
        self.kernel = kernel
        runs = try seeds.map { seed in
            let settings = try BayesianOptimizer.Settings(
                kernel: kernel, budget: budget, initialTrials: initialTrials,
                seed: seed, dimension: function.space.dimension)
            var bayes = BayesianOptimizer(space: function.space, settings: settings)
            try bayes.run { function.evaluate($0) }
            var random = RandomSearch(space: function.space, budget: budget, seed: seed)
            try random.run { function.evaluate($0) }
            return Run(
                seed: seed, bayesRegret: bayes.bestSoFar.map { $0 - function.minimum },
                randomRegret: random.bestSoFar.map { $0 - function.minimum })
        }
    }

    /// Final regrets per seed.
    public var finalBayes: [Double] { runs.map { $0.bayesRegret.last! } }
    public var finalRandom: [Double] { runs.map { $0.randomRegret.last! } }

    /// Seeds on which the Bayesian search ended strictly closer to the minimum.
    public var bayesWins: Int { zip(finalBayes, finalRandom).filter { $0 < $1 }.count }

    public static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// One line per function: medians and wins.
    public var summary: String {
        func f(_ x: Double) -> String { x < 1e-3 ? String(format: "%.2e", x) : String(format: "%.4f", x) }
        return
            "\(function) budget \(budget) \(kernel.rawValue): median regret bayes \(f(Self.median(finalBayes))) vs random \(f(Self.median(finalRandom))); bayes better on \(bayesWins)/\(runs.count) seeds"
    }
}
