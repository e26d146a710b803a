import DeepMouseTraining
import Foundation
import TestSupport
import Testing

@testable import DeepMouseExperiments

@Suite struct MotionFeatureTests {
    /// Features of `mouse/left-1.txt` samples [800, 1600) from the independent numpy reference
    /// (`tools/reference/motion_features.py`, `window_features(deltas[800:1600])`).
    static let reference: [Double] = [
        0.51625, 11.47222222, 4.625, 10.45945946, 0.9315089941, 6.606041816,
        1, 2.236067977, 4.472135955, 9, 14.31782106, 27.04125634,
        3.16227766, 10.04987562, 18.15352934, 1.540665497, 0.1703490372, 0.1026042437,
        0.2148812714, 0.07444877837, 0.1228973332, 0.04787104522, 0.1839551418, 0.08299314899,
        0.01963445227, 0.02250064548, 0.02980253378, 0.0516965982, 0.05643169735, -0.08649348399,
        0.0007490123015, 0.023066741, 0.0222312602, 0.2352079426, 0.5502008032, -0.0963348341,
        -0.1000919843, 0.8314472901, 0.3425, 0.16875, 3.904509412, 4.816147157,
        0.8970309209, 0.4419677895
    ]

    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func matchTheNumpyReferenceOnARealWindow() throws {
        let stream = try LegacyRecordingReader.read(contentsOf: SharedData.deepmouse("mouse/left-1.txt"))
        let window = stream.samples[1600..<3200].map(Double.init)
        let features = MotionFeatures.features(Array(window))
        #expect(features.count == MotionFeatures.names.count && features.count == Self.reference.count)
        var worst = 0.0
        for (a, b) in zip(features, Self.reference) { worst = max(worst, abs(a - b) / max(abs(b), 1e-6)) }
        print("motion features vs numpy reference: max relative difference \(worst)")
        #expect(worst < 1e-8)
    }

    @Test func describeSimpleMotion() {
        // Constant motion to the right at 3 px per sample, half the samples still.
        var window: [Double] = []
        for i in 0..<100 { window += i % 2 == 0 ? [3, 0] : [0, 0] }
        let f = Dictionary(uniqueKeysWithValues: zip(MotionFeatures.names, MotionFeatures.features(window)))
        #expect(f["still_fraction"] == 0.5)
        #expect(f["dir_right"] == 1 && f["dir_left"] == 0)
        #expect(f["speed_p50"] == 3 && f["speed_mean"] == 3)
        #expect(f["moving_runs_per_s"] == 50)  // 50 runs in 1 s
        #expect(f["net_angle_cos"] == 1)
    }
}

@Suite struct LogisticRegressionTests {
    @Test func recoversASeparatingDirectionAndRegularises() {
        var g = SeededShuffler(seed: 7)
        var rows: [[Double]] = []
        var labels: [Double] = []
        for _ in 0..<400 {
            let x = [Double.random(in: -1...1, using: &g), Double.random(in: -1...1, using: &g), 5]
            let p = 1 / (1 + exp(-(3 * x[0] - 2 * x[1])))
            rows.append(x)
            labels.append(Double.random(in: 0..<1, using: &g) < p ? 1 : 0)
        }
        let weak = LogisticRegression(rows: rows, labels: labels, lambda: 1e-4)
        // Standardised weights: x0, x1 ~ U(-1, 1) have std 1/√3, so the raw weights are w·√3·... ≈ (1.7, -1.15).
        #expect(weak.weights[0] > 1.2 && weak.weights[0] < 2.4, "\(weak.weights)")
        #expect(weak.weights[1] < -0.7 && weak.weights[1] > -1.7, "\(weak.weights)")
        #expect(weak.weights[2] == 0)  // constant feature
        let strong = LogisticRegression(rows: rows, labels: labels, lambda: 1)
        #expect(abs(strong.weights[0]) < abs(weak.weights[0]) / 2)
        let p = weak.probabilities(rows)
        let accuracy = zip(p, labels).filter { ($0 >= 0.5) == ($1 == 1) }.count
        #expect(accuracy > 280)  // the labels are noisy: the Bayes rule gets about 3/4
    }

    @Test func fitIsAStationaryPointOfThePenalisedLoss() {
        var g = SeededShuffler(seed: 8)
        let rows = (0..<60).map { _ in [Double.random(in: -2...2, using: &g), Double.random(in: -2...2, using: &g)] }
        let labels = rows.map { $0[0] + 0.5 * $0[1] + Double.random(in: -1...1, using: &g) > 0 ? 1.0 : 0.0 }
        let fit = LogisticRegression(rows: rows, labels: labels, lambda: 0.05)
        let p = fit.probabilities(rows)
        let z = rows.map { r in (0..<2).map { (r[$0] - fit.featureMean[$0]) / fit.featureScale[$0] } }
        for j in 0..<2 {
            let gradient = (0..<60).reduce(0.0) { $0 + (p[$1] - labels[$1]) * z[$1][j] } / 60 + 0.05 * fit.weights[j]
            #expect(abs(gradient) < 1e-8)
        }
        let interceptGradient = (0..<60).reduce(0.0) { $0 + (p[$1] - labels[$1]) } / 60
        #expect(abs(interceptGradient) < 1e-8)
    }
}

@Suite struct SupportVectorMachineTests {
    /// Two noisy rings: not linearly separable, easy for an RBF kernel.
    static func rings(_ n: Int, seed: UInt64) -> (rows: [Float], labels: [Double]) {
        var g = SeededShuffler(seed: seed)
        var rows: [Float] = []
        var labels: [Double] = []
        for i in 0..<n {
            let inner = i % 2 == 0
            let r = (inner ? 1.0 : 2.5) + Double.random(in: -0.3...0.3, using: &g)
            let a = Double.random(in: 0..<(2 * Double.pi), using: &g)
            rows += [Float(r * cos(a)), Float(r * sin(a))]
            labels.append(inner ? 1 : 0)
        }
        return (rows, labels)
    }

    @Test func separatesRingsAndSatisfiesTheDualConstraints() {
        let (rows, labels) = Self.rings(120, seed: 1)
        let d = SquaredDistances(rows: rows, dimension: 2)
        let svm = SupportVectorMachine(distances: d, subset: Array(0..<120), labels: labels, c: 10, gamma: 1)
        // Σ αᵢ yᵢ = 0 and 0 ≤ αᵢ ≤ C.
        #expect(abs(svm.coefficients.reduce(0, +)) < 1e-9)
        #expect(svm.coefficients.allSatisfy { abs($0) <= 10 + 1e-12 && $0 != 0 })
        let (test, testLabels) = Self.rings(200, seed: 2)
        let between = SquaredDistances.between(test, rows, dimension: 2)
        let decision = svm.decision(squaredDistances: between, rowLength: 120)
        let correct = zip(decision, testLabels).filter { ($0 > 0) == ($1 == 1) }.count
        #expect(correct >= 190, "\(correct)/200")
        // Same decision through the training matrix rows.
        let own = svm.decision(rows: [0, 1, 2], of: d)
        let direct = svm.decision(squaredDistances: Array(d.values[0..<360]), rowLength: 120)
        for k in 0..<3 { #expect(abs(own[k] - direct[k]) < 1e-12) }
    }

    @Test func distancesMatchTheDefinition() {
        let rows: [Float] = [0, 0, 3, 4, 1, 1]
        let d = SquaredDistances(rows: rows, dimension: 2)
        #expect(d.values == [0, 25, 2, 25, 0, 13, 2, 13, 0])
    }
}

@Suite struct CrossValidationFoldTests {
    @Test func foldsBySessionWhenThereAreSessionsElseByTimeBlocks() throws {
        let recordings = [
            Fixtures.moving(.left, count: 400, seed: 1, session: "1"),
            Fixtures.moving(.right, count: 400, seed: 2, session: "1"),
            Fixtures.moving(.left, count: 400, seed: 3, session: "2"),
            Fixtures.moving(.right, count: 400, seed: 4, session: "2")
        ]
        let dataset = try Dataset(recordings: recordings)
        let segments = (0..<4).map { Segment(recording: $0, part: .train, start: 0, end: 400) }
        let windows = WindowSet.cut(dataset, segments: segments, windowing: WindowingParameters(window: 100))
        let folds = CrossValidationFolds.byRecording(windows, dataset: dataset)
        #expect(folds.count == 2)
        #expect(folds.assignment == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1])
        // One session: 4 time blocks per recording.
        let single = try Dataset(recordings: [
            Fixtures.moving(.left, count: 400, seed: 1), Fixtures.moving(.right, count: 400, seed: 2)
        ])
        let w2 = WindowSet.cut(
            single, segments: (0..<2).map { Segment(recording: $0, part: .train, start: 0, end: 400) },
            windowing: WindowingParameters(window: 100))
        let blocks = CrossValidationFolds.byRecording(w2, dataset: single)
        #expect(blocks.count == 4)
        #expect(blocks.assignment == [0, 1, 2, 3, 0, 1, 2, 3])
        let (train, heldOut) = blocks.indices(fold: 2)
        #expect(heldOut == [2, 6] && train.count == 6)
    }
}

@Suite struct BaselineRunTests {
    /// Left-hand recordings drift right, right-hand ones drift left: the features see it at once.
    @Test func scoresTheBaselinesOnASplitOfSyntheticRecordings() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var left: [URL] = []
        var right: [URL] = []
        for session in 1...3 {
            left.append(
                Fixtures.write(
                    Fixtures.driftingText(lines: 2001, seed: UInt64(session), drift: 1), to: folder,
                    name: "left-\(session).txt"))
            right.append(
                Fixtures.write(
                    Fixtures.driftingText(lines: 2001, seed: UInt64(10 + session), drift: -1), to: folder,
                    name: "right-\(session).txt"))
        }
        let settings = BaselineRun.Settings(
            source: .files(left: left, right: right), split: .mouse(testSession: "3", devFraction: 0.2),
            windowing: WindowingParameters(window: 100), svmBudget: 4, seed: 1)
        let results = try BaselineRun.run(settings)
        #expect(results.map(\.model) == ["still-fraction", "features-logreg", "svm-rbf"])
        let features = results[1]
        let svm = results[2]
        #expect(features.test.windows == 40)
        #expect(features.test.windowAccuracy! >= 0.95)
        #expect(svm.search?.count == 4)
        #expect(svm.crossValidation?.contains("sessions 1,2") == true)
        #expect(svm.parameters["C"] != nil && svm.test.windows == 40)
        // Confusion matrices add up.
        for r in results { #expect(r.test.confusion.flatMap { $0 }.reduce(0, +) == r.test.windows) }
    }
}
