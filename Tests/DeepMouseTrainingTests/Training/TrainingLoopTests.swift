import DeepMouseCore
import Foundation
import Testing

@testable import DeepMouseTraining

/// A model whose dev predictions follow a script, to test early stopping exactly.
final class ScriptedModel: TrainableClassifier {
    /// p_left given to every dev window, per epoch (dev windows are all left).
    let script: [Float]
    var trainLoss: Double = 0.5
    private(set) var epoch = 0
    private(set) var stepsSeen: [[Float]] = []

    init(script: [Float]) { self.script = script }

    func trainStep(inputs: [Float], labels: [Float], weights: [Float]?, count: Int) throws -> TrainStepResult {
        stepsSeen.append(labels)
        return TrainStepResult(loss: trainLoss, correct: count)  // always right on train
    }

    func predict(inputs: [Float], count: Int) throws -> [Float] {
        epoch += 1
        return Array(repeating: script[epoch - 1], count: count)
    }
}

/// Logistic regression on each window's mean (dx, dy): small, real, and learns quickly.
final class MeanMotionLogistic: TrainableClassifier {
    var w: [Double] = [0, 0], b = 0.0
    let window: Int, learningRate: Double
    init(window: Int, learningRate: Double) {
        self.window = window
        self.learningRate = learningRate
    }

    func features(_ inputs: [Float], _ i: Int) -> [Double] {
        var m = [0.0, 0.0]
        for t in 0..<window { for a in 0..<2 { m[a] += Double(inputs[(i * window + t) * 2 + a]) } }
        return m.map { $0 / Double(window) }
    }

    func probabilities(_ inputs: [Float], _ count: Int) -> [Double] {
        (0..<count).map { i in
            let f = features(inputs, i)
            return 1 / (1 + exp(-(w[0] * f[0] + w[1] * f[1] + b)))
        }
    }

    func trainStep(inputs: [Float], labels: [Float], weights: [Float]?, count: Int) throws -> TrainStepResult {
        let p = probabilities(inputs, count)
        var dw = [0.0, 0.0]
        var db = 0.0
        for i in 0..<count {
            let g = (p[i] - Double(labels[i])) / Double(count)
            let f = features(inputs, i)
            dw[0] += g * f[0]
            dw[1] += g * f[1]
            db += g
        }
        w[0] -= learningRate * dw[0]
        w[1] -= learningRate * dw[1]
        b -= learningRate * db
        let pf = p.map(Float.init)
        let correct = zip(pf, labels).filter { Hand(pLeft: $0).trainingLabel == $1 }.count
        return TrainStepResult(loss: Metrics.binaryCrossEntropy(pLeft: pf, labels: labels), correct: correct)
    }

    func predict(inputs: [Float], count: Int) throws -> [Float] { probabilities(inputs, count).map(Float.init) }
}

@Suite("Training loop: batches, early stopping, logs")
struct TrainingLoopTests {
    /// `n` left windows then `m` right windows of W=4, left drifting +x, right drifting -x, plus noise.
    func windows(left n: Int, right m: Int, seed: UInt64) -> WindowSet {
        var g = SeededShuffler(seed: seed)
        var set = WindowSet(window: 4)
        for k in 0..<(n + m) {
            let hand: Hand = k < n ? .left : .right
            let drift: Float = hand == .left ? 0.5 : -0.5
            let samples = (0..<8).map { j in (j % 2 == 0 ? drift : 0) + Float(Int(g.next() % 101) - 50) / 100 }
            set.append(MotionStream(unit: .px, samples: samples), start: 0, hand: hand, recording: k < n ? 0 : 1)
        }
        return set
    }

    @Test func earlyStoppingKeepsTheBestDevLossEpoch() throws {
        // Dev windows are left: dev loss = -log(p). p rises to 0.7 at epoch 3, then falls.
        let model = ScriptedModel(script: [0.55, 0.6, 0.7, 0.65, 0.68, 0.69, 0.9])
        let config = TrainingConfig(epochs: 7, batchSize: 3, seed: 1, patience: 3, monitor: .devLoss)
        var kept: [Int] = []
        let loop = TrainingLoop(
            config: config, train: windows(left: 5, right: 5, seed: 1), dev: windows(left: 2, right: 0, seed: 2))
        let summary = try loop.run(model) { kept.append($0.epoch) }
        #expect(kept == [1, 2, 3])
        #expect(summary.bestEpoch == 3)
        #expect(summary.stoppedEarly)
        #expect(summary.epochs.count == 6)  // epochs 4, 5, 6 did not improve
        #expect(summary.epochs.map(\.best) == [true, true, true, false, false, false])
        #expect(abs(summary.best.devLoss! - -log(0.7)) < 1e-6)
        #expect(summary.best.devAccuracy == 1)
        // 10 windows in batches of 3: 4 steps per epoch, every window once.
        #expect(model.stepsSeen.count == 24)
        #expect(model.stepsSeen.prefix(4).map(\.count) == [3, 3, 3, 1])
        let firstEpochLabels: [Float] = model.stepsSeen.prefix(4).flatMap { $0 }
        #expect(firstEpochLabels.filter { $0 == 1 }.count == 5)
    }

    @Test func devAccuracyMonitorAndNoPatience() throws {
        // Accuracy on 2 left windows: 0 (p 0.4), 1 (p 0.6), 1 (p 0.8 lower loss: tie broken by loss), 0.
        let model = ScriptedModel(script: [0.4, 0.6, 0.8, 0.3])
        let config = TrainingConfig(epochs: 4, batchSize: 4, patience: nil, monitor: .devAccuracy)
        var kept: [Int] = []
        let summary = try TrainingLoop(
            config: config, train: windows(left: 2, right: 2, seed: 1), dev: windows(left: 2, right: 0, seed: 2)
        )
        .run(model) { kept.append($0.epoch) }
        #expect(kept == [1, 2, 3])
        #expect(summary.bestEpoch == 3)
        #expect(!summary.stoppedEarly && summary.epochs.count == 4)
    }

    @Test func withoutDevWindowsTheTrainingLossIsMonitored() throws {
        let model = ScriptedModel(script: [])
        let summary = try TrainingLoop(
            config: TrainingConfig(epochs: 3, patience: 1), train: windows(left: 2, right: 2, seed: 1),
            dev: WindowSet(window: 4)
        ).run(model) { _ in }
        #expect(summary.epochs.allSatisfy { $0.devLoss == nil })
        #expect(summary.bestEpoch == 1 && summary.stoppedEarly && summary.epochs.count == 2)
    }

    @Test func aRealModelLearnsThroughTheLoop() throws {
        let model = MeanMotionLogistic(window: 4, learningRate: 2)
        let config = TrainingConfig(epochs: 20, batchSize: 8, seed: 3, patience: 5)
        let summary = try TrainingLoop(
            config: config, train: windows(left: 40, right: 40, seed: 5),
            dev: windows(left: 10, right: 10, seed: 6)
        ).run(model) { _ in }
        #expect(summary.epochs.last!.loss < summary.epochs.first!.loss)
        #expect(summary.best.devAccuracy! >= 0.9)
        #expect(model.w[0] > 0)  // left drifts to +x
    }

    @Test func shufflingIsSeededAndOversamplingBalancesClasses() {
        let train = windows(left: 3, right: 9, seed: 1)
        let loop = TrainingLoop(config: TrainingConfig(seed: 7), train: train, dev: WindowSet(window: 4))
        #expect(loop.epochOrder(1) == loop.epochOrder(1))
        #expect(loop.epochOrder(1) != loop.epochOrder(2))
        #expect(loop.epochOrder(1).sorted() == Array(0..<12))
        let other = TrainingLoop(config: TrainingConfig(seed: 8), train: train, dev: WindowSet(window: 4))
        #expect(other.epochOrder(1) != loop.epochOrder(1))
        let unshuffled = TrainingLoop(config: TrainingConfig(shuffle: false), train: train, dev: WindowSet(window: 4))
        #expect(unshuffled.epochOrder(3) == Array(0..<12))

        let balanced = TrainingLoop(
            config: TrainingConfig(balance: .oversample), train: train, dev: WindowSet(window: 4))
        let order = balanced.epochOrder(1)
        #expect(order.count == 18)
        #expect(order.filter { train.hand($0) == .left }.count == 9)
        #expect(Set(order).isSuperset(of: 0..<12))
        // 3 left, 9 right: weights N / (2 N_c) = 12/18 for right, 12/6 for left.
        #expect(TrainingLoop.classWeights(train) == [Float(12) / 18, 2])
    }

    @Test func divergenceIsAnError() {
        let model = ScriptedModel(script: [0.5])
        model.trainLoss = .nan
        do {
            _ = try TrainingLoop(
                config: TrainingConfig(epochs: 1), train: windows(left: 2, right: 2, seed: 1), dev: WindowSet(window: 4)
            ).run(model) { _ in }
            Issue.record("expected divergence")
        } catch {
            #expect("\(error)" == "training diverged at epoch 1, batch 1 (loss nan); try a lower --lr")
        }
    }

    @Test func logAndProgressWriteOneLinePerEpoch() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let logURL = folder.appendingPathComponent("train.jsonl")
        let progressURL = folder.appendingPathComponent("progress.txt")
        #expect(FileManager.default.createFile(atPath: progressURL.path, contents: nil))
        let progressHandle = try FileHandle(forWritingTo: progressURL)
        let progress = TrainingProgress(output: progressHandle)
        #expect(!progress.interactive)
        let loop = TrainingLoop(
            config: TrainingConfig(epochs: 3, batchSize: 2, patience: nil), train: windows(left: 2, right: 2, seed: 1),
            dev: windows(left: 2, right: 0, seed: 2), progress: progress, log: try TrainingLog(url: logURL))
        _ = try loop.run(ScriptedModel(script: [0.6, 0.7, 0.65])) { _ in }
        try progressHandle.close()
        let records = try TrainingLog.read(logURL)
        #expect(records.map(\.epoch) == [1, 2, 3])
        #expect(records.map(\.best) == [true, true, false])
        #expect(abs(records[1].devLoss! - -log(0.7)) < 1e-6)
        let raw = try String(contentsOf: logURL, encoding: .utf8)
        #expect(raw.split(separator: "\n").first!.contains("\"dev_accuracy\":1"))
        let lines = try String(contentsOf: progressURL, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("epoch 1/3  loss 0.5000  acc 1.0000  dev_loss 0.5108  dev_acc 1.0000"))
        #expect(lines[1].hasSuffix("* best dev-loss"))
        #expect(!lines[0].contains("\u{1B}"))
    }

    @Test func durationsAreShort() {
        #expect(TrainingProgress.duration(4.4) == "4s")
        #expect(TrainingProgress.duration(75) == "1m15s")
        #expect(TrainingProgress.duration(3725) == "1h02m")
        #expect(TrainingProgress.duration(.nan) == "?")
    }
}
