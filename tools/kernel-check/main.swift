// kernel-check: the engine's vector kernels against its reference code, bit for bit, on the machine that runs
// them: the arm64 NEON kernels (plain and, where the CPU has it, `sdot`) and their requantization and gates,
// which `swift test` on an x86 host never executes. Built as Embedded Swift next to the embedded daemon's
// DeepMouseCore and run under qemu-aarch64 with a CPU without and one with the dot-product extension
// (tools/kernel-check/run). On any build it checks every kernel `GRUKernel.isAvailable` reports.
//
// Each check compares a kernel's output with the portable kernel's (Swift, the recipe) or with a plain 64-bit
// sum, on seeded random data with the extremes (-32768 inputs, -128 weights, pre-activations at the +-2^24
// clamp) and sizes that leave every tail (rows not a multiple of 16, inputs not a multiple of 4 or 16).
// Prints one line per kind of check; exit status 1 when anything differs.
import DeepMouseCore

struct Check {
    var random = SplitMix64(seed: 2020)
    var checks = 0
    var failures = 0

    mutating func int16() -> Int16 { Int16(truncatingIfNeeded: random.next()) }
    mutating func int8() -> Int8 { Int8(truncatingIfNeeded: random.next()) }
    /// Mostly uniform in [-bound, bound], sometimes exactly an end.
    mutating func int32(_ bound: Int32) -> Int32 {
        switch random.next() % 8 {
        case 0: return bound
        case 1: return -bound
        default: return Int32(truncatingIfNeeded: Int64(random.next() % UInt64(2 * Int64(bound) + 1)) - Int64(bound))
        }
    }

    mutating func expect(_ same: Bool, _ what: StaticString, _ size: Int) {
        checks += 1
        if !same {
            failures += 1
            print("kernel-check: FAIL: \(what), size \(size)")
        }
    }

    /// Kernels other than the portable one that this build and CPU run.
    static var vectorKernels: [GRUKernel] {
        [GRUKernel.x86AVX2, .x86AVX512VNNI, .arm64NEON, .arm64DotProduct].filter { $0.isAvailable }
    }

    /// The `RowQuadsLayoutS8` product, plain and `sdot`, against a plain 64-bit sum.
    mutating func products() {
        let sizes: [(rows: Int, inputs: Int)] = [
            (1, 1), (3, 5), (17, 7), (32, 96), (96, 32), (192, 64), (33, 511),
            (16, 512), (384, 128), (768, 256), (5, 2)
        ]
        for (rows, inputs) in sizes {
            let x = UnsafeMutablePointer<Int16>.allocate(capacity: inputs)
            let w = UnsafeMutablePointer<Int8>.allocate(capacity: rows * inputs)  // (inputs, rows), as in the file
            let packed = UnsafeMutableRawPointer.allocate(
                byteCount: RowQuadsLayoutS8.byteCount(rows: rows, inputs: inputs), alignment: 64)
            let out = UnsafeMutablePointer<Int32>.allocate(capacity: rows)
            defer {
                x.deallocate()
                w.deallocate()
                packed.deallocate()
                out.deallocate()
            }
            for i in 0..<inputs { x[i] = i < 2 ? Int16.min : i == 2 ? Int16.max : int16() }
            for k in 0..<(rows * inputs) { w[k] = k % 7 == 0 ? Int8.min : int8() }
            RowQuadsLayoutS8.prepare(rows: rows, inputs: inputs, into: packed) { i, j in w[i * rows + j] }
            for dot in [false, true] where !dot || GRUKernel.arm64DotProduct.isAvailable {
                out.update(repeating: 7, count: rows)
                rowQuadsProductS16S8(
                    output: out, input: x, weights: packed.assumingMemoryBound(to: Int8.self), inputCount: inputs,
                    outputCount: rows, dotProduct: dot)
                var same = true
                for j in 0..<rows {
                    var sum: Int64 = 0
                    for i in 0..<inputs { sum += Int64(x[i]) * Int64(w[i * rows + j]) }
                    same = same && out[j] == Int32(truncatingIfNeeded: sum)
                }
                expect(same, dot ? "row-quads product (sdot)" : "row-quads product (plain)", rows * 1000 + inputs)
            }
        }
    }

    /// Whole GRU steps (product, requantization, gates) of every vector kernel against the portable one, from the
    /// zero state, with arbitrary tables.
    mutating func steps() {
        for hidden in [1, 5, 16, 17, 37, 64, 128, 256] {
            let rows = 3 * hidden
            let w = UnsafeMutablePointer<Int8>.allocate(capacity: rows * hidden)
            let vectors = UnsafeMutablePointer<Int32>.allocate(capacity: 3 * rows)  // bias, multipliers, shifts
            let tables = UnsafeMutablePointer<Int16>.allocate(capacity: 2 * 513)
            let steps = 12
            let inputs = UnsafeMutablePointer<Int32>.allocate(capacity: steps * rows)
            let expected = UnsafeMutablePointer<Int16>.allocate(capacity: steps * hidden)
            defer {
                w.deallocate()
                vectors.deallocate()
                tables.deallocate()
                inputs.deallocate()
                expected.deallocate()
            }
            for k in 0..<(rows * hidden) { w[k] = int8() }
            for j in 0..<rows {
                vectors[j] = int32(1 << 20)
                vectors[rows + j] = Int32(1 << 30) + Int32(truncatingIfNeeded: random.next() % (1 << 30))
                vectors[2 * rows + j] = Int32(truncatingIfNeeded: 30 + random.next() % 14)
            }
            for k in 0..<(2 * 513) { tables[k] = int16() }
            for k in 0..<(steps * rows) { inputs[k] = k % 11 == 0 ? int32(16_777_216) : int32(60_000) }
            run(.portable, hidden, w, vectors, tables, inputs, steps, into: expected)
            for kernel in Self.vectorKernels {
                let states = UnsafeMutablePointer<Int16>.allocate(capacity: steps * hidden)
                defer { states.deallocate() }
                run(kernel, hidden, w, vectors, tables, inputs, steps, into: states)
                var same = true
                for k in 0..<(steps * hidden) { same = same && states[k] == expected[k] }
                expect(same, "GRU steps against the portable kernel", hidden)
            }
        }
    }

    func run(
        _ kernel: GRUKernel, _ hidden: Int, _ w: UnsafePointer<Int8>, _ vectors: UnsafePointer<Int32>,
        _ tables: UnsafePointer<Int16>, _ inputs: UnsafePointer<Int32>, _ steps: Int,
        into states: UnsafeMutablePointer<Int16>
    ) {
        let rows = 3 * hidden
        let layout = kernel.recurrentLayout
        let weights = UnsafeMutableRawPointer.allocate(byteCount: layout.byteCount(hidden: hidden), alignment: 64)
        let scratch = UnsafeMutableRawPointer.allocate(
            byteCount: gruStepS16ScratchByteCount(hidden: hidden), alignment: 64)
        let h = UnsafeMutablePointer<Int16>.allocate(capacity: hidden)
        defer {
            weights.deallocate()
            scratch.deallocate()
            h.deallocate()
        }
        layout.prepare(weights: w, hidden: hidden, into: weights)
        var p = GRUS16Parameters(
            inputWeights: tables, recurrentWeights: UnsafeRawPointer(weights), recurrentLayout: layout,
            inputBias: vectors, recurrentBias: vectors, inputMultipliers: vectors + rows,
            inputShifts: vectors + 2 * rows,
            recurrentMultipliers: vectors + rows, recurrentShifts: vectors + 2 * rows,
            sigmoid: ActivationTable(entries: tables), tanh: ActivationTable(entries: tables + 513),
            inChannels: 1, hidden: hidden)
        p.dotProduct = kernel.usesDotProduct
        h.update(repeating: 0, count: hidden)
        for t in 0..<steps {
            gruStepS16(
                hidden: h, inputProjection: inputs + t * rows, parameters: p, scratch: scratch, hiddenIsZero: t == 0)
            (states + t * hidden).update(from: h, count: hidden)
        }
    }

    /// Conv1D + requantization + ReLU, and the GRU input projection with its requantization, in the packed layouts
    /// against the portable code (int16 rows, the recipe's requantization).
    mutating func convolutionsAndInputProjections() {
        let shapes: [(kernel: Int, inChannels: Int, outChannels: Int)] = [
            (3, 2, 32), (3, 32, 32), (5, 7, 13), (1, 1, 1),
            (3, 32, 384), (2, 256, 24)
        ]
        for (k, cin, cout) in shapes {
            let taps = k * cin
            let positions = 9
            let w = UnsafeMutablePointer<Int8>.allocate(capacity: taps * cout)  // (K·Cin, Cout), as in the file
            let wide = UnsafeMutablePointer<Int16>.allocate(capacity: taps * cout)  // (Cout, K·Cin)
            let packed = UnsafeMutableRawPointer.allocate(
                byteCount: RowQuadsLayoutS8.byteCount(rows: cout, inputs: taps), alignment: 64)
            let vectors = UnsafeMutablePointer<Int32>.allocate(capacity: 3 * cout)
            let x = UnsafeMutablePointer<Int16>.allocate(capacity: (positions + k - 1) * cin)
            let expected = UnsafeMutablePointer<Int16>.allocate(capacity: positions * cout)
            let actual = UnsafeMutablePointer<Int16>.allocate(capacity: positions * cout)
            let accumulators = UnsafeMutablePointer<Int32>.allocate(capacity: cout)
            let projected = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * cout)
            defer {
                w.deallocate()
                wide.deallocate()
                packed.deallocate()
                vectors.deallocate()
                x.deallocate()
                expected.deallocate()
                actual.deallocate()
                accumulators.deallocate()
                projected.deallocate()
            }
            for i in 0..<(taps * cout) { w[i] = i % 5 == 0 ? Int8.min : int8() }
            for o in 0..<cout {
                for i in 0..<taps { wide[o * taps + i] = Int16(w[i * cout + o]) }
                vectors[o] = int32(1 << 22)
                vectors[cout + o] = Int32(1 << 30) + Int32(truncatingIfNeeded: random.next() % (1 << 30))
                vectors[2 * cout + o] = Int32(truncatingIfNeeded: 24 + random.next() % 20)
            }
            for i in 0..<((positions + k - 1) * cin) { x[i] = i % 9 == 0 ? Int16.min : int16() }
            RowQuadsLayoutS8.prepare(rows: cout, inputs: taps, into: packed) { i, o in w[i * cout + o] }
            let portable = Conv1DS16Parameters(
                weights: wide, bias: vectors, multipliers: vectors + cout, shifts: vectors + 2 * cout,
                kernel: k, inChannels: cin, outChannels: cout)
            conv1dS16(output: expected, input: x, outputCount: positions, parameters: portable)
            var g = GRUS16Parameters(
                inputWeights: wide, recurrentWeights: UnsafeRawPointer(packed), recurrentLayout: .rowsS8,
                inputBias: vectors, recurrentBias: vectors, inputMultipliers: vectors + cout,
                inputShifts: vectors + 2 * cout, recurrentMultipliers: vectors + cout,
                recurrentShifts: vectors + 2 * cout, sigmoid: ActivationTable(entries: wide),
                tanh: ActivationTable(entries: wide), inChannels: taps, hidden: cout / 3)
            if cout % 3 == 0 { gruInputProjectionS16(output: projected, input: x, parameters: g) }
            for dot in [false, true]
            where GRUKernel.arm64NEON.isAvailable && (!dot || GRUKernel.arm64DotProduct.isAvailable) {
                var c = portable
                c.weightsRowQuadsS8 = UnsafePointer(packed.assumingMemoryBound(to: Int8.self))
                c.accumulators = accumulators
                c.dotProduct = dot
                actual.update(repeating: 1, count: positions * cout)
                conv1dS16(output: actual, input: x, outputCount: positions, parameters: c)
                var same = true
                for i in 0..<(positions * cout) { same = same && actual[i] == expected[i] }
                expect(same, dot ? "conv1d, row quads (sdot)" : "conv1d, row quads (plain)", taps * 1000 + cout)
                if cout % 3 == 0 {
                    g.inputWeightsRowQuadsS8 = UnsafePointer(packed.assumingMemoryBound(to: Int8.self))
                    g.dotProduct = dot
                    gruInputProjectionS16(output: projected + cout, input: x, parameters: g)
                    same = true
                    for j in 0..<cout { same = same && projected[cout + j] == projected[j] }
                    expect(
                        same, dot ? "GRU input projection (sdot)" : "GRU input projection (plain)", taps * 1000 + cout)
                    g.inputWeightsRowQuadsS8 = nil
                }
            }
        }
    }
}

func kernelCheck() -> Int32 {
    var c = Check()
    var names = "portable"
    for k in Check.vectorKernels { names += ", " + k.name }
    print("kernel-check: kernels this build and CPU run: \(names)")
    c.products()
    c.steps()
    c.convolutionsAndInputProjections()
    print("kernel-check: \(c.checks) checks, \(c.failures) failed")
    return c.failures == 0 ? 0 : 1
}

#if hasFeature(Embedded)
    @_cdecl("main")
    func embeddedMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
        kernelCheck()
    }
#else
    @main
    enum KernelCheck {
        static func main() {
            let status = kernelCheck()
            if status != 0 { fatalError("kernel-check failed") }
        }
    }
#endif
