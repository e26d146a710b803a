import DeepMouseCore
import Foundation

/// What `deepmouse evaluate` reports for a model on a set of windows: window and balanced
/// accuracy, the confusion matrix, stream accuracy, and the still-fraction baseline beside them.
/// `json` is the stable machine-readable form.
public struct EvaluationReport: Sendable {
    public var model: String
    public var window: Int
    public var confusion: ConfusionMatrix
    public var loss: Double
    public var stream: StreamAccuracy
    /// Windows dropped by the no-motion filter (right, left).
    public var droppedStill: [Int]
    public var baseline: BaselineComparison?
    /// Where the windows came from (files, or "test part of split mouse").
    public var data: String
    /// Said before the figures: e.g. that the model was trained on some of the evaluated recordings.
    public var warnings: [String] = []
    /// Whether the windows were cut from moving samples only (nil: not said).
    public var movingSamplesOnly: Bool?

    /// The still-fraction baseline on the same windows, and how often the model agrees with it.
    public struct BaselineComparison: Sendable {
        public var baseline: StillFractionBaseline
        /// Where the threshold was fitted ("train part of split mouse", "the evaluated windows").
        public var fittedOn: String
        public var confusion: ConfusionMatrix
        /// Fraction of windows where the model's hand equals the baseline's.
        public var agreement: Double
        /// Pearson correlation between the model's p_left and the still fraction.
        public var correlation: Double
    }

    public var windows: Int { confusion.total }

    /// Scores `pLeft` on `windows`.
    public init(
        model: String, data: String, windows: WindowSet, pLeft: [Float], streamSeconds: Double,
        baseline: (StillFractionBaseline, fittedOn: String)?
    ) {
        self.model = model
        self.data = data
        window = windows.window
        confusion = ConfusionMatrix(labels: windows.labels, pLeft: pLeft)
        loss = Metrics.binaryCrossEntropy(pLeft: pLeft, labels: windows.labels)
        stream = StreamAccuracy(windows: windows, pLeft: pLeft, streamSeconds: streamSeconds)
        droppedStill = windows.droppedStill
        self.baseline = baseline.map { fitted, fittedOn in
            let predicted = fitted.pLeft(windows)
            let agreeing = zip(predicted, pLeft).filter { Hand(pLeft: $0) == Hand(pLeft: $1) }.count
            return BaselineComparison(
                baseline: fitted, fittedOn: fittedOn,
                confusion: ConfusionMatrix(labels: windows.labels, pLeft: predicted),
                agreement: windows.count == 0 ? .nan : Double(agreeing) / Double(windows.count),
                correlation: Self.pearson(pLeft, windows.stillFractions))
        }
    }

    /// One JSON object (keys in snake_case, NaN as null).
    public var json: [String: Any] {
        var object: [String: Any] = [
            "model": model, "data": data, "window": window, "windows": windows,
            "window_accuracy": Self.number(confusion.accuracy),
            "balanced_accuracy": Self.number(confusion.balancedAccuracy),
            "loss": Self.number(loss),
            "confusion": confusion.counts,
            "confusion_layout": "rows: true right, true left; columns: predicted right, predicted left",
            "windows_right": confusion.support(.right), "windows_left": confusion.support(.left),
            "still_dropped_right": droppedStill[0], "still_dropped_left": droppedStill[1],
            "stream_seconds": stream.streamSeconds, "stream_windows": stream.windowsPerStream,
            "streams": stream.streams,
            "stream_accuracy": Self.number(stream.accuracy),
            "stream_balanced_accuracy": Self.number(stream.balancedAccuracy),
            "stream_confusion": stream.confusion.counts,
            "warnings": warnings
        ]
        if let movingSamplesOnly { object["moving_samples_only"] = movingSamplesOnly }
        if let b = baseline {
            object["still_baseline"] =
                [
                    "threshold": Double(b.baseline.threshold), "hand_above": b.baseline.handAbove.description,
                    "fitted_on": b.fittedOn,
                    "window_accuracy": Self.number(b.confusion.accuracy),
                    "balanced_accuracy": Self.number(b.confusion.balancedAccuracy),
                    "confusion": b.confusion.counts,
                    "agreement_with_model": Self.number(b.agreement),
                    "correlation_p_left_still_fraction": Self.number(b.correlation)
                ] as [String: Any]
        }
        return object
    }

    /// `json` serialised on one line with sorted keys.
    public var jsonText: String {
        let data = try! JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A short human-readable report.
    public var text: String {
        func f(_ x: Double) -> String { x.isNaN ? "n/a" : String(format: "%.4f", x) }
        let c = confusion.counts
        var lines =
            warnings.map { "warning: " + $0 } + [
                "model: \(model)",
                "data:  \(data)",
                "windows: \(windows) of \(window) samples (right \(confusion.support(.right)), left \(confusion.support(.left))); still windows dropped: right \(droppedStill[0]), left \(droppedStill[1])",
                "window accuracy    \(f(confusion.accuracy))",
                "balanced accuracy  \(f(confusion.balancedAccuracy))",
                "loss               \(f(loss))",
                "stream accuracy    \(f(stream.accuracy)) (\(stream.streams) streams of \(stream.windowsPerStream) windows, >= \(stream.streamSeconds) s)",
                "confusion (rows true, columns predicted):",
                "              pred right  pred left",
                String(format: "  true right  %10d %10d", c[0][0], c[0][1]),
                String(format: "  true left   %10d %10d", c[1][0], c[1][1])
            ]
        if let b = baseline {
            let rule =
                b.baseline.threshold < 0
                ? "no useful threshold (no still samples, or none that separate the hands): \(b.baseline.handAbove) for every window"
                : "threshold \(String(format: "%.4f", b.baseline.threshold)), above -> \(b.baseline.handAbove)"
            lines.append("still-fraction baseline (\(rule), fitted on \(b.fittedOn)):")
            lines.append(
                "  window accuracy \(f(b.confusion.accuracy)), balanced \(f(b.confusion.balancedAccuracy)); model agrees on \(f(b.agreement)) of windows; corr(p_left, still fraction) \(f(b.correlation))"
            )
        }
        return lines.joined(separator: "\n")
    }

    static func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

    static func pearson(_ a: [Float], _ b: [Float]) -> Double {
        let n = Double(a.count)
        guard a.count > 1 else { return .nan }
        let ma = a.reduce(0.0) { $0 + Double($1) } / n
        let mb = b.reduce(0.0) { $0 + Double($1) } / n
        var sab = 0.0
        var saa = 0.0
        var sbb = 0.0
        for (x, y) in zip(a, b) {
            let dx = Double(x) - ma
            let dy = Double(y) - mb
            sab += dx * dy
            saa += dx * dx
            sbb += dy * dy
        }
        return saa == 0 || sbb == 0 ? .nan : sab / (saa * sbb).squareRoot()
    }
}
