import DeepMouseCore
import DeepMouseQuantization
import Testing

/// The streaming engine against the straightforward whole-window integer reference, bit for bit,
/// for several conv stacks (so the edge/interior split and the pooling grid are exercised).
@Suite struct StreamingClassifierTests {
    static let architectures: [(convs: [FloatGRUModel.Conv], hidden: Int, window: Int, hop: Int)] = [
        ([], 5, 24, 3),
        ([.init(kernel: 3, filters: 4)], 6, 32, 2),
        ([.init(kernel: 3, filters: 4), .init(kernel: 3, filters: 5)], 7, 48, 4),
        ([.init(kernel: 3, filters: 4), .init(kernel: 3, filters: 4), .init(kernel: 3, filters: 6)], 8, 64, 8),
        ([.init(kernel: 5, filters: 3), .init(kernel: 2, filters: 4), .init(kernel: 4, filters: 3)], 4, 64, 16),
        ([.init(kernel: 1, filters: 3), .init(kernel: 7, filters: 4)], 9, 40, 12),
        // Hidden sizes with 16-lane gate chunks and x86 kernel blocks (3H = 48: three 16-row
        // chunks; 3H = 408: three 128-row blocks and a partial one; 3H = 129: padding in both).
        ([.init(kernel: 3, filters: 4)], 16, 32, 4),
        ([], 32, 16, 2),
        ([.init(kernel: 3, filters: 5)], 136, 32, 4),
        ([], 43, 16, 2)
    ]

    /// Fast memory with each GRU kernel, and compact memory.
    static let engines: [(EngineMemory, GRUKernel)] = [
        (.fast, .portable), (.fast, .x86AVX512VNNI), (.compact, .portable)
    ]

    @Test(arguments: 0..<architectures.count, 0..<engines.count)
    func streamingMatchesTheWholeWindowReference(_ index: Int, _ engine: Int) throws {
        let (memory, kernel) = Self.engines[engine]
        guard kernel.isAvailable else { return }  // this CPU cannot run it (GRUKernelTests says which)
        let a = Self.architectures[index]
        let e = try Fixtures.export(
            convs: a.convs, hidden: a.hidden, window: a.window, hop: a.hop, seed: UInt64(index + 1),
            samples: 1500)
        let reference = FixedPointReference(model: e.quantized)
        let scaler = try ExportPipeline.inputScaler(e.quantized)
        let input = ExportPipeline.quantizedInput(e.motion, scaler)
        var decisions = 0
        var moving = 0
        try Fixtures.withClassifier(e.bytes, memory: memory, kernel: kernel) { classifier in
            #expect(classifier.kernel == (memory == .fast ? kernel : .portable))
            for t in 0..<(input.count / 2) {
                guard let d = classifier.push(dx: input[2 * t], dy: input[2 * t + 1]) else {
                    #expect(t + 1 < a.window || (t + 1 - a.window) % a.hop != 0)
                    continue
                }
                #expect(t + 1 >= a.window && (t + 1 - a.window) % a.hop == 0)
                let window = Array(input[(2 * (t + 1 - a.window))..<(2 * (t + 1))])
                let still = reference.isStill(window)
                #expect(d.idle == still)
                decisions += 1
                if still { continue }
                moving += 1
                let r = reference.classify(window)
                #expect(d.pLeftQ15 == r.pLeftQ15 && d.logitQ12 == r.logitQ12, "window ending at \(t)")
            }
        }
        #expect(decisions == (input.count / 2 - a.window) / a.hop + 1)
        #expect(moving > decisions / 2)
    }

    @Test func resetForgetsTheStreamAndAnotherHopWorks() throws {
        let e = try Fixtures.export(
            convs: [.init(kernel: 3, filters: 4), .init(kernel: 3, filters: 4)], hidden: 6,
            window: 32, hop: 8, samples: 600)
        let input = ExportPipeline.quantizedInput(e.motion, try ExportPipeline.inputScaler(e.quantized))
        let first: [StreamingDecision] = try Fixtures.withClassifier(e.bytes, hop: 4) { c in
            (0..<200).compactMap { c.push(dx: input[2 * $0], dy: input[2 * $0 + 1]) }
        }
        #expect(first.count == (200 - 32) / 4 + 1)
        try Fixtures.withClassifier(e.bytes, hop: 4) { c in
            for t in 0..<77 { _ = c.push(dx: input[2 * (t + 300)], dy: input[2 * (t + 300) + 1]) }
            c.reset()
            let again = (0..<200).compactMap { c.push(dx: input[2 * $0], dy: input[2 * $0 + 1]) }
            #expect(again == first)
        }
        #expect(throws: ModelFileError.self) { try Fixtures.withClassifier(e.bytes, hop: 6) { _ in } }
    }

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

extension StreamingClassifierTests {
    /// Compact memory keeps only state and scratch in the arena: far less RAM for the same bits.
    @Test func compactMemoryNeedsAFractionOfTheArena() throws {
        let e = try Fixtures.export(
            convs: [.init(kernel: 3, filters: 8), .init(kernel: 3, filters: 8)], hidden: 32,
            window: 64, samples: 600)
        let fast = try Fixtures.withClassifier(e.bytes) { $0.arenaBytesUsed }
        let compact = try Fixtures.withClassifier(e.bytes, memory: .compact) { $0.arenaBytesUsed }
        #expect(compact * 3 < fast, "compact \(compact) vs fast \(fast) bytes")
        // Unaligned model bytes are refused in compact memory (the weights are used in place).
        var shifted = [UInt8](repeating: 0, count: 1) + e.bytes
        try shifted.withUnsafeMutableBytes { raw in
            let model = try ModelFile(bytes: UnsafeRawBufferPointer(rebasing: raw[1...]))
            let arena = UnsafeMutableRawBufferPointer.allocate(
                byteCount: try StreamingClassifier.arenaByteCount(for: model, hop: nil, memory: .compact), alignment: 16
            )
            defer { arena.deallocate() }
            #expect(throws: ModelFileError.self) {
                _ = try StreamingClassifier(model: model, arena: arena, hop: nil, memory: .compact)
            }
        }
    }
}
