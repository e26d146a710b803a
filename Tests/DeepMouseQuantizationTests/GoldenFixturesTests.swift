import DeepMouseCore
import DeepMouseQuantization
import Foundation
import TestSupport
import Testing

/// The model files and golden vectors checked into Tests/Fixtures/models are exactly what `GoldenFixtures`
/// (the quantizer, the writer and the whole-window reference of today) makes: run `swift run test-fixtures`
/// and commit the files when this fails after a deliberate change.
@Suite struct GoldenFixturesTests {
    @Test(arguments: GoldenFixtures.all.map(\.name))
    func theCommittedFixtureIsWhatTheExporterWrites(_ name: String) throws {
        let fixture = try #require(GoldenFixtures.all.first { $0.name == name })
        for file in try GoldenFixtures.files(fixture) {
            let committed = try Data(contentsOf: FixtureModels.directory.appendingPathComponent(file.name))
            #expect([UInt8](committed) == file.bytes, "\(file.name) is stale: swift run test-fixtures")
        }
    }

    /// The readout changes the decision: the same weights read out last and mean disagree on the logit, so an
    /// engine that ignored the field could not reproduce the mean fixtures.
    @Test func theSameWeightsReadOutLastAndMeanDisagree() throws {
        var float = SyntheticModels.model(convs: [.init(kernel: 3, filters: 4)], hidden: 6, window: 64, seed: 5)
        let motion = SyntheticModels.motion(count: 600, seed: 105)
        let windows = stride(from: 0, to: 600 - 64, by: 32).map { Array(motion[(2 * $0)..<(2 * ($0 + 64))]) }
        let last = try ExportPipeline.quantize(model: float, calibrationWindows: windows, hop: 8, provenance: "t")
        float.readout = .mean
        let mean = try ExportPipeline.quantize(model: float, calibrationWindows: windows, hop: 8, provenance: "t")
        let input = mean.goldenInput
        #expect(
            FixedPointReference(model: mean).classify(input).logitQ12
                != FixedPointReference(model: last).classify(input).logitQ12)
    }
}
