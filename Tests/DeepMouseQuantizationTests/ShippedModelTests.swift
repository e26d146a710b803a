import DeepMouseCore
import DeepMouseQuantization
import DeepMouseTraining
import Foundation
import TestSupport
import Testing

/// The models in firmware-models/ load, pass their golden self-test, and (with the recordings
/// present) score on the split their card names exactly what the card says: the evaluation twins on
/// their by-recording test split, the shipped final fits (no test split) on their dev part.
@Suite struct ShippedModelTests {
    static let folder = SharedData.repositoryRoot.appendingPathComponent("firmware-models")

    /// A model file, the data folder it was trained on, and the split and part its card scores.
    struct ShippedModel: Sendable, CustomTestStringConvertible {
        var name: String
        var dataFolder: String
        var split: SplitStrategy
        var part: SplitPart
        /// The card also scores the model on windows of this many samples (mean p_left of its own windows inside).
        var decideOver: Int? = nil
        /// The decision parameters the file carries (chosen on the twin's dev part by hand-switch-bench), if any.
        var decision: DecisionParameters? = nil
        var testDescription: String { name }
    }

    static let mouseAll = SplitStrategy.tail(try! SplitFractions(train: 0.75, dev: 0.25, test: 0))
    static let mouseDecision = DecisionParameters(retentionQ15: 32440, thresholdQ8: 3072, capQ8: 4608)
    /// The defaults, but 2.00 s of rest before `unknown` (the first idle hop at 104 empty cells, then 12 more of 8),
    /// as the W=200 model had.
    static let touchpadDecision = DecisionParameters(idleHopsToUnknown: 13)
    static let models = [
        ShippedModel(
            name: "touchpad", dataFolder: "touchpad",
            split: .tail(try! SplitFractions(train: 0.85, dev: 0.15, test: 0)), part: .dev,
            decision: touchpadDecision),
        ShippedModel(name: "mouse", dataFolder: "mouse", split: mouseAll, part: .dev, decision: mouseDecision),
        ShippedModel(name: "mouse-small", dataFolder: "mouse", split: mouseAll, part: .dev, decision: mouseDecision),
        ShippedModel(
            name: "evaluation/touchpad", dataFolder: "touchpad", split: .touchpad, part: .test, decideOver: 200,
            decision: touchpadDecision),
        ShippedModel(
            name: "evaluation/mouse", dataFolder: "mouse", split: .mouse(testSession: "6", devFraction: 0.25),
            part: .test,
            decideOver: 800, decision: mouseDecision),
        ShippedModel(
            name: "evaluation/mouse-small", dataFolder: "mouse", split: .mouse(testSession: "6", devFraction: 0.25),
            part: .test,
            decideOver: 800, decision: mouseDecision)
    ]

    @Test(arguments: models)
    func shippedModelLoadsAndSelfTests(_ model: ShippedModel) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("\(model.name).dmm")))
        let text = try ModelInspection.describe(bytes: bytes, name: model.name)
        #expect(text.contains("self-test passed"))
        #expect(text.contains("split: \(model.split.name)"))
        let stored = try bytes.withUnsafeBytes { raw throws(ModelFileError) in
            try ModelFile(bytes: raw).decisionParameters
        }
        #expect(stored == model.decision)
    }

    @Test(.enabled(if: SharedData.available, SharedData.skipMessage), arguments: models)
    func shippedModelScoresWhatItsCardSays(_ model: ShippedModel) throws {
        let card = try String(contentsOf: Self.folder.appendingPathComponent("\(model.name).md"), encoding: .utf8)
        let heading =
            model.part == .test
            ? "## Accuracy on the by-recording test split" : "## Float vs fixed point on the dev part"
        #expect(card.contains(heading), "\(model.name): the card should score the \(model.part.rawValue) part")
        let line = try #require(card.split(separator: "\n").first { $0.hasPrefix("| fixed point") })
        let claimed = try #require(
            Double(line.split(separator: "|")[1].trimmingCharacters(in: .whitespaces).dropLast()))
        let classifier = try FixedPointClassifier(contentsOf: Self.folder.appendingPathComponent("\(model.name).dmm"))
        let dataset = try Dataset.load(directory: SharedData.deepmouse(model.dataFolder))
        let data = try PreparedData.prepare(
            dataset, split: model.split,
            windowing: WindowingParameters(
                window: classifier.window, stride: classifier.window,
                movingSamplesOnly: classifier.movingSamplesOnly))
        let windows = model.part == .test ? data.test : data.dev
        #expect(windows.count > 0)
        #expect(abs(try Self.accuracy(classifier, windows) - claimed) < 0.01, "\(model.name): vs card \(claimed)%")

        guard let long = model.decideOver else { return }
        let decidedLine = try #require(
            card.split(separator: "\n").first { $0.hasPrefix("| fixed point, mean of") },
            "\(model.name): the card should score \(long)-sample windows")
        let decidedClaim = try #require(
            Double(decidedLine.split(separator: "|")[1].trimmingCharacters(in: .whitespaces).dropLast()))
        let longData = try PreparedData.prepare(
            dataset, split: model.split,
            windowing: WindowingParameters(
                window: long, stride: long,
                movingSamplesOnly: classifier.movingSamplesOnly))
        let longWindows = model.part == .test ? longData.test : longData.dev
        let countLine = try #require(card.split(separator: "\n").first { $0.contains(" windows, confusion") })
        #expect(
            countLine.hasPrefix("\(longWindows.count) windows"),
            "\(model.name): \(longWindows.count) windows vs card: \(countLine)")
        let decided = try Self.accuracy(try SubWindowMeanClassifier(classifier, window: long), longWindows)
        #expect(
            abs(decided - decidedClaim) < 0.01,
            "\(model.name) over \(long) samples: \(decided)% vs card \(decidedClaim)%")
    }

    /// Percent of `windows` whose hand `classifier` gets right.
    static func accuracy(_ classifier: any HandClassifier, _ windows: WindowSet) throws -> Double {
        let p = try classifier.pLeft(windows)
        let correct = zip(p, windows.labels).filter { ($0 >= 0.5) == ($1 >= 0.5) }.count
        return 100 * Double(correct) / Double(p.count)
    }

    /// The provenance a `.dmm` carries lists what it was trained on; `deepmouse evaluate` warns when it scores a
    /// model on recordings it saw without a held-out test part (a final fit on its own data), and only then.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func evaluatingAModelOnItsOwnTrainingDataSaysSo() throws {
        func warnings(_ name: String, _ folder: String, _ split: SplitStrategy?) throws -> [String] {
            let model = try FixedPointClassifier(contentsOf: Self.folder.appendingPathComponent("\(name).dmm"))
            return try EvaluationRun.run(
                model, .init(source: .directory(SharedData.deepmouse(folder), device: folder), split: split)
            ).warnings
        }
        let finalFit = try FixedPointClassifier(contentsOf: Self.folder.appendingPathComponent("mouse.dmm"))
        #expect(finalFit.trainingRecordings.count == 10)
        #expect(
            finalFit.trainingRecordings.allSatisfy {
                $0.role == "train+dev" && $0.sha256.count == 64 && $0.label != nil
            })
        let twin = try FixedPointClassifier(contentsOf: Self.folder.appendingPathComponent("evaluation/mouse.dmm"))
        #expect(
            twin.trainingRecordings.filter { $0.role == "test" }.map { URL(fileURLWithPath: $0.path).lastPathComponent }
                .sorted()
                == ["left-6.txt", "right-6.txt"])
        let session6 = SplitStrategy.mouse(testSession: "6", devFraction: 0.25)
        #expect(try warnings("evaluation/mouse", "mouse", session6).isEmpty)
        #expect(try warnings("evaluation/touchpad", "touchpad", .touchpad).isEmpty)
        let leaked = try warnings("mouse", "mouse", session6)
        #expect(leaked.count == 1 && leaked[0].contains("left-6.txt") && leaked[0].contains("not a test"))
        #expect(try warnings("touchpad", "touchpad", .touchpad).first?.contains("right.txt") == true)
        // Whole recordings: a twin split by time saw part of them.
        #expect(try warnings("evaluation/touchpad", "touchpad", nil).first?.contains("left.txt") == true)
        // A twin split by time, scored on another time split whose test part starts earlier, is flagged; later, not.
        let earlier = try warnings(
            "evaluation/touchpad", "touchpad", .tail(try SplitFractions(train: 0.5, dev: 0, test: 0.5)))
        #expect(
            earlier.first?.contains("its test part starts at 80% of each file, this split's at 50%") == true,
            "\(earlier)")
        #expect(
            try warnings("evaluation/touchpad", "touchpad", .tail(try SplitFractions(train: 0.8, dev: 0.1, test: 0.1)))
                .isEmpty)
        // A twin scored on its own training sessions is flagged too.
        #expect(
            try warnings("evaluation/mouse", "mouse", .mouse(testSession: "2", devFraction: 0.25)).first?.contains(
                "left-2.txt") == true)
    }
}
