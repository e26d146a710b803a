import DeepMouseCore
import DeepMouseQuantization
import Testing

/// Fixed point against the float reference on synthetic models and cursor-like motion: the
/// probabilities stay close and the decisions agree on almost every window. (The same check
/// on real recordings and trained models runs in the exporter and its tests.) Both readouts:
/// the last hidden state and the mean over the steps.
@Suite struct FloatParityTests {
    static let shapes: [(convs: [FloatGRUModel.Conv], hidden: Int, window: Int)] = [
        (
            [FloatGRUModel.Conv(kernel: 3, filters: 8), .init(kernel: 3, filters: 8), .init(kernel: 3, filters: 8)], 16,
            128
        ),
        ([FloatGRUModel.Conv(kernel: 3, filters: 6)], 12, 64),
        ([], 8, 32)
    ]

    @Test(arguments: 0..<shapes.count, [ReadoutKind.last, .mean])
    func fixedPointTracksTheFloatModel(_ index: Int, _ readout: ReadoutKind) throws {
        let (convs, hidden, window) = Self.shapes[index]
        let e = try Fixtures.export(convs: convs, hidden: hidden, window: window, samples: 6000, readout: readout)
        let reference = FloatReference(model: e.float)
        let fixed = FixedPointReference(model: e.quantized)
        let scaler = try ExportPipeline.inputScaler(e.quantized)
        var agree = 0
        var total = 0
        var maxError = 0.0
        for start in stride(from: 0, to: e.motion.count / 2 - window, by: window / 4) {
            let raw = Array(e.motion[(2 * start)..<(2 * (start + window))])
            if ExportPipeline.isStill(raw, threshold: 0.1) { continue }
            let p = reference.forward(ExportPipeline.normalized(raw, e.float.preprocessing)).pLeft
            let q = Double(fixed.classify(ExportPipeline.quantizedInput(raw, scaler)).pLeftQ15) / 32768
            maxError = max(maxError, abs(p - q))
            total += 1
            if (p >= 0.5) == (q >= 0.5) { agree += 1 }
        }
        #expect(total > 100)
        #expect(maxError < 0.02, "max |p_float - p_fixed| = \(maxError)")
        #expect(Double(agree) >= 0.99 * Double(total), "agree \(agree)/\(total)")
    }
}
