import DeepMouseCore
import MallocCounter
import TestSupport
import Testing

/// The engine's steady state allocates nothing: 12,000 samples with decisions and a reset, counted by the
/// interposed malloc counter, in both memory modes and with both readouts.
@Suite struct EngineAllocationTests {
    @Test(arguments: [EngineMemory.fast, .compact], ["engine-3", "mean-1"])
    func streamingAllocatesNothingAfterPrepare(_ memory: EngineMemory, _ name: String) throws {
        let fixture = try LoadedFixture(name)
        let input = try GoldenVector(name).input
        try fixture.withClassifier(memory: memory) { classifier in
            var decisions = 0
            var moving = 0
            try input.withUnsafeBufferPointer { m in
                let n = m.count / 2
                malloc_counter_start()
                for t in 0..<12_000 {
                    let i = t % n
                    if let d = classifier.push(dx: m[2 * i], dy: m[2 * i + 1]) {
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
