import DeepMouseCore
import DeepMouseQuantization
import DeepMouseTraining
import Foundation
import Testing
import TestSupport

/// The models in firmware-models/ load, pass their golden self-test, and (with the recordings
/// present) score on their by-recording test split exactly what their card says.
@Suite struct ShippedModelTests {
    static let folder = SharedData.repositoryRoot.appendingPathComponent("firmware-models")

    /// Each shipped model and the split (data folder) it was trained and is tested on.
    static let models = [("touchpad", "touchpad"), ("mouse", "mouse"), ("mouse-small", "mouse")]

    @Test(arguments: models)
    func shippedModelLoadsAndSelfTests(_ name: String, _ split: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("\(name).dmm")))
        let text = try ModelInspection.describe(bytes: bytes, name: name)
        #expect(text.contains("self-test passed"))
        #expect(text.contains("split: \(split)"))
    }

    @Test(.enabled(if: SharedData.available, SharedData.skipMessage), arguments: models)
    func shippedModelScoresWhatItsCardSays(_ name: String, _ split: String) throws {
        let card = try String(contentsOf: Self.folder.appendingPathComponent("\(name).md"), encoding: .utf8)
        let line = try #require(card.split(separator: "\n").first { $0.hasPrefix("| fixed point") })
        let claimed = try #require(Double(line.split(separator: "|")[1].trimmingCharacters(in: .whitespaces).dropLast()))
        let classifier = try FixedPointClassifier(contentsOf: Self.folder.appendingPathComponent("\(name).dmm"))
        let dataset = try Dataset.load(directory: SharedData.deepmouse(split))
        let data = try PreparedData.prepare(dataset, split: try ModelExport.splitStrategy(split).strategy,
                                            windowing: WindowingParameters(window: classifier.window, stride: classifier.window,
                                                                                       movingSamplesOnly: classifier.movingSamplesOnly))
        let p = try classifier.pLeft(data.test)
        let correct = zip(p, data.test.labels).filter { ($0 >= 0.5) == ($1 >= 0.5) }.count
        let accuracy = 100 * Double(correct) / Double(p.count)
        #expect(abs(accuracy - claimed) < 0.01, "\(name): \(accuracy)% vs card \(claimed)%")
    }
}
