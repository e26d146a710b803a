import DeepMouseCore
import Foundation

/// The text `deepmouse inspect` prints for a model file.
public enum ModelInspection {
    /// Why a file could not be described.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public static func describe(bytes: [UInt8], name: String, multipliers: Bool = false) throws -> String {
        try inspect(bytes: bytes, name: name, multipliers: multipliers).text
    }

    /// What `inspect` prints, and the self-test's error when it failed (the command then exits non-zero).
    public struct Inspection: Sendable {
        public var text: String
        public var selfTestFailure: String?
    }

    /// The description (see `describe`) together with the self-test's outcome.
    public static func inspect(bytes: [UInt8], name: String, multipliers: Bool = false) throws -> Inspection {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        let raw = UnsafeRawBufferPointer(start: buffer.baseAddress, count: bytes.count)
        let m: ModelFile
        do { m = try ModelFile(bytes: raw) } catch { throw Failure(description: "\(name): \(error)") }
        let a = m.architecture
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        let crc =
            UInt32(bytes[bytes.count - 4]) | UInt32(bytes[bytes.count - 3]) << 8
            | UInt32(bytes[bytes.count - 2]) << 16 | UInt32(bytes[bytes.count - 1]) << 24
        line(
            "\(name): DeepMouse model, format v\(m.version), little-endian, \(bytes.count) bytes, CRC-32 0x\(String(crc, radix: 16, uppercase: true)) ok, \(m.entryCount) entries"
        )
        line()
        line("architecture")
        line(
            "  input       W=\(a.window) samples x 2 (dx, dy) in \(a.inputUnit.description) at \(a.sampleRateHz) Hz (\(Double(a.window) / Double(a.sampleRateHz)) s), default hop \(a.defaultHop) (\(Int(a.defaultHop) * 1000 / Int(a.sampleRateHz)) ms)"
        )
        var length = Int(a.window)
        for i in 0..<Int(a.convCount) {
            let k = a.convKernel[i]
            let f = a.convFilters[i]
            let s = m.float32(m.tensors.conv[i].outputScale, 0)
            line(
                "  conv\(i)       Conv1D(\(f), k\(k), same) + ReLU + MaxPool(2): (\(length), \(a.channels(enteringLayer: i))) -> (\(length / 2), \(f)), output scale \(s)"
            )
            length /= 2
        }
        line(
            "  gru         GRU(\(a.hidden), reset_after, gates z,r,n) over T=\(a.steps) steps, zero initial state, h in Q0.15, gates Q3.12"
        )
        line(
            "  readout     \(a.readout.name): "
                + (a.readout == .mean
                    ? "(1/T) sum of h_1..h_T, Q0.15, rounded to nearest, ties up" : "h_T, the last hidden state"))
        line("  dense       Dense(1) -> sigmoid table -> p_left (Q0.15)")
        let dm = ModelExport.decisionMACs(a)
        line("  cost        \(a.macsPerWindow) MACs per full window, \(dm) per streaming decision")
        if let fast = try? StreamingClassifier.arenaByteCount(for: m),
            let compact = try? StreamingClassifier.arenaByteCount(for: m, hop: nil, memory: .compact)
        {
            line(
                "  arena       \(fast) bytes fast (int16 weights + cached GRU input projections), \(compact) bytes compact (weights used in place from the file), hop \(a.defaultHop)"
            )
        }
        line()
        let n = (0..<6).map { m.float32(m.tensors.normalization, $0) }
        line("input")
        line(
            "  normalisation (d - offset) / scale: offset (\(n[0]), \(n[1])), scale (\(n[2]), \(n[3])); quantized input scale \(n[5]) per LSB"
        )
        line(
            "  idle when std(dx) or std(dy) <= \(n[4]) \(a.inputUnit.description): W*sum(q^2) - sum(q)^2 <= (\(m.int64(m.tensors.stillBound, 0)), \(m.int64(m.tensors.stillBound, 1)))"
        )
        line()
        line("entries")
        line(
            "  " + "name".padding(toLength: 22, withPad: " ", startingAt: 0)
                + "type     shape              bytes  offset")
        for i in 0..<m.entryCount {
            guard let e = try? m.entry(at: i) else { continue }
            let entryName = String(decoding: m.entryName(at: i), as: UTF8.self)
            let dims = (0..<e.rank).map { String(e.dims[$0]) }.joined(separator: "x")
            let type = "\(e.dtype)".padding(toLength: 8, withPad: " ", startingAt: 0)
            line(
                "  " + entryName.padding(toLength: 22, withPad: " ", startingAt: 0) + type + " "
                    + dims.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + String(format: "%7d  %6d", e.byteCount, e.offset))
        }
        line()
        line("scales (per output channel: min .. max)")
        func range(_ t: TensorRef) -> String {
            let v = (0..<t.count).map { m.float32(t, $0) }
            return String(format: "%.3g .. %.3g", v.min() ?? 0, v.max() ?? 0)
        }
        for i in 0..<Int(a.convCount) { line("  conv\(i).weight   \(range(m.tensors.conv[i].weightScale))") }
        line("  gru.w_x        \(range(m.tensors.gruInputWeightScale))")
        line("  gru.w_h        \(range(m.tensors.gruRecurrentWeightScale))")
        line("  dense.weight   \(range(m.tensors.denseWeightScale))")
        if multipliers {
            line()
            line("requantization (multiplier / 2^shift)")
            func list(_ label: String, _ mt: TensorRef, _ st: TensorRef) {
                let pairs = (0..<mt.count).map { "\(m.int32(mt, $0))/2^\(m.int32(st, $0))" }
                line("  \(label): " + pairs.joined(separator: " "))
            }
            for i in 0..<Int(a.convCount) { list("conv\(i)", m.tensors.conv[i].multipliers, m.tensors.conv[i].shifts) }
            list("gru.x", m.tensors.gruInputMultipliers, m.tensors.gruInputShifts)
            list("gru.h", m.tensors.gruRecurrentMultipliers, m.tensors.gruRecurrentShifts)
            list("dense", m.tensors.denseMultiplier, m.tensors.denseShift)
        }
        line()
        let s = m.tensors.sigmoidTable
        let t = m.tensors.tanhTable
        line(
            "tables  sigmoid/tanh, 513 int16 entries over [-8, 8] (Q3.12 in, Q0.15 out): sigmoid(0) = \(m.int16(s, 256)), tanh(1) = \(m.int16(t, 288))"
        )
        let g = m.tensors.goldenOutput
        let selfTest: String
        var selfTestFailure: String?
        do {
            let arena = UnsafeMutableRawBufferPointer.allocate(
                byteCount: try StreamingClassifier.arenaByteCount(for: m), alignment: 64)
            defer { arena.deallocate() }
            _ = try StreamingClassifier(model: m, arena: arena)
            selfTest = "passed"
        } catch {
            selfTest = "FAILED: \(error)"
            selfTestFailure = "\(error)"
        }
        line(
            "golden  p_left \(m.int32(g, 0))/32768 (\(String(format: "%.4f", Double(m.int32(g, 0)) / 32768))), logit \(m.int32(g, 1))/4096, idle \(m.int32(g, 2)); self-test \(selfTest)"
        )
        line()
        line(
            "decision  "
                + (m.decisionParameters.map { describe($0) + " (stored: deepmoused's defaults for this model)" }
                    ?? "(none stored: deepmoused's defaults, " + describe(DecisionParameters()) + ")"))
        line(
            "change detector  "
                + (m.changeDetectorParameters.map { describe($0) + " (stored: deepmoused decides with it)" }
                    ?? "(none stored: deepmoused decides by the vote above)"))
        line()
        line("provenance")
        if let p = m.tensors.provenance {
            let text = String(decoding: m.raw(p, byteCount: p.count), as: UTF8.self)
            for l in text.split(separator: "\n", omittingEmptySubsequences: false) { line("  " + l) }
        } else {
            line("  (none)")
        }
        return Inspection(text: out, selfTestFailure: selfTestFailure)
    }

    /// Change detector parameters in nats and hops (the units of `deepmouse calibrate`).
    public static func describe(_ c: ChangeDetectorParameters) -> String {
        String(
            format: "CUSUM on llr = %.4f * logit %@ %.4f, threshold %.3f nats, head start %.3f after %d idle hops, %@",
            Double(c.plattScaleQ16) / 65536, c.plattOffsetQ16 < 0 ? "-" : "+", abs(Double(c.plattOffsetQ16)) / 65536,
            Double(c.thresholdQ12) / 4096, Double(c.headStartQ12) / 4096, c.pauseHops,
            c.idleHopsToUnknown == ChangeDetectorParameters.never
                ? "hand kept through any pause" : "unknown after \(c.idleHopsToUnknown) idle hops")
    }

    /// Decision parameters in the units of `deepmoused --evidence-*`.
    public static func describe(_ d: DecisionParameters) -> String {
        String(
            format:
                "retention %.4f, threshold %.2f, cap %.2f, idle hops to unknown %d, minimum hops between changes %d",
            Double(d.retentionQ15) / 32768, Double(d.thresholdQ8) / 256, Double(d.capQ8) / 256,
            d.idleHopsToUnknown, d.minimumHopsBetweenChanges)
    }
}
