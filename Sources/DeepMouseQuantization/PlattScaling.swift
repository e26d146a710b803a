import DeepMouseCore
import DeepMouseTraining
import Foundation

/// Platt scaling (Platt 1999) of a classifier's logit: `P(left | logit) = sigmoid(a * logit + b)`, so that
/// `a * logit + b` is the log-likelihood ratio of left over right per decision, the input of `ChangeDetector`.
/// Fitted by Newton's method on the mean log loss.
public enum PlattScaling {
    /// A fit: scale `a`, offset `b` (nats), the decisions it rests on and their mean log loss after scaling.
    public struct Fit: Equatable, Sendable {
        public var a: Double
        public var b: Double
        public var count: Int
        public var logLoss: Double
    }

    /// Fits `a` and `b` on logits (natural units, not Q12) with their truth (left = true). Needs both hands.
    public static func fit(logits: [Double], left: [Bool]) throws -> Fit {
        precondition(logits.count == left.count)
        guard left.contains(true), left.contains(false) else {
            throw DataError.noWindows(
                part: "calibration", reason: "Platt scaling needs windows of both hands (got \(logits.count) of one)")
        }
        var a = 1.0
        var b = 0.0
        for _ in 0..<50 {
            var g = (0.0, 0.0)
            var h = (0.0, 0.0, 0.0)
            for (x, y) in zip(logits, left) {
                let p = 1 / (1 + exp(-(a * x + b)))
                let w = max(p * (1 - p), 1e-12)
                let r = p - (y ? 1 : 0)
                g.0 += r * x
                g.1 += r
                h.0 += w * x * x
                h.1 += w * x
                h.2 += w
            }
            let det = h.0 * h.2 - h.1 * h.1
            guard det > 0 else { break }
            let da = (h.2 * g.0 - h.1 * g.1) / det
            let db = (h.0 * g.1 - h.1 * g.0) / det
            a -= da
            b -= db
            if abs(da) + abs(db) < 1e-9 { break }
        }
        var loss = 0.0
        for (x, y) in zip(logits, left) {
            let z = a * x + b
            // -log sigmoid(+-z), stable for large |z|.
            let s = y ? -z : z
            loss += s > 0 ? s + log1p(exp(-s)) : log1p(exp(s))
        }
        return Fit(a: a, b: b, count: logits.count, logLoss: loss / Double(max(1, logits.count)))
    }

    /// Fits on the fixed-point engine's logits over `windows` (labels from the set): what `deepmouse calibrate`
    /// does with the dev part of a model's split.
    public static func fit(_ classifier: FixedPointClassifier, _ windows: WindowSet) throws -> Fit {
        let per = 2 * windows.window
        let list = (0..<windows.count).map { Array(windows.inputs[($0 * per)..<(($0 + 1) * per)]) }
        let decisions = try classifier.decisions(list)
        return try fit(
            logits: decisions.map { Double($0.logitQ12) / 4096 },
            left: (0..<windows.count).map { windows.hand($0) == .left })
    }
}
