import Foundation

/// One baseline's scores on a split, as printed by `deepmouse baseline` and stored as a
/// `baseline` line of a results file.
public struct BaselineResult: Codable, Sendable, Equatable {
    /// `still-fraction`, `features-logreg` or `svm-rbf`.
    public var model: String
    public var split: String
    public var splitSummary: String
    public var window: Int
    /// Windows cut from moving samples only (nil in files written before it was recorded: every sample).
    public var movingSamplesOnly: Bool?
    public var trainStride: Int
    public var trainWindows: Int
    /// Fitted settings (threshold, lambda, C, gamma, ...).
    public var parameters: [String: Double]
    public var dev: WindowMetrics?
    public var test: WindowMetrics
    /// The logistic regression's largest standardised weights (+ = left).
    public var topFeatures: [FeatureWeight]?
    /// How the SVM's cross-validation folds were made.
    public var crossValidation: String?
    /// The SVM's (C, γ) search, for the surrogate maps.
    public var searchSpace: SearchSpace?
    public var search: [SearchTrial]?

    /// One human-readable line (plus the top features).
    public var text: String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "n/a" }
        let params = parameters.keys.sorted().map { key -> String in
            let v = parameters[key]!
            return "\(key)=" + (v == v.rounded() && abs(v) < 1e6 ? String(Int(v)) : String(format: "%.4g", v))
        }.joined(separator: " ")
        var line =
            "\(model.padding(toLength: 16, withPad: " ", startingAt: 0)) test window acc \(f(test.windowAccuracy)) "
            + "balanced \(f(test.balancedAccuracy)) stream \(f(test.streamAccuracy)) (\(test.windows) windows)"
            + "; dev acc \(f(dev?.windowAccuracy)); \(params)"
        if let crossValidation { line += "; cv: \(crossValidation)" }
        if let top = topFeatures {
            line +=
                "\n  top features (+ = left): "
                + top.map { "\($0.name) " + String(format: "%+.3f", $0.weight) }.joined(separator: ", ")
        }
        return line
    }
}

/// A named feature weight of the logistic regression.
public struct FeatureWeight: Codable, Sendable, Equatable {
    public var name: String
    public var weight: Double
}
