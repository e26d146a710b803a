import DeepMouseTraining
import Foundation
import Testing

@testable import DeepMouseExperiments

@Suite struct SearchSpaceTests {
    @Test func mapsValuesOnTheirScales() throws {
        let lr = try SearchParameter("lr", 1e-4, 1e-2, scale: .log)
        #expect(abs(lr.value(at: 0.5) - 1e-3) < 1e-12)
        #expect(abs(lr.unit(of: 1e-3) - 0.5) < 1e-12)
        let hidden = try SearchParameter("hidden", 16, 256, scale: .logInteger)
        #expect(hidden.value(at: 0.5) == 64)
        let layers = try SearchParameter("conv", 0, 3, scale: .integer)
        #expect(layers.value(at: 0.49) == 1 && layers.value(at: 0.51) == 2)
        #expect(layers.snapped(0.4) == layers.unit(of: 1))
        #expect(try SearchParameter("dropout", 0, 0.5).value(at: 0.2) == 0.1)
    }

    @Test func rejectsBadParameters() {
        #expect(throws: SearchError.self) { try SearchParameter("lr", 0, 1e-2, scale: .log) }
        #expect(throws: SearchError.self) { try SearchParameter("x", 1, 1) }
        #expect(throws: SearchError.self) { try SearchParameter("n", 0.5, 3, scale: .integer) }
        #expect(throws: SearchError.emptySpace) { try SearchSpace([]) }
        #expect(throws: SearchError.self) { try SearchSpace([SearchParameter("a", 0, 1), SearchParameter("a", 0, 2)]) }
        #expect(throws: SearchError.self) { try BayesianOptimizer.Settings(budget: 0, dimension: 2) }
    }
}

@Suite struct BayesianOptimizerTests {
    @Test func isDeterministicForASeedAndRespectsTheBudget() throws {
        let f = TestFunction.branin
        let settings = try BayesianOptimizer.Settings(budget: 9, seed: 4, dimension: 2)
        var a = BayesianOptimizer(space: f.space, settings: settings)
        var b = BayesianOptimizer(space: f.space, settings: settings)
        try a.run { f.evaluate($0) }
        try b.run { f.evaluate($0) }
        #expect(a.trials == b.trials)
        #expect(a.trials.count == 9)
        #expect(a.trials.filter { $0.phase == .initial }.count == 5)
        #expect(a.trials.filter { $0.phase == .bayes }.allSatisfy { $0.expectedImprovement != nil })
    }

    @Test func batchSuggestionsAreDistinctAndIntegersStayWhole() throws {
        let space = try SearchSpace([
            SearchParameter("hidden", 8, 64, scale: .logInteger),
            SearchParameter("lr", 1e-4, 1e-1, scale: .log)
        ])
        let settings = try BayesianOptimizer.Settings(
            goal: .maximize, budget: 12, initialTrials: 4, seed: 2, dimension: 2)
        var search = BayesianOptimizer(space: space, settings: settings)
        let objective: ([Double]) -> Double = { v in -pow(log(v[0] / 32), 2) - pow(log10(v[1]) + 2.5, 2) }
        while !search.isFinished {
            let batch = search.suggest(2)
            for t in batch { #expect(t.values[0] == t.values[0].rounded()) }
            if batch.count == 2 { #expect(batch[0].values != batch[1].values) }
            for t in batch { try search.observe(t.index, objective: objective(t.values)) }
        }
        let best = try #require(search.bestTrial)
        #expect(best.objective! > -0.5, "best \(best.values) -> \(best.objective!)")
    }

    @Test func rejectsNonFiniteObjectives() throws {
        var search = BayesianOptimizer(
            space: TestFunction.branin.space,
            settings: try .init(budget: 3, dimension: 2))
        let t = search.suggest(1)[0]
        #expect(throws: SearchError.nonFiniteObjective(trial: 0, value: .infinity)) {
            try search.observe(t.index, objective: .infinity)
        }
    }

    /// The bar: in few trials the Bayesian search gets much closer to the optimum than
    /// random search with the same budget, on most seeds and by a wide median margin.
    @Test(arguments: [("branin", 25, 0.1), ("hartmann3", 30, 0.05)])
    func beatsRandomSearchAtEqualBudget(function: String, budget: Int, target: Double) throws {
        let f = try #require(TestFunction.named(function))
        let benchmark = try SearchBenchmark(f, budget: budget, seeds: [1, 2, 3, 4, 5])
        print(benchmark.summary)
        let bayes = SearchBenchmark.median(benchmark.finalBayes)
        let random = SearchBenchmark.median(benchmark.finalRandom)
        #expect(benchmark.bayesWins >= 4)
        #expect(bayes < random / 5, "median regret bayes \(bayes) random \(random)")
        #expect(bayes < target)
    }
}
