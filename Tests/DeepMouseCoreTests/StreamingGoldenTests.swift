import DeepMouseCore
import TestSupport
import Testing

/// The streaming engine against the golden vectors of Tests/Fixtures/models, bit for bit: every decision of
/// every fixture (conv stacks that exercise the edge/interior split and the pooling grid, both readouts), in
/// fast memory with each GRU kernel this CPU runs, and in compact memory. The vectors come from the
/// whole-window integer reference (GoldenFixturesTests keeps them current).
@Suite struct StreamingGoldenTests {
    static let engines: [(EngineMemory, GRUKernel)] = GRUKernel.allCases.map { (.fast, $0) } + [(.compact, .portable)]

    @Test(arguments: FixtureModels.goldenNames, 0..<engines.count)
    func streamingReproducesEveryGoldenDecision(_ name: String, _ engine: Int) throws {
        let (memory, kernel) = Self.engines[engine]
        guard kernel.isAvailable else { return }  // this CPU cannot run it (GRUKernelTests says which)
        let fixture = try LoadedFixture(name)
        let golden = try GoldenVector(name)
        #expect(golden.hop == fixture.model.architecture.defaultHop)
        var expected = golden.decisions.makeIterator()
        var seen = 0
        try fixture.withClassifier(memory: memory, kernel: kernel) { classifier in
            #expect(classifier.kernel == (memory == .fast ? kernel : .portable))
            for t in 0..<(golden.input.count / 2) {
                guard let d = classifier.push(dx: golden.input[2 * t], dy: golden.input[2 * t + 1]) else { continue }
                let next = expected.next()
                let want = try #require(next, "\(name): a decision after the last golden one, at \(t)")
                #expect(want.t == t && d.idle == want.idle, "\(name): decision at \(t), golden at \(want.t)")
                let got = d.idle ? classifier.decisionIgnoringStillRule() : d
                #expect(
                    got.pLeftQ15 == want.pLeftQ15 && got.logitQ12 == want.logitQ12, "\(name): window ending at \(t)")
                seen += 1
            }
        }
        #expect(seen == golden.decisions.count)
        #expect(golden.decisions.filter { !$0.idle }.count * 2 > seen, "\(name): most windows move")
    }

    @Test func resetForgetsTheStreamAndAnotherHopWorks() throws {
        let fixture = try LoadedFixture("engine-1")  // W = 32, pooling 2
        let input = try GoldenVector("engine-1").input
        let first: [StreamingDecision] = try fixture.withClassifier(hop: 4) { c in
            (0..<200).compactMap { c.push(dx: input[2 * $0], dy: input[2 * $0 + 1]) }
        }
        #expect(first.count == (200 - 32) / 4 + 1)
        try fixture.withClassifier(hop: 4) { c in
            for t in 0..<77 { _ = c.push(dx: input[2 * (t + 300)], dy: input[2 * (t + 300) + 1]) }
            c.reset()
            let again = (0..<200).compactMap { c.push(dx: input[2 * $0], dy: input[2 * $0 + 1]) }
            #expect(again == first)
        }
        #expect(throws: ModelFileError.self) { try fixture.withClassifier(hop: 3) { _ in } }
    }

    /// Compact memory keeps only state and scratch in the arena: far less RAM for the same bits.
    @Test func compactMemoryNeedsAFractionOfTheArena() throws {
        let fixture = try LoadedFixture("engine-8")  // GRU 136
        let fast = try fixture.withClassifier { $0.arenaBytesUsed }
        let compact = try fixture.withClassifier(memory: .compact) { $0.arenaBytesUsed }
        #expect(compact * 3 < fast, "compact \(compact) vs fast \(fast) bytes")
        // Unaligned model bytes are refused in compact memory (the weights are used in place).
        var shifted = [UInt8](repeating: 0, count: 1) + fixture.bytes
        try shifted.withUnsafeMutableBytes { raw in
            let model = try ModelFile(bytes: UnsafeRawBufferPointer(rebasing: raw[1...]))
            let size = try StreamingClassifier.arenaByteCount(for: model, hop: nil, memory: .compact)
            let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            defer { arena.deallocate() }
            #expect(throws: ModelFileError.self) {
                _ = try StreamingClassifier(model: model, arena: arena, hop: nil, memory: .compact)
            }
        }
    }

    /// The readout field matters: a mean-readout file relabelled "last" (CRC fixed up) fails its golden
    /// self-test when an engine is prepared, as an engine ignoring the field would.
    @Test func aMeanFileRelabelledLastFailsItsSelfTest() throws {
        var b = try FixtureModels.bytes("mean-1")
        try LoadedFixture(bytes: b).withClassifier { _ in }
        b[ModelFileReaderTests.dataOffset(b, "arch") + 4 * ArchitectureField.readout.rawValue] = 0
        #expect(throws: ModelFileError.self) {
            try LoadedFixture(bytes: ModelFileReaderTests.resealed(b)).withClassifier { _ in }
        }
    }
}
