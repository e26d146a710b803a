import DeepMouseCore
import Foundation
import Testing

/// The GRU's fast kernel variants against the straightforward rule, bit for bit: the recurrent
/// product in every weight layout against a plain 64-bit sum, and the 16-lane gate math against
/// the one-unit rule on random and extreme values with arbitrary (non-monotone) tables.
@Suite struct GRUKernelTests {
    struct Generator {
        var mixer: SplitMix64
        init(state: UInt64) { mixer = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { mixer.next() }
        mutating func int16() -> Int16 { Int16(truncatingIfNeeded: next()) }
        mutating func int8() -> Int8 { Int8(truncatingIfNeeded: next()) }
        /// Mostly uniform in [-bound, bound], sometimes exactly an end.
        mutating func int32(_ bound: Int32) -> Int32 {
            switch next() % 8 {
            case 0: return bound
            case 1: return -bound
            default: return Int32(truncatingIfNeeded: Int64(next() % UInt64(2 * Int64(bound) + 1)) - Int64(bound))
            }
        }
    }

    @Test(arguments: RecurrentLayout.allCases, [1, 2, 5, 16, 17, 32, 100, 128, 129])
    func recurrentProductMatchesAPlainSum(_ layout: RecurrentLayout, _ hidden: Int) {
        var g = Generator(state: UInt64(hidden))
        let rows = 3 * hidden
        // Extreme values first: h = -32768 and w = -128 give the largest products.
        let h = (0..<hidden).map { $0 < 2 ? Int16.min : g.int16() }
        let w = (0..<(rows * hidden)).map { $0 % 7 == 0 ? Int8.min : g.int8() }  // (H, 3H) as in the file
        var expected = [Int32](repeating: 0, count: rows)
        for j in 0..<rows {
            var sum: Int64 = 0
            for i in 0..<hidden { sum += Int64(h[i]) * Int64(w[i * rows + j]) }
            expected[j] = Int32(truncatingIfNeeded: sum)
        }
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: layout.byteCount(hidden: hidden), alignment: 64)
        let scratch = UnsafeMutableRawPointer.allocate(
            byteCount: recurrentProductS16ScratchByteCount(hidden: hidden),
            alignment: 64)
        defer {
            bytes.deallocate()
            scratch.deallocate()
        }
        w.withUnsafeBufferPointer { layout.prepare(weights: $0.baseAddress!, hidden: hidden, into: bytes) }
        var out = [Int32](repeating: 7, count: rows)
        h.withUnsafeBufferPointer { hp in
            out.withUnsafeMutableBufferPointer { o in
                recurrentProductS16(
                    o.baseAddress!, hidden: hp.baseAddress!, weights: UnsafeRawPointer(bytes),
                    layout: layout, count: hidden, scratch: scratch)
            }
        }
        #expect(out == expected)
    }

    /// Whole steps (product, requantization, gates) of every kernel this CPU runs against the
    /// portable kernel, over a sequence of inputs starting from the zero state.
    @Test(arguments: [1, 5, 16, 17, 37, 128])
    func everyKernelStepsLikeThePortableOne(_ hidden: Int) {
        var g = Generator(state: 77 + UInt64(hidden))
        let rows = 3 * hidden
        let w = (0..<(rows * hidden)).map { _ in g.int8() }
        let bias = (0..<rows).map { _ in g.int32(1 << 20) }
        let multipliers = (0..<rows).map { _ in Int32(1 << 30) + Int32(g.next() % (1 << 30)) }
        let shifts = (0..<rows).map { _ in Int32(30 + g.next() % 14) }
        let sigmoid = (0..<513).map { _ in g.int16() }
        let tanh = (0..<513).map { _ in g.int16() }
        let steps = 12
        let inputs = (0..<(steps * rows)).map { _ in g.int32(60_000) }
        func run(_ kernel: GRUKernel) -> [[Int16]] {
            let layout = kernel.recurrentLayout
            let weights = UnsafeMutableRawPointer.allocate(byteCount: layout.byteCount(hidden: hidden), alignment: 64)
            let scratch = UnsafeMutableRawPointer.allocate(
                byteCount: gruStepS16ScratchByteCount(hidden: hidden), alignment: 64)
            defer {
                weights.deallocate()
                scratch.deallocate()
            }
            w.withUnsafeBufferPointer { layout.prepare(weights: $0.baseAddress!, hidden: hidden, into: weights) }
            var states: [[Int16]] = []
            var h = [Int16](repeating: 0, count: hidden)
            bias.withUnsafeBufferPointer { b in
                multipliers.withUnsafeBufferPointer { m in
                    shifts.withUnsafeBufferPointer { s in
                        sigmoid.withUnsafeBufferPointer { sg in
                            tanh.withUnsafeBufferPointer { th in
                                inputs.withUnsafeBufferPointer { x in
                                    let p = GRUS16Parameters(
                                        inputWeights: th.baseAddress!, recurrentWeights: UnsafeRawPointer(weights),
                                        recurrentLayout: layout,
                                        inputBias: b.baseAddress!, recurrentBias: b.baseAddress!,
                                        inputMultipliers: m.baseAddress!,
                                        inputShifts: s.baseAddress!, recurrentMultipliers: m.baseAddress!,
                                        recurrentShifts: s.baseAddress!,
                                        sigmoid: ActivationTable(entries: sg.baseAddress!),
                                        tanh: ActivationTable(entries: th.baseAddress!),
                                        inChannels: 1, hidden: hidden)
                                    for t in 0..<steps {
                                        gruStepS16(
                                            hidden: &h, inputProjection: x.baseAddress! + t * rows, parameters: p,
                                            scratch: scratch,
                                            hiddenIsZero: t == 0)
                                        states.append(h)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return states
        }
        let reference = run(.portable)
        #expect(Set(reference.flatMap { $0 }).count > hidden / 2, "the states move")
        for kernel in GRUKernel.allCases where kernel != .portable && kernel.isAvailable {
            #expect(run(kernel) == reference, "\(kernel.name)")
        }
    }

    @Test(arguments: [1, 15, 16, 37, 128])
    func sixteenLaneGatesMatchTheOneUnitRule(_ hidden: Int) {
        var g = Generator(state: 1000 + UInt64(hidden))
        // Arbitrary tables (not monotone, full int16 range) so every lane's lookup is checked.
        let sigmoid = (0..<513).map { _ in g.int16() }
        let tanh = (0..<513).map { _ in g.int16() }
        for round in 0..<50 {
            // Pre-activations around the tables' range and at the ±2^24 clamp of the products.
            let bound: Int32 = round % 2 == 0 ? 40_000 : 16_777_216
            let x = (0..<(3 * hidden)).map { _ in g.int32(bound) }
            let recurrent = (0..<(3 * hidden)).map { _ in g.int32(16_777_216) }
            let old = (0..<hidden).map { _ in g.int16() }
            var expected = old
            var actual = old
            sigmoid.withUnsafeBufferPointer { s in
                tanh.withUnsafeBufferPointer { t in
                    let sg = ActivationTable(entries: s.baseAddress!)
                    let th = ActivationTable(entries: t.baseAddress!)
                    for i in 0..<hidden {
                        expected[i] = gruGateS16(
                            xz: x[i], xr: x[hidden + i], xn: x[2 * hidden + i], hz: recurrent[i],
                            hr: recurrent[hidden + i], hn: recurrent[2 * hidden + i], old: old[i],
                            sigmoid: sg, tanh: th)
                    }
                    gruGatesS16(hidden: &actual, input: x, recurrent: recurrent, sigmoid: sg, tanh: th, count: hidden)
                }
            }
            #expect(actual == expected, "round \(round)")
        }
    }

    @Test func oneUnitRuleMatchesTheRecipe() {
        // Linear stand-in tables: sigmoid t[i] = 64 i, tanh t[i] = 128 (i - 256) (clamped).
        let sigmoid = (0..<513).map { Int16(clamping: $0 * 64) }
        let tanh = (0..<513).map { Int16(clamping: ($0 - 256) * 128) }
        sigmoid.withUnsafeBufferPointer { s in
            tanh.withUnsafeBufferPointer { t in
                let sg = ActivationTable(entries: s.baseAddress!)
                let th = ActivationTable(entries: t.baseAddress!)
                // z = r = t[(0 + 32768) >> 7 = 256] = 16384 (0.5); r·hn / 2^15 = (2^38 + 2^14) / 2^15 = 2^23 + 0.5
                let h = gruGateS16(
                    xz: 0, xr: 0, xn: -8_388_609, hz: 0, hr: 0, hn: 16_777_217, old: -32768,
                    sigmoid: sg, tanh: th)
                // rounds (ties up) to gated = 8388609; xn + gated = 0 -> n = tanh t[256] = 0
                // h' = 0 + round(16384 * (-32768 - 0) / 2^15) = -16384
                #expect(h == -16384)
            }
        }
    }

    /// The run-time choice sees what the kernel reports (/proc/cpuinfo's flags), so that the bit-exact tests above
    /// and StreamingGoldenTests (which skip what the CPU cannot run) really run the x86 kernels where they exist.
    @Test func x86KernelsAreAvailableWhereTheCPUHasThem() throws {
        #if arch(x86_64) && os(Linux)
            let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
            let flags = Set(
                (info.split(separator: "\n").first { $0.hasPrefix("flags") } ?? "").split(separator: " ").map(
                    String.init))
            #expect(GRUKernel.x86AVX2.isAvailable == flags.isSuperset(of: ["avx2", "fma", "bmi2", "movbe"]))
            let vnni = flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd", "avx512_vnni"])
            #expect(GRUKernel.x86AVX512VNNI.isAvailable == vnni)
            #expect(GRUKernel.best == (vnni ? .x86AVX512VNNI : GRUKernel.x86AVX2.isAvailable ? .x86AVX2 : .portable))
        #endif
    }
}

/// The arm64 kernels' layout, checked on any host (their NEON code runs under qemu-aarch64: tools/kernel-check/run).
@Suite struct RowQuadsLayoutTests {
    @Test(arguments: [(1, 1), (17, 7), (96, 32), (33, 511)])
    func rowQuadsHoldEveryWeightOnceAndTheRowOffsets(_ rows: Int, _ inputs: Int) {
        var g = GRUKernelTests.Generator(state: UInt64(rows * 1000 + inputs))
        let w = (0..<(rows * inputs)).map { _ in g.int8() }  // (inputs, rows), as in the file
        let count = RowQuadsLayoutS8.byteCount(rows: rows, inputs: inputs)
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 64)
        defer { bytes.deallocate() }
        RowQuadsLayoutS8.prepare(rows: rows, inputs: inputs, into: bytes) { i, j in w[i * rows + j] }
        let padded = (rows + 15) / 16 * 16
        let weightBytes = padded * ((inputs + 3) / 4 * 4)
        #expect(count == weightBytes + 4 * padded)
        var seen = Set<Int>()
        let b = bytes.assumingMemoryBound(to: Int8.self)
        for i in 0..<inputs {
            for j in 0..<rows {
                let at = RowQuadsLayoutS8.index(input: i, row: j, rows: rows, inputs: inputs)
                #expect(at < weightBytes && b[at] == w[i * rows + j])
                seen.insert(at)
            }
        }
        #expect(seen.count == rows * inputs)
        // 16 consecutive bytes are 4 rows x 4 consecutive inputs.
        #expect(RowQuadsLayoutS8.index(input: 1, row: 0, rows: rows, inputs: inputs) == 1)
        if rows > 1 { #expect(RowQuadsLayoutS8.index(input: 0, row: 1, rows: rows, inputs: inputs) == 4) }
        let offsets = (bytes + weightBytes).assumingMemoryBound(to: Int32.self)
        for j in 0..<rows {
            #expect(offsets[j] == 128 * (0..<inputs).reduce(Int32(0)) { $0 + Int32(w[$1 * rows + j]) })
        }
    }

    @Test func arm64KernelsReadRowQuadsAndRunOnlyOnArm64() {
        for kernel in [GRUKernel.arm64NEON, .arm64DotProduct] {
            #expect(kernel.recurrentLayout == .rowQuadsS8 && kernel.inputProductsUseRowQuads)
            #expect(!kernel.inputProductsUsePairs)
            #if !arch(arm64)
                #expect(!kernel.isAvailable)
            #endif
        }
        #expect(GRUKernel.arm64DotProduct.usesDotProduct && !GRUKernel.arm64NEON.usesDotProduct)
    }
}
