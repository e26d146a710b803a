import DeepMouseCore
import DeepMouseQuantization

/// Small synthetic models exported to `.dmm` bytes, shared by the tests.
enum Fixtures {
    struct Exported {
        var float: FloatGRUModel
        var quantized: QuantizedModel
        var bytes: [UInt8]
        var motion: [Int32]  // (N, 2) raw px deltas
    }

    static func export(
        convs: [FloatGRUModel.Conv], hidden: Int, window: Int, hop: Int = 8, seed: UInt64 = 1,
        samples: Int = 4000, readout: ReadoutKind = .last
    ) throws -> Exported {
        var float = SyntheticModels.model(convs: convs, hidden: hidden, window: window, seed: seed)
        float.readout = readout
        let motion = SyntheticModels.motion(count: samples, seed: seed &+ 100)
        let windows = stride(from: 0, to: samples - window, by: window / 2).map {
            Array(motion[(2 * $0)..<(2 * ($0 + window))])
        }
        let q = try ExportPipeline.quantize(
            model: float, calibrationWindows: windows, hop: hop,
            provenance: "synthetic seed \(seed)")
        return Exported(float: float, quantized: q, bytes: ModelFileWriter.write(q), motion: motion)
    }

    /// Runs `body` with a prepared streaming classifier over the bytes.
    static func withClassifier<R>(
        _ bytes: [UInt8], hop: Int32? = nil, memory: EngineMemory = .fast,
        kernel: GRUKernel = .best,
        _ body: (inout StreamingClassifier) throws -> R
    ) throws -> R {
        let file = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        defer { file.deallocate() }
        file.copyBytes(from: bytes)
        let model = try ModelFile(bytes: UnsafeRawBufferPointer(start: file.baseAddress, count: bytes.count))
        let size = try StreamingClassifier.arenaByteCount(for: model, hop: hop, memory: memory, kernel: kernel)
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { arena.deallocate() }
        var classifier = try StreamingClassifier(model: model, arena: arena, hop: hop, memory: memory, kernel: kernel)
        return try body(&classifier)
    }
}
