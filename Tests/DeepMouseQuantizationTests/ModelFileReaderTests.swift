import DeepMouseCore
import DeepMouseQuantization
import Testing

/// The reader against bad input: each defect gets its own error, and thousands of mutated or
/// truncated files are each rejected or loaded consistently, never a crash.
@Suite struct ModelFileReaderTests {
    static let exported = try! Fixtures.export(
        convs: [.init(kernel: 3, filters: 4), .init(kernel: 3, filters: 3)],
        hidden: 5, window: 32, samples: 400)

    /// Rewrites the CRC so that a mutation reaches the checks behind it.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var b = bytes
        guard b.count >= 8 else { return b }
        let crc = b.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(b.count - 4)])) }
        for i in 0..<4 { b[b.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        return b
    }

    static func load(_ bytes: [UInt8]) -> Result<ModelArchitecture, ModelFileError> {
        bytes.withUnsafeBytes { raw in
            do throws(ModelFileError) { return .success(try ModelFile(bytes: raw).architecture) } catch {
                return .failure(error)
            }
        }
    }

    /// Offset of the data of entry `name`.
    static func dataOffset(_ bytes: [UInt8], _ name: String) -> Int {
        let count = Int(bytes[16]) | Int(bytes[17]) << 8
        for i in 0..<count {
            let base = 32 + 64 * i
            let n = String(decoding: bytes[base..<(base + 32)].prefix { $0 != 0 }, as: UTF8.self)
            if n == name { return Int(bytes[base + 52]) | Int(bytes[base + 53]) << 8 | Int(bytes[base + 54]) << 16 }
        }
        return -1
    }

    @Test func inputCellsRoundTripAndDefaultToEveryCell() throws {
        #expect(try Self.load(Self.exported.bytes).get().inputCells == .every)
        var q = Self.exported.quantized
        q.architecture.inputCells = .moving
        #expect(try Self.load(ModelFileWriter.write(q)).get().inputCells == .moving)
    }

    @Test func readoutRoundTripsAndZeroMeansLast() throws {
        // Files written before the field existed hold 0 there (it was reserved): the last state.
        #expect(Self.dataOffset(Self.exported.bytes, "arch") > 0)
        #expect(
            Self.exported.bytes[Self.dataOffset(Self.exported.bytes, "arch") + 4 * ArchitectureField.readout.rawValue]
                == 0)
        #expect(try Self.load(Self.exported.bytes).get().readout == .last)
        var q = Self.exported.quantized
        q.architecture.readout = .mean
        #expect(try Self.load(ModelFileWriter.write(q)).get().readout == .mean)
        for bad: UInt8 in [2, 0xFF] {
            var b = Self.exported.bytes
            b[Self.dataOffset(b, "arch") + 4 * ArchitectureField.readout.rawValue] = bad
            switch Self.load(Self.resealed(b)) {
            case .success: Issue.record("readout \(bad) loaded")
            case .failure(let e):
                guard case .invalidField(let field, let value) = e else {
                    Issue.record("\(e)")
                    continue
                }
                #expect("\(field)" == "arch.readout" && value == Int32(bad))
                #expect("\(e)" == "invalid field 'arch.readout' = \(bad)")
            }
        }
    }

    /// Decision parameters: optional, round-tripped, and each out-of-range field named.
    @Test
    func decisionParametersAreOptionalAndValidated() throws {
        func decision(_ bytes: [UInt8]) throws -> DecisionParameters? {
            try bytes.withUnsafeBytes { raw throws(ModelFileError) in try ModelFile(bytes: raw).decisionParameters }
        }
        #expect(Self.dataOffset(Self.exported.bytes, "decision") == -1)
        #expect(try decision(Self.exported.bytes) == nil)  // files without the entry: the daemon's defaults
        var q = Self.exported.quantized
        let chosen = DecisionParameters(
            retentionQ15: 32440, thresholdQ8: 3072, capQ8: 4608, idleHopsToUnknown: 3,
            minimumHopsBetweenChanges: 2)
        q.decision = chosen
        let with = ModelFileWriter.write(q)
        #expect(try decision(with) == chosen)
        #expect(try Self.load(with).get() == Self.exported.quantized.architecture)
        let bad: [(index: Int, value: Int32, field: String)] = [
            (0, 32768, "decision.retention"), (0, -1, "decision.retention"), (2, 0, "decision.cap"),
            (2, 65537, "decision.cap"), (1, 4609, "decision.threshold"), (1, 0, "decision.threshold"),
            (3, 0, "decision.idle_hops"), (4, -1, "decision.min_hops")
        ]
        for (index, value, field) in bad {
            var b = with
            let at = Self.dataOffset(b, "decision") + 4 * index
            for i in 0..<4 { b[at + i] = UInt8(truncatingIfNeeded: UInt32(bitPattern: value) >> (8 * UInt32(i))) }
            switch Self.load(Self.resealed(b)) {
            case .success: Issue.record("\(field) = \(value) loaded")
            case .failure(let e):
                guard case .invalidField(let f, let v) = e else {
                    Issue.record("\(e)")
                    continue
                }
                #expect("\(f)" == field && v == value)
            }
        }
    }

    /// Change detector parameters: optional, round-tripped (written at export or added to an existing file), and
    /// each out-of-range field named.
    @Test
    func changeDetectorParametersAreOptionalAndValidated() throws {
        func detector(_ bytes: [UInt8]) throws -> ChangeDetectorParameters? {
            try bytes.withUnsafeBytes { raw throws(ModelFileError) in
                try ModelFile(bytes: raw).changeDetectorParameters
            }
        }
        func rewritten(_ bytes: [UInt8], _ c: ChangeDetectorParameters?) throws -> [UInt8] {
            try bytes.withUnsafeBytes { raw in try ModelFileWriter.write(ModelFile(bytes: raw), changeDetector: c) }
        }
        let original = Self.exported.bytes
        #expect(try detector(original) == nil)  // files without the entry: the vote decides
        // Rewriting without the entry reproduces the exporter's bytes exactly.
        #expect(try rewritten(original, nil) == original)
        let chosen = ChangeDetectorParameters(
            plattScaleQ16: 69_468, plattOffsetQ16: -33_096, thresholdQ12: 192 * 4096, headStartQ12: 96 * 4096,
            pauseHops: 13, idleHopsToUnknown: 500)
        let with = try rewritten(original, chosen)
        #expect(try detector(with) == chosen)
        var q = Self.exported.quantized
        q.changeDetector = chosen
        #expect(ModelFileWriter.write(q) == with)  // the exporter writes the same entry
        #expect(try rewritten(with, nil) == original)  // and it comes out again
        var other = chosen
        other.thresholdQ12 = 8 * 4096
        other.headStartQ12 = 4 * 4096
        #expect(try detector(try rewritten(with, other)) == other)  // replaced, not added twice
        let bad: [(index: Int, value: Int32, field: String)] = [
            (0, 0, "decision.cusum.platt_scale"), (0, (1 << 20) + 1, "decision.cusum.platt_scale"),
            (1, -(1 << 20) - 1, "decision.cusum.platt_offset"), (2, 0, "decision.cusum.threshold"),
            (2, (1 << 24) + 1, "decision.cusum.threshold"), (3, 192 * 4096 + 1, "decision.cusum.head_start"),
            (3, -1, "decision.cusum.head_start"), (4, 0, "decision.cusum.pause_hops"),
            (5, 0, "decision.cusum.idle_hops")
        ]
        for (index, value, field) in bad {
            var b = with
            let at = Self.dataOffset(b, "decision.cusum") + 4 * index
            for i in 0..<4 { b[at + i] = UInt8(truncatingIfNeeded: UInt32(bitPattern: value) >> (8 * UInt32(i))) }
            switch Self.load(Self.resealed(b)) {
            case .success: Issue.record("\(field) = \(value) loaded")
            case .failure(let e):
                guard case .invalidField(let f, let v) = e else {
                    Issue.record("\(e)")
                    continue
                }
                #expect("\(f)" == field && v == value)
            }
        }
    }
}
