import DeepMouseCore
import DeepMouseQuantization
import MallocCounter
import Testing

/// The steady state allocates nothing: 10,000+ samples with decisions, counted by the
/// interposed malloc counter.
@Suite struct AllocationTests {
    @Test(arguments: [EngineMemory.fast, .compact], [ReadoutKind.last, .mean])
    func streamingAllocatesNothingAfterPrepare(_ memory: EngineMemory, _ readout: ReadoutKind) throws {
        let e = try Fixtures.export(
            convs: [.init(kernel: 3, filters: 8), .init(kernel: 3, filters: 8), .init(kernel: 3, filters: 8)],
            hidden: 16, window: 64, hop: 8, samples: 2000, readout: readout)
        let scaler = try ExportPipeline.inputScaler(e.quantized)
        let motion = e.motion
        try Fixtures.withClassifier(e.bytes, memory: memory) { classifier in
            var decisions = 0
            var moving = 0
            try motion.withUnsafeBufferPointer { m in
                let n = m.count / 2
                malloc_counter_start()
                for t in 0..<12_000 {
                    let i = t % n
                    let q = scaler.scaled(dx: m[2 * i], dy: m[2 * i + 1])
                    if let d = classifier.push(dx: q.dx, dy: q.dy) {
                        decisions += 1
                        if !d.idle { moving += 1 }
                    }
                    if t == 6000 { classifier.reset() }
                }
                let allocations = malloc_counter_stop()
                #expect(allocations == 0)
                _ = try #require(decisions > 1000 ? decisions : nil)
            }
            #expect(moving > decisions / 2)
        }
    }
}
