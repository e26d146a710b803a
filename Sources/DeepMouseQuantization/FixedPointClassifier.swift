import DeepMouseCore
import DeepMouseTraining
import Foundation

/// A `.dmm` model behind the trainer's `HandClassifier` protocol, so `deepmouse evaluate` and
/// the exporter's parity check run the board's integer engine (the same `StreamingClassifier`,
/// fed one sample at a time) on the same windows as the float checkpoint.
public final class FixedPointClassifier: HandClassifier {
    public let bytes: [UInt8]
    public let quantizedSummary: String
    public let window: Int
    public let unit: MotionUnit
    public let stillThreshold: Float
    public let movingSamplesOnly: Bool
    public let trainingRecordings: [ProvenanceRecord.DataFile]
    /// The split named on the provenance's `split:` line (nil when absent or not one export knows).
    public let trainingSplit: SplitStrategy?
    public var summary: String { quantizedSummary }
    /// Windows whose integer still rule disagreed with the float filter (run anyway).
    public private(set) var stillDisagreements = 0
    let normalization: [Double]

    /// Loads and validates `.dmm` bytes (including preparing an engine, which runs the self-test).
    public init(bytes: [UInt8], name: String = "model") throws {
        self.bytes = bytes
        let header = try Self.header(bytes)
        let arch = header.architecture
        let norm = header.normalization
        window = Int(arch.window)
        unit = arch.inputUnit
        stillThreshold = Float(norm[4])
        movingSamplesOnly = arch.inputCells == .moving
        normalization = norm
        trainingRecordings = ModelExport.dataFiles(inProvenance: header.provenance)
        trainingSplit = header.provenance.split(separator: "\n").first { $0.hasPrefix("split: ") }
            .flatMap { try? ModelExport.splitStrategy(String($0.dropFirst("split: ".count))).strategy }
        quantizedSummary =
            "fixed-point \(name), conv\(arch.convCount) gru\(arch.hidden), W=\(arch.window)"
            + (arch.readout == .mean ? " mean readout" : "") + (movingSamplesOnly ? " moving samples" : "")
        _ = try pLeftQ15([[Float]](repeating: [Float](repeating: 1, count: 2 * window), count: 0))
    }

    static func header(_ bytes: [UInt8]) throws -> (
        architecture: ModelArchitecture, normalization: [Double], provenance: String
    ) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        let m = try ModelFile(bytes: UnsafeRawBufferPointer(buffer))
        let n = m.tensors.normalization
        let provenance =
            m.tensors.provenance.map { String(decoding: m.raw($0, byteCount: $0.count), as: UTF8.self) } ?? ""
        return (m.architecture, (0..<6).map { Double(m.float32(n, $0)) }, provenance)
    }

    /// Reads a `.dmm` file; errors name it (`DataError.malformedFile` with the reason, e.g. a truncated or corrupt file).
    public convenience init(contentsOf url: URL) throws {
        let data = try InputFile.read(url)
        do { try self.init(bytes: [UInt8](data), name: url.lastPathComponent) } catch let error as ModelFileError {
            throw DataError.malformedFile(file: url.path, reason: error.description)
        }
    }

    /// One window's int16 input, quantized as the board would.
    func quantized(_ raw: ArraySlice<Float>, _ scaler: InputScaler) -> [Int16] {
        raw.enumerated().map { i, v in
            let axis = i % 2
            if v == v.rounded(), abs(v) < 2e9 {
                return axis == 0 ? scaler.x.scaled(Int32(v)) : scaler.y.scaled(Int32(v))
            }
            let x = (Double(v) - normalization[axis]) / (normalization[2 + axis] * normalization[5])
            return Int16(max(-32768, min(32767, (x + 0.5).rounded(.down))))
        }
    }

    /// Q15 outputs for raw windows ((W, 2) each, model unit).
    public func pLeftQ15(_ windows: [[Float]]) throws -> [Int16] { try decisions(windows).map(\.pLeftQ15) }

    /// The engine's decision (p_left and logit) for each raw window ((W, 2), model unit); a window the integer
    /// still rule calls idle is decided anyway (`decisionIgnoringStillRule`) and counted in `stillDisagreements`.
    public func decisions(_ windows: [[Float]]) throws -> [StreamingDecision] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        do {
            let model = try ModelFile(bytes: UnsafeRawBufferPointer(buffer))
            let scaler = try InputScaler(model: model)
            let arena = UnsafeMutableRawBufferPointer.allocate(
                byteCount: try StreamingClassifier.arenaByteCount(for: model, hop: model.architecture.poolingFactor),
                alignment: 64)
            defer { arena.deallocate() }
            var engine = try StreamingClassifier(model: model, arena: arena, hop: model.architecture.poolingFactor)
            var out: [StreamingDecision] = []
            for w in windows {
                engine.reset()
                let q = quantized(w[...], scaler)
                var last: StreamingDecision? = nil
                for t in 0..<window { last = engine.push(dx: q[2 * t], dy: q[2 * t + 1]) ?? last }
                guard var d = last else { continue }
                if d.idle {
                    stillDisagreements += 1
                    d = engine.decisionIgnoringStillRule()
                }
                out.append(d)
            }
            return out
        }
    }

    public func pLeft(_ windows: WindowSet) throws -> [Float] {
        guard windows.window == window else {
            throw ExportError.unsupported("windows of \(windows.window) samples for a model of W=\(window)")
        }
        let per = 2 * windows.window
        let list = (0..<windows.count).map { Array(windows.inputs[($0 * per)..<(($0 + 1) * per)]) }
        return try pLeftQ15(list).map { Float($0) / 32768 }
    }
}
