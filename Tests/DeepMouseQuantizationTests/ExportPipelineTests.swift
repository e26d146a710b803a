import DeepMouseCore
import DeepMouseQuantization
import Testing

/// The export pipeline's input scaling: the normalisation folded into the engine's `InputScaler`.
@Suite struct ExportPipelineTests {
    @Test func inputScalerFoldsTheNormalisation() throws {
        let e = try Fixtures.export(convs: [], hidden: 3, window: 16, samples: 400)
        let s = try ExportPipeline.inputScaler(e.quantized)
        let n = e.quantized.normalization.map(Double.init)
        for d: Int32 in [-500, -37, -1, 0, 1, 2, 17, 333] {
            let expected = (Double(d) - n[0]) / (n[2] * n[5])
            #expect(abs(Double(s.x.scaled(d)) - max(-32768, min(32767, expected))) <= 0.5 + 1e-9)
        }
        #expect(s.scaled(dx: 1 << 30, dy: -(1 << 30)) == (32767, -32768))
        let halfUnits = try #require(InputScaler.Axis(gain: 0.5, offset: 0))
        #expect(halfUnits.scaled(3) == 2 && halfUnits.scaled(-3) == -1)  // the rounding rule
    }
}
