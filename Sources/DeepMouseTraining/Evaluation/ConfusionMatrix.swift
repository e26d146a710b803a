import DeepMouseCore
import Foundation

/// Counts of true hand x predicted hand, the basis of every accuracy DeepMouse reports.
/// Rows are the true hand, columns the predicted hand, both indexed right = 0, left = 1.
public struct ConfusionMatrix: Codable, Sendable, Equatable {
    /// `counts[true][predicted]`.
    public private(set) var counts: [[Int]]

    public init() { counts = [[0, 0], [0, 0]] }

    /// From explicit counts `[[rightAsRight, rightAsLeft], [leftAsRight, leftAsLeft]]`.
    public init(counts: [[Int]]) {
        precondition(counts.count == 2 && counts.allSatisfy { $0.count == 2 && $0.allSatisfy { $0 >= 0 } })
        self.counts = counts
    }

    /// Windows labelled `labels` (1 = left) predicted `pLeft` (left when > 0.5).
    public init(labels: [Float], pLeft: [Float]) {
        precondition(labels.count == pLeft.count)
        self.init()
        for (label, p) in zip(labels, pLeft) { add(truth: label >= 0.5 ? .left : .right, predicted: Hand(pLeft: p)) }
    }

    public mutating func add(truth: Hand, predicted: Hand) {
        counts[truth.index][predicted.index] += 1
    }

    public func count(truth: Hand, predicted: Hand) -> Int { counts[truth.index][predicted.index] }

    public var total: Int { counts[0][0] + counts[0][1] + counts[1][0] + counts[1][1] }
    public var correct: Int { counts[0][0] + counts[1][1] }

    /// Examples of the given true hand.
    public func support(_ hand: Hand) -> Int { counts[hand.index][0] + counts[hand.index][1] }

    /// Correct / total; NaN when empty.
    public var accuracy: Double { total == 0 ? .nan : Double(correct) / Double(total) }

    /// The fraction of `hand`'s examples predicted as `hand`; NaN when there are none.
    public func recall(_ hand: Hand) -> Double {
        let n = support(hand)
        return n == 0 ? .nan : Double(counts[hand.index][hand.index]) / Double(n)
    }

    /// Mean recall over the hands present (scikit-learn's `balanced_accuracy_score`): a model
    /// that always says one hand scores 0.5 whatever the class balance. NaN when empty.
    public var balancedAccuracy: Double {
        let recalls = Hand.allCases.map(recall).filter { !$0.isNaN }
        return recalls.isEmpty ? .nan : recalls.reduce(0, +) / Double(recalls.count)
    }
}

/// Loss and accuracy helpers shared by the training loop and evaluation.
public enum Metrics {
    /// Keras's clipping of probabilities inside the cross-entropy.
    public static let probabilityEpsilon: Double = 1e-7

    /// Mean binary cross-entropy of `pLeft` against `labels` (1 = left), optionally weighted
    /// per example (weights are normalised by their sum).
    public static func binaryCrossEntropy(pLeft: [Float], labels: [Float], weights: [Float]? = nil) -> Double {
        precondition(pLeft.count == labels.count)
        guard !pLeft.isEmpty else { return .nan }
        var sum = 0.0
        var weightSum = 0.0
        for i in pLeft.indices {
            let p = min(max(Double(pLeft[i]), probabilityEpsilon), 1 - probabilityEpsilon)
            let y = Double(labels[i])
            let w = weights.map { Double($0[i]) } ?? 1
            sum -= w * (y * log(p) + (1 - y) * log(1 - p))
            weightSum += w
        }
        return sum / weightSum
    }
}
