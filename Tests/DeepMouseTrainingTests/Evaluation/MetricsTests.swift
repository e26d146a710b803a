import DeepMouseCore
import Foundation
import Testing

@testable import DeepMouseTraining

@Suite("Metrics against hand-computed values")
struct MetricsTests {
    @Test func confusionMatrixAndAccuracies() {
        // 10 right windows (8 correct), 2 left windows (1 correct).
        let labels: [Float] = Array(repeating: 0, count: 10) + [1, 1]
        let pLeft: [Float] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.0, 0.2, 0.1, 0.51, 0.9] + [0.7, 0.3]  // 0.5 is right
        let c = ConfusionMatrix(labels: labels, pLeft: pLeft)
        #expect(c.counts == [[8, 2], [1, 1]])
        #expect(c.total == 12 && c.correct == 9)
        #expect(c.accuracy == 0.75)
        #expect(c.recall(.right) == 0.8 && c.recall(.left) == 0.5)
        #expect(abs(c.balancedAccuracy - 0.65) < 1e-12)
    }

    @Test func constantPredictorScoresHalfBalancedAccuracy() {
        let c = ConfusionMatrix(counts: [[90, 0], [10, 0]])
        #expect(c.accuracy == 0.9)
        #expect(c.balancedAccuracy == 0.5)
        #expect(ConfusionMatrix().accuracy.isNaN)
        #expect(ConfusionMatrix(counts: [[3, 1], [0, 0]]).balancedAccuracy == 0.75)
    }

    @Test func binaryCrossEntropy() {
        let loss = Metrics.binaryCrossEntropy(pLeft: [0.8, 0.4], labels: [1, 0])
        #expect(abs(loss - (-(log(0.8) + log(0.6)) / 2)) < 1e-7)
        let weighted = Metrics.binaryCrossEntropy(pLeft: [0.8, 0.4], labels: [1, 0], weights: [3, 1])
        #expect(abs(weighted - (-(3 * log(0.8) + log(0.6)) / 4)) < 1e-7)
        // Probabilities are clipped to [1e-7, 1 - 1e-7] as Keras does.
        #expect(abs(Metrics.binaryCrossEntropy(pLeft: [0], labels: [1]) - (-log(1e-7))) < 1e-9)
    }

    /// Windows of W=100 with chosen p_left: 3 s streams are 3 windows.
    @Test func streamAccuracyAveragesConsecutiveWindowsPerRecording() {
        var set = WindowSet(window: 100)
        let stream = MotionStream(unit: .px, samples: [Float](repeating: 1, count: 2 * 1000))
        for k in 0..<7 { set.append(stream, start: 100 * k, hand: .left, recording: 0) }  // 2 streams, 1 window dropped
        for k in [5, 1, 3] { set.append(stream, start: 100 * k, hand: .right, recording: 1) }  // 1 stream, out of order
        let pLeft: [Float] = [0.9, 0.1, 0.2, 0.6, 0.6, 0.6, 0.0, 0.9, 0.1, 0.4]
        let s = StreamAccuracy(windows: set, pLeft: pLeft, streamSeconds: 3)
        #expect(s.windowsPerStream == 3)
        // left: mean(0.9, 0.1, 0.2) = 0.4 -> right (wrong); mean(0.6, 0.6, 0.6) -> left (right).
        // right: mean(0.9, 0.1, 0.4) = 0.467 -> right (correct).
        #expect(s.confusion.counts == [[1, 0], [1, 1]])
        #expect(s.streams == 3)
        #expect(abs(s.accuracy - 2.0 / 3.0) < 1e-12)
        #expect(StreamAccuracy.windowsPerStream(streamSeconds: 30, window: 800) == 4)
        #expect(StreamAccuracy.windowsPerStream(streamSeconds: 1, window: 800) == 1)
        #expect(StreamAccuracy.windowsPerStream(streamSeconds: 32, window: 800) == 4)
    }

    /// Windows of 10 samples, `still` of them with dx = dy = 0.
    func windows(_ rows: [(Hand, Int)]) -> WindowSet {
        var set = WindowSet(window: 10)
        for (hand, still) in rows {
            let samples = (0..<10).flatMap { i -> [Float] in i < still ? [0, 0] : [2, -1] }
            set.append(MotionStream(unit: .px, samples: samples), start: 0, hand: hand, recording: 0)
        }
        return set
    }

    @Test func stillFractionBaselineFitsThresholdAndDirection() {
        // Left windows are stiller (0.6, 0.7, 0.8) than right ones (0.1, 0.2).
        let set = windows([(.left, 6), (.left, 7), (.left, 8), (.right, 1), (.right, 2)])
        #expect(set.stillFractions == [0.6, 0.7, 0.8, 0.1, 0.2])
        let fitted = StillFractionBaseline.fit(set)
        #expect(fitted.handAbove == .left)
        #expect(abs(fitted.threshold - 0.4) < 1e-6)  // midpoint of 0.2 and 0.6
        #expect(fitted.fittedBalancedAccuracy == 1)
        #expect(fitted.pLeft(set) == [1, 1, 1, 0, 0])
        #expect(StillFractionBaseline(threshold: 0.5, handAbove: .right).predict(stillFraction: 0.7) == .right)
        #expect(StillFractionBaseline(threshold: 0.5, handAbove: .right).predict(stillFraction: 0.5) == .left)
    }

    @Test func stillFractionBaselineFindsTheInvertedDirection() {
        // Right 0.8, 1.0, 0.3; left 0, 0.3, 0. Sorted: 0 L, 0 L | 0.3 R, 0.3 L | 0.8 R, 1.0 R.
        // Cut at 0.15 (right above): right 3/3, left 2/3; cut at 0.55: right 2/3, left 3/3.
        // Both have balanced accuracy 5/6; ties go to the lower threshold.
        let set = windows([(.right, 8), (.right, 10), (.right, 3), (.left, 0), (.left, 3), (.left, 0)])
        let fitted = StillFractionBaseline.fit(set)
        #expect(fitted.handAbove == .right)
        #expect(abs(fitted.threshold - 0.15) < 1e-6)
        #expect(abs(fitted.fittedBalancedAccuracy - 5.0 / 6.0) < 1e-12)
        #expect(ConfusionMatrix(labels: set.labels, pLeft: fitted.pLeft(set)).counts == [[3, 0], [1, 2]])
    }
}
