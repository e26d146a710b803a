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

    @Test func aGoodFileLoadsWithItsArchitecture() throws {
        let a = try Self.load(Self.exported.bytes).get()
        #expect(a == Self.exported.quantized.architecture)
        #expect(a.convCount == 2 && a.hidden == 5 && a.window == 32 && a.steps == 8)
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

    @Test("decision parameters: optional, round-tripped, and each out-of-range field named")
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

    @Test func eachDefectHasItsOwnError() {
        let good = Self.exported.bytes
        func expectError(_ bytes: [UInt8], _ matches: (ModelFileError) -> Bool, _ what: String) {
            switch Self.load(bytes) {
            case .success: Issue.record("\(what): loaded")
            case .failure(let e): #expect(matches(e), "\(what): \(e)")
            }
        }
        var b = good
        b[0] = 0x50
        expectError(b, { if case .badMagic = $0 { true } else { false } }, "magic")
        b = good
        b[4] = 2
        expectError(b, { if case .unsupportedVersion(2, 1) = $0 { true } else { false } }, "version")
        b = good
        b[6] = 0xFE
        b[7] = 0xFF
        expectError(b, { if case .wrongByteOrder = $0 { true } else { false } }, "byte order")
        b = good
        b[good.count / 2] ^= 0x10
        expectError(b, { if case .checksumMismatch = $0 { true } else { false } }, "crc")
        expectError(
            Array(good.prefix(100)),
            { if case .truncated(field: _, needed: good.count, available: 100) = $0 { true } else { false } },
            "truncated")
        expectError(Array(good.prefix(2)), { if case .truncated = $0 { true } else { false } }, "tiny")
        expectError(good + [0], { if case .sizeMismatch = $0 { true } else { false } }, "trailing byte")
        // hidden = 6 in arch: the GRU tensors no longer fit -> a shape error naming the first one.
        b = good
        b[Self.dataOffset(good, "arch") + 4 * ArchitectureField.hidden.rawValue] = 6
        expectError(Self.resealed(b), { if case .badShape(let n) = $0 { "\(n)" == "gru.w_x" } else { false } }, "shape")
        b = good
        b[Self.dataOffset(good, "arch") + 4 * ArchitectureField.recurrentKind.rawValue] = 2
        expectError(Self.resealed(b), { if case .unsupported = $0 { true } else { false } }, "lstm")
        b = good
        b[Self.dataOffset(good, "arch") + 4 * ArchitectureField.window.rawValue] = 33
        expectError(Self.resealed(b), { if case .invalidField = $0 { true } else { false } }, "window")
        b = good
        b[Self.dataOffset(good, "arch") + 4 * ArchitectureField.inputCells.rawValue] = 7
        expectError(Self.resealed(b), { if case .invalidField = $0 { true } else { false } }, "input cells")
        b = good
        let s = Self.dataOffset(good, "gru.x_shift")
        b[s] = 0
        b[s + 1] = 0
        b[s + 2] = 0
        b[s + 3] = 0
        expectError(Self.resealed(b), { if case .badMultiplier = $0 { true } else { false } }, "shift 0")
        // The golden output no longer matches: the self-test catches it when preparing.
        b = good
        b[Self.dataOffset(good, "golden.output")] ^= 1
        #expect(throws: ModelFileError.self) { try Fixtures.withClassifier(Self.resealed(b)) { _ in } }
        #expect(throws: ModelFileError.self) {
            try Self.resealed(good).withUnsafeBytes { raw in
                let m = try ModelFile(bytes: raw)
                var small = [UInt8](repeating: 0, count: 64)
                try small.withUnsafeMutableBytes { _ = try StreamingClassifier(model: m, arena: $0) }
            }
        }
    }

    @Test func mutatedAndTruncatedFilesAreRejectedOrLoadConsistently() throws {
        let good = Self.exported.bytes
        var rng = SplitMix64(seed: 7)
        var loaded = 0
        var rejected = 0
        for trial in 0..<3000 {
            var b = good
            switch trial % 4 {
            case 0:  // truncation
                b = Array(b.prefix(Int(rng.next() % UInt64(b.count))))
            case 1:  // random bytes in the header and table, CRC fixed up
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    b[Int(rng.next() % UInt64(min(b.count, 32 + 64 * 40)))] = UInt8(truncatingIfNeeded: rng.next())
                }
                b = Self.resealed(b)
            case 2:  // random bytes anywhere, CRC fixed up
                for _ in 0..<(1 + Int(rng.next() % 8)) {
                    b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
                b = Self.resealed(b)
            default:  // random bytes, CRC left stale
                b[Int(rng.next() % UInt64(b.count))] ^= UInt8(1 + rng.next() % 255)
            }
            switch Self.load(b) {
            case .failure: rejected += 1
            case .success(let arch):
                loaded += 1
                // A file that loads must be usable: preparing either fails cleanly (self-test) or
                // yields a classifier whose decisions come on schedule.
                _ = try? Fixtures.withClassifier(b) { c in
                    var n = 0
                    for t in 0..<(Int(arch.window) + Int(arch.defaultHop))
                    where c.push(dx: Int16(t % 7), dy: Int16(t % 5)) != nil { n += 1 }
                    #expect(n == 2)
                }
            }
        }
        #expect(rejected > 2000)
        #expect(loaded > 0)  // mutations of unchecked data (e.g. float scales) still load
    }
}
