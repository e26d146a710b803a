import DeepMouseCore

/// The confound check: a one-feature classifier that sees only the fraction of zero-motion
/// samples in each window (`WindowSet.stillFractions`) and a threshold fitted on the training
/// windows. It predicts the hand at about 0.66 on the mouse data and inverts on the touchpad, so
/// a model that scores near it, or agrees with it on most windows, may be leaning on it.
public struct StillFractionBaseline: Codable, Sendable, Equatable {
    /// Windows with a still fraction above this are predicted `handAbove`.
    public var threshold: Float
    public var handAbove: Hand
    /// Balanced accuracy on the windows it was fitted on.
    public var fittedBalancedAccuracy: Double

    public init(threshold: Float, handAbove: Hand, fittedBalancedAccuracy: Double = .nan) {
        self.threshold = threshold
        self.handAbove = handAbove
        self.fittedBalancedAccuracy = fittedBalancedAccuracy
    }

    public func predict(stillFraction: Float) -> Hand {
        stillFraction > threshold ? handAbove : (handAbove == .left ? .right : .left)
    }

    /// Predictions for every window, as 0/1 `p_left` values.
    public func pLeft(_ windows: WindowSet) -> [Float] {
        windows.stillFractions.map { predict(stillFraction: $0).trainingLabel }
    }

    /// The threshold and direction with the best balanced accuracy on `windows` (ties: the
    /// lower threshold). Candidates are midpoints between consecutive distinct still fractions.
    public static func fit(_ windows: WindowSet) -> StillFractionBaseline {
        let order = windows.stillFractions.indices.sorted { windows.stillFractions[$0] < windows.stillFractions[$1] }
        let total = windows.classCounts
        guard total[0] > 0, total[1] > 0 else {
            return StillFractionBaseline(
                threshold: 0.5, handAbove: total[1] > 0 ? .left : .right, fittedBalancedAccuracy: 0.5)
        }
        // Sweep: `below[c]` = windows of class c with still fraction <= the candidate threshold.
        var below = [0, 0]
        var best = StillFractionBaseline(threshold: -1, handAbove: .left, fittedBalancedAccuracy: -1)
        func consider(_ threshold: Float) {
            // handAbove = left: right recall = below[0]/total[0], left recall = above[1]/total[1].
            let leftAbove = (Double(below[0]) / Double(total[0]) + Double(total[1] - below[1]) / Double(total[1])) / 2
            let rightAbove = 1 - leftAbove
            if leftAbove > best.fittedBalancedAccuracy {
                best = .init(threshold: threshold, handAbove: .left, fittedBalancedAccuracy: leftAbove)
            }
            if rightAbove > best.fittedBalancedAccuracy {
                best = .init(threshold: threshold, handAbove: .right, fittedBalancedAccuracy: rightAbove)
            }
        }
        consider(-1)
        var k = 0
        while k < order.count {
            let value = windows.stillFractions[order[k]]
            while k < order.count, windows.stillFractions[order[k]] == value {
                below[windows.labels[order[k]] >= 0.5 ? 1 : 0] += 1
                k += 1
            }
            let next = k < order.count ? windows.stillFractions[order[k]] : value + 1
            consider((value + next) / 2)
        }
        return best
    }
}
