import DeepMouseTraining
import Foundation

/// The simple methods every report shows beside the network, on the same split and windows:
/// the still-fraction rule (the confound), logistic regression on motion features, and an RBF
/// SVM on the raw normalised windows with C and γ chosen by Bayesian search with
/// cross-validation by recording (as the original study did, but honestly split).
public enum BaselineRun {
    /// The baseline models `deepmouse baseline` can fit.
    public enum Model: String, Codable, Sendable, CaseIterable {
        case stillFraction = "still-fraction"
        case features = "features-logreg"
        case svm = "svm-rbf"
    }

    /// The data, split and windows the baselines are fitted and scored on.
    public struct Settings: Sendable {
        public var source: DataSource
        public var split: SplitStrategy
        public var windowing: WindowingParameters
        public var normalization: NormalizationChoice
        public var models: [Model]
        /// Trials of the SVM's (C, γ) search.
        public var svmBudget: Int
        /// L2 strengths tried for the logistic regression (picked on dev accuracy).
        public var lambdas: [Double]
        public var seed: UInt64
        public var streamSeconds: Double

        public init(
            source: DataSource, split: SplitStrategy, windowing: WindowingParameters,
            normalization: NormalizationChoice = .global, models: [Model] = Model.allCases, svmBudget: Int = 20,
            lambdas: [Double] = [1e-4, 1e-3, 1e-2, 3e-2, 0.1, 0.3, 1], seed: UInt64 = 1, streamSeconds: Double = 30
        ) {
            self.source = source
            self.split = split
            self.windowing = windowing
            self.normalization = normalization
            self.models = models
            self.svmBudget = svmBudget
            self.lambdas = lambdas
            self.seed = seed
            self.streamSeconds = streamSeconds
        }
    }

    /// Runs the chosen baselines; `note` receives progress lines.
    public static func run(_ s: Settings, note: (String) -> Void = { _ in }) throws -> [BaselineResult] {
        let dataset = try s.source.load()
        let data = try PreparedData.prepare(dataset, split: s.split, windowing: s.windowing)
        note(data.report.text)
        func result(_ model: Model) -> BaselineResult {
            BaselineResult(
                model: model.rawValue, split: data.plan.name, splitSummary: data.plan.summary,
                window: s.windowing.window, movingSamplesOnly: s.windowing.movingSamplesOnly,
                trainStride: s.windowing.stride, trainWindows: data.train.count,
                parameters: [:], dev: nil,
                test: WindowMetrics(
                    windows: 0, windowAccuracy: nil, balancedAccuracy: nil,
                    confusion: [[0, 0], [0, 0]], streamAccuracy: nil, loss: nil))
        }
        func metrics(_ windows: WindowSet, _ pLeft: [Float], loss: Bool = true) -> WindowMetrics? {
            windows.isEmpty
                ? nil : WindowMetrics(windows: windows, pLeft: pLeft, streamSeconds: s.streamSeconds, withLoss: loss)
        }
        var results: [BaselineResult] = []
        for model in s.models {
            var r = result(model)
            switch model {
            case .stillFraction:
                let rule = StillFractionBaseline.fit(data.train)
                r.parameters = ["threshold": Double(rule.threshold), "left_above": rule.handAbove == .left ? 1 : 0]
                r.dev = metrics(data.dev, rule.pLeft(data.dev), loss: false)
                r.test = metrics(data.test, rule.pLeft(data.test), loss: false) ?? r.test
            case .features:
                let (train, dev, test) = (
                    MotionFeatures.matrix(data.train), MotionFeatures.matrix(data.dev), MotionFeatures.matrix(data.test)
                )
                let labels = data.train.labels.map(Double.init)
                // Dev accuracy picks λ; ties go to the lower dev loss, then the stronger penalty.
                var best: (score: (Double, Double), model: LogisticRegression)? = nil
                for lambda in s.lambdas.sorted(by: >) {
                    let fit = LogisticRegression(rows: train, labels: labels, lambda: lambda)
                    let p = fit.probabilities(dev).map(Float.init)
                    let score =
                        dev.isEmpty
                        ? (0, -lambda)
                        : (
                            ConfusionMatrix(labels: data.dev.labels, pLeft: p).accuracy,
                            -Metrics.binaryCrossEntropy(pLeft: p, labels: data.dev.labels)
                        )
                    if best == nil || score > best!.score { best = (score, fit) }
                }
                let fit = best!.model
                r.parameters = ["lambda": fit.lambda, "features": Double(MotionFeatures.names.count)]
                r.topFeatures = zip(MotionFeatures.names, fit.weights).sorted { abs($0.1) > abs($1.1) }.prefix(8)
                    .map { FeatureWeight(name: $0.0, weight: $0.1) }
                r.dev = metrics(data.dev, fit.probabilities(dev).map(Float.init))
                r.test = metrics(data.test, fit.probabilities(test).map(Float.init)) ?? r.test
            case .svm:
                let normalization = try s.normalization.normalization(for: data.train, unit: dataset.unit)
                let svm = try SVMSearch(
                    train: data.train.normalized(by: normalization), dataset: dataset,
                    budget: s.svmBudget, seed: s.seed, note: note)
                r.parameters = [
                    "C": svm.model.c, "gamma": svm.model.gamma,
                    "support_vectors": Double(svm.model.supportIndices.count),
                    "cv_balanced_accuracy": svm.cvScore
                ]
                r.crossValidation = svm.folds.summary
                r.search = svm.trials
                r.searchSpace = svm.space
                r.dev = metrics(data.dev, svm.pLeft(data.dev.normalized(by: normalization)), loss: false)
                r.test = metrics(data.test, svm.pLeft(data.test.normalized(by: normalization)), loss: false) ?? r.test
            }
            note(r.text)
            results.append(r)
        }
        return results
    }
}

/// The RBF SVM's (C, γ) chosen by Bayesian search on cross-validated balanced accuracy, then
/// refitted on all training windows.
struct SVMSearch {
    let space: SearchSpace
    let folds: CrossValidationFolds
    let trials: [SearchTrial]
    let model: SupportVectorMachine
    let cvScore: Double
    private let train: WindowSet

    /// `train` must already be normalised. γ is searched as a multiple of 1/(2W) (scikit-learn's
    /// "scale" for unit-variance inputs), so the range suits every window length.
    init(train: WindowSet, dataset: Dataset, budget: Int, seed: UInt64, note: (String) -> Void) throws {
        self.train = train
        let dimension = 2 * train.window
        let distances = SquaredDistances(rows: train.inputs, dimension: dimension)
        folds = CrossValidationFolds.byRecording(train, dataset: dataset)
        space = try SearchSpace([
            SearchParameter("C", 1e-3, 1e3, scale: .log),
            SearchParameter("gamma_x_2W", 1e-3, 1e1, scale: .log)
        ])
        let labels = train.labels.map(Double.init)
        let folds = folds
        func score(_ c: Double, _ gamma: Double) -> Double {
            var total = 0.0
            for k in 0..<folds.count {
                let (fit, heldOut) = folds.indices(fold: k)
                guard !heldOut.isEmpty, Set(fit.map { labels[$0] }).count == 2 else { continue }
                let svm = SupportVectorMachine(
                    distances: distances, subset: fit, labels: fit.map { labels[$0] }, c: c, gamma: gamma)
                let pLeft = svm.decision(rows: heldOut, of: distances).map(SupportVectorMachine.pseudoProbability)
                let b = ConfusionMatrix(labels: heldOut.map { train.labels[$0] }, pLeft: pLeft).balancedAccuracy
                total += b.isFinite ? b : 0.5
            }
            return total / Double(folds.count)
        }
        var search = BayesianOptimizer(
            space: space, settings: try .init(goal: .maximize, budget: budget, seed: seed, dimension: 2))
        try search.run { v in
            let value = score(v[0], v[1] / Double(dimension))
            note(String(format: "  svm trial C=%.4g gamma=%.4g/(2W): cv balanced accuracy %.4f", v[0], v[1], value))
            return value
        }
        trials = search.trials
        let best = search.bestTrial!
        cvScore = best.objective!
        model = SupportVectorMachine(
            distances: distances, subset: Array(0..<train.count), labels: labels,
            c: best.values[0], gamma: best.values[1] / Double(dimension))
    }

    /// Pseudo-probabilities for normalised windows.
    func pLeft(_ windows: WindowSet) -> [Float] {
        guard !windows.isEmpty else { return [] }
        let d = SquaredDistances.between(windows.inputs, train.inputs, dimension: 2 * windows.window)
        return model.decision(squaredDistances: d, rowLength: train.count).map(SupportVectorMachine.pseudoProbability)
    }
}
