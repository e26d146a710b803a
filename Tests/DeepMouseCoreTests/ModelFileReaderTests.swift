import DeepMouseCore
import TestSupport
import Testing

/// The reader against bad input: each defect gets its own error, and thousands of mutated or
/// truncated files are each rejected or loaded consistently, never a crash.
@Suite struct ModelFileReaderTests {
    /// A 2-conv GRU-7 model with a 48-sample window (Tests/Fixtures/models).
    static let fixture = try! LoadedFixture("engine-2")

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
        let a = try Self.load(Self.fixture.bytes).get()
        #expect(a.convCount == 2 && a.hidden == 7 && a.window == 48 && a.steps == 12)
    }

    /// A changed golden logit (p_left unchanged) is reported as the logit, with both values.
    @Test func theSelfTestNamesTheOutputThatDiffers() {
        var b = Self.fixture.bytes
        b[Self.dataOffset(b, "golden.output") + 4] ^= 1
        do {
            try LoadedFixture(bytes: Self.resealed(b)).withClassifier { _ in }
            Issue.record("the self-test passed")
        } catch let error as ModelFileError {
            guard case .selfTestFailed(let field, let expected, let computed) = error else {
                Issue.record("\(error)")
                return
            }
            #expect("\(field)" == "logit Q12" && expected != computed)
            #expect("\(error)".contains("expected logit Q12 \(expected), computed \(computed)"))
        } catch { Issue.record("\(error)") }
    }

    @Test func eachDefectHasItsOwnError() {
        let good = Self.fixture.bytes
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
        for (field, value, what) in [
            (ArchitectureField.hop, 65536, "hop beyond the window"), (.sampleRateHz, 1, "sample rate not 100 Hz")
        ] {
            b = good
            let at = Self.dataOffset(good, "arch") + 4 * field.rawValue
            for i in 0..<4 { b[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
            expectError(Self.resealed(b), { if case .invalidField = $0 { true } else { false } }, what)
        }
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
        #expect(throws: ModelFileError.self) { try LoadedFixture(bytes: Self.resealed(b)).withClassifier { _ in } }
        #expect(throws: ModelFileError.self) {
            try Self.resealed(good).withUnsafeBytes { raw in
                let m = try ModelFile(bytes: raw)
                var small = [UInt8](repeating: 0, count: 64)
                try small.withUnsafeMutableBytes { _ = try StreamingClassifier(model: m, arena: $0) }
            }
        }
    }

    @Test func mutatedAndTruncatedFilesAreRejectedOrLoadConsistently() throws {
        let good = Self.fixture.bytes
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
                _ = try? LoadedFixture(bytes: b).withClassifier { c in
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
