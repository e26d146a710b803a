import DeepMouseCore
import DeepMouseQuantization
import Foundation
import Testing

/// The mean readout (Dense reads (1/T) Σ h_t) through the whole fixed-point path: the `.dmm`
/// field and the streaming engine bit for bit against the whole-window integer reference in both
/// memory modes. (Float-vs-fixed parity and the allocation count run for both readouts in
/// FloatParityTests and AllocationTests.)
@Suite struct MeanReadoutEngineTests {
    static let architectures: [(convs: [FloatGRUModel.Conv], hidden: Int, window: Int, hop: Int)] = [
        ([], 5, 24, 3),  // T = 24
        ([.init(kernel: 3, filters: 4), .init(kernel: 3, filters: 5)], 7, 48, 4),  // T = 12
        // T = 100
        ([.init(kernel: 3, filters: 4), .init(kernel: 3, filters: 4), .init(kernel: 3, filters: 6)], 8, 800, 8),
        ([.init(kernel: 5, filters: 3), .init(kernel: 2, filters: 4)], 16, 256, 16)  // T = 64, a power of two
    ]

    @Test(arguments: 0..<architectures.count, [EngineMemory.fast, .compact])
    func streamingMatchesTheWholeWindowReference(_ index: Int, _ memory: EngineMemory) throws {
        let a = Self.architectures[index]
        let e = try Fixtures.export(
            convs: a.convs, hidden: a.hidden, window: a.window, hop: a.hop, seed: UInt64(index + 21),
            samples: a.window + 40 * a.hop, readout: .mean)
        #expect(e.quantized.architecture.readout == .mean)
        let reference = FixedPointReference(model: e.quantized)
        let input = ExportPipeline.quantizedInput(e.motion, try ExportPipeline.inputScaler(e.quantized))
        var moving = 0
        try Fixtures.withClassifier(e.bytes, memory: memory) { classifier in
            for t in 0..<(input.count / 2) {
                guard let d = classifier.push(dx: input[2 * t], dy: input[2 * t + 1]) else { continue }
                let window = Array(input[(2 * (t + 1 - a.window))..<(2 * (t + 1))])
                #expect(d.idle == reference.isStill(window))
                let r = reference.classify(window)
                let got = d.idle ? classifier.decisionIgnoringStillRule() : d
                #expect(got.pLeftQ15 == r.pLeftQ15 && got.logitQ12 == r.logitQ12, "window ending at \(t)")
                if !d.idle { moving += 1 }
            }
        }
        #expect(moving > 10)
    }

    /// The readout changes the decision: the same weights read out last and mean disagree on
    /// the logit (so the field is not ignored), and a mean file relabelled "last" fails its
    /// golden self-test when an engine is prepared (what an engine ignoring the field would do).
    @Test func theReadoutFieldMatters() throws {
        let mean = try Fixtures.export(
            convs: [.init(kernel: 3, filters: 4)], hidden: 6, window: 64, seed: 5,
            samples: 600, readout: .mean)
        let last = try Fixtures.export(
            convs: [.init(kernel: 3, filters: 4)], hidden: 6, window: 64, seed: 5,
            samples: 600, readout: .last)
        let input = mean.quantized.goldenInput
        #expect(
            FixedPointReference(model: mean.quantized).classify(input).logitQ12
                != FixedPointReference(model: last.quantized).classify(input).logitQ12)
        var relabelled = mean.quantized
        relabelled.architecture.readout = .last
        #expect(throws: ModelFileError.self) { try Fixtures.withClassifier(ModelFileWriter.write(relabelled)) { _ in } }
        try Fixtures.withClassifier(mean.bytes) { _ in }
    }
}
