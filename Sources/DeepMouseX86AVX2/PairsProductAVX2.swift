// The engine's matrix-vector product for x86-64-v3 CPUs (AVX2: Intel since Haswell, AMD since Excavator/Zen),
// compiled on its own with `-march=x86-64-v3` (Package.swift) and called by DeepMouseCore only after a run-time
// CPUID check (`GRUKernel.x86AVX2`). The module depends on nothing and inlines everything it uses, so no code
// compiled for AVX2 can end up on another path.
//
// `out[j] = Σ_i x_i·w_ij` with int16 inputs and int8 weights: 16 weights (8 rows x 2 inputs) are loaded and
// sign-extended to int16 (`vpmovsxbw`), multiplied by a broadcast input pair and summed in pairs into 8 int32
// lanes (`vpmaddwd`), then added to an accumulator (`vpaddd`): 16 exact MACs per three instructions. Sums wrap
// like the portable ones (the reader bounds the inputs so that none overflows): the same bits.
//
// Weight layout (DeepMouseCore's `RecurrentLayout.pairsS8` and `PairsS8`, which prepare it): rows padded to a
// multiple of 8 (groups), inputs to a multiple of 2 (pairs), zeros in the padding; blocks of up to 8 groups
// (64 rows): [block][input pair][row of the block][2 inputs] int8, so a block's 8 accumulators stay in registers
// while its weights stream through once.
#if arch(x86_64)
    import Builtin

    /// The AVX2 int16 x int8 matrix-vector product, and the peak rate of its instruction.
    public enum PairsProductAVX2 {
        typealias Lanes = SIMD8<Int32>

        @inline(__always)
        static func madd(_ acc: Lanes, _ pair: SIMD16<Int16>, _ weights: UnsafeRawPointer) -> Lanes {
            let w8 = weights.loadUnaligned(as: SIMD16<Int8>.self)
            var w = SIMD16<Int16>()
            w._storage._value = Builtin.sext_Vec16xInt8_Vec16xInt16(w8._storage._value)
            var p = Lanes()
            p._storage._value = Builtin.int_x86_avx2_pmadd_wd(pair._storage._value, w._storage._value)
            return acc &+ p
        }

        /// Input pair q, (x[2q], x[2q+1]), in every 32-bit lane (x[count] reads as 0 when count is odd).
        @inline(__always)
        static func pair(_ x: UnsafePointer<Int16>, _ q: Int, count: Int) -> SIMD16<Int16> {
            let i = 2 &* q
            if i &+ 1 < count {
                let both = UnsafeRawPointer(x + i).loadUnaligned(as: Int32.self)
                return unsafeBitCast(SIMD8<Int32>(repeating: both), to: SIMD16<Int16>.self)
            }
            let one = Int32(UInt16(bitPattern: x[i]))
            return unsafeBitCast(SIMD8<Int32>(repeating: one), to: SIMD16<Int16>.self)
        }

        /// Stores the group's lanes that are real rows (`rows - row` of them, at most 8).
        @inline(__always)
        static func store(_ v: Lanes, _ out: UnsafeMutablePointer<Int32>, row: Int, rows: Int) {
            if row &+ 8 <= rows {
                UnsafeMutableRawPointer(out + row).storeBytes(of: v, as: Lanes.self)
            } else {
                for k in 0..<(rows &- row) { out[row &+ k] = v[k] }
            }
        }

        /// `out[j] = Σ_i x[i]·W[i][j]` for the `rows` real rows (int32, exact).
        ///
        /// - out: (rows) int32
        /// - input: (count) int16
        /// - weights: `rows` x `count` in the layout above
        @inline(never)
        public static func product(
            _ out: UnsafeMutablePointer<Int32>, input x: UnsafePointer<Int16>, weights: UnsafeRawPointer,
            count: Int, rows: Int
        ) {
            let groups = (rows &+ 7) / 8
            let pairs = (count &+ 1) / 2
            var base = weights
            var g = 0
            while g &+ 8 <= groups {
                var a0 = Lanes()
                var a1 = Lanes()
                var a2 = Lanes()
                var a3 = Lanes()
                var a4 = Lanes()
                var a5 = Lanes()
                var a6 = Lanes()
                var a7 = Lanes()
                var p = base
                for q in 0..<pairs {
                    let b = pair(x, q, count: count)
                    a0 = madd(a0, b, p)
                    a1 = madd(a1, b, p + 16)
                    a2 = madd(a2, b, p + 32)
                    a3 = madd(a3, b, p + 48)
                    a4 = madd(a4, b, p + 64)
                    a5 = madd(a5, b, p + 80)
                    a6 = madd(a6, b, p + 96)
                    a7 = madd(a7, b, p + 112)
                    p += 128
                }
                let row = 8 &* g
                store(a0, out, row: row, rows: rows)
                store(a1, out, row: row &+ 8, rows: rows)
                store(a2, out, row: row &+ 16, rows: rows)
                store(a3, out, row: row &+ 24, rows: rows)
                store(a4, out, row: row &+ 32, rows: rows)
                store(a5, out, row: row &+ 40, rows: rows)
                store(a6, out, row: row &+ 48, rows: rows)
                store(a7, out, row: row &+ 56, rows: rows)
                base += 128 &* pairs
                g &+= 8
            }
            let rest = groups &- g  // the last block's groups: four, two, then one at a time
            var k = 0
            while k &+ 4 <= rest {
                var a0 = Lanes()
                var a1 = Lanes()
                var a2 = Lanes()
                var a3 = Lanes()
                var p = base + 16 &* k
                for q in 0..<pairs {
                    let b = pair(x, q, count: count)
                    a0 = madd(a0, b, p)
                    a1 = madd(a1, b, p + 16)
                    a2 = madd(a2, b, p + 32)
                    a3 = madd(a3, b, p + 48)
                    p += 16 &* rest
                }
                let row = 8 &* (g &+ k)
                store(a0, out, row: row, rows: rows)
                store(a1, out, row: row &+ 8, rows: rows)
                store(a2, out, row: row &+ 16, rows: rows)
                store(a3, out, row: row &+ 24, rows: rows)
                k &+= 4
            }
            while k < rest {
                var a = Lanes()
                var p = base + 16 &* k
                for q in 0..<pairs {
                    a = madd(a, pair(x, q, count: count), p)
                    p += 16 &* rest
                }
                store(a, out, row: 8 &* (g &+ k), rows: rows)
                k &+= 1
            }
        }

        /// MACs per second of `vpmaddwd` + `vpaddd` on registers (no loads), 8 independent chains: the most this
        /// instruction set's int16 products can do on this core (16 MACs per `vpmaddwd`). `iterations` x 8 x 16
        /// MACs; returns a checksum so that nothing is optimized away.
        @inline(never)
        public static func peakLoop(iterations: Int, seed: Int16) -> Int32 {
            let x = SIMD16<Int16>(repeating: seed)
            var w = SIMD16<Int16>(repeating: 3)
            w[1] = seed
            var a0 = Lanes()
            var a1 = Lanes(repeating: 1)
            var a2 = Lanes(repeating: 2)
            var a3 = Lanes(repeating: 3)
            var a4 = Lanes(repeating: 4)
            var a5 = Lanes(repeating: 5)
            var a6 = Lanes(repeating: 6)
            var a7 = Lanes(repeating: 7)
            @inline(__always) func m(_ a: Lanes) -> Lanes {
                var p = Lanes()
                p._storage._value = Builtin.int_x86_avx2_pmadd_wd(x._storage._value, w._storage._value)
                return a &+ p
            }
            for _ in 0..<iterations {
                a0 = m(a0)
                a1 = m(a1)
                a2 = m(a2)
                a3 = m(a3)
                a4 = m(a4)
                a5 = m(a5)
                a6 = m(a6)
                a7 = m(a7)
                w = w &+ 1  // keeps the products inside the loop
            }
            return (a0 &+ a1 &+ a2 &+ a3 &+ a4 &+ a5 &+ a6 &+ a7).wrappedSum()
        }

        /// The same with the baseline's instruction, SSE2 `pmaddwd` on 128 bits (8 MACs each): the portable
        /// kernels' peak (compiled here in its VEX form, the same width and rate).
        @inline(never)
        public static func peakLoopSSE2(iterations: Int, seed: Int16) -> Int32 {
            let x = SIMD8<Int16>(repeating: seed)
            var w = SIMD8<Int16>(repeating: 3)
            w[1] = seed
            var a0 = SIMD4<Int32>()
            var a1 = SIMD4<Int32>(repeating: 1)
            var a2 = SIMD4<Int32>(repeating: 2)
            var a3 = SIMD4<Int32>(repeating: 3)
            var a4 = SIMD4<Int32>(repeating: 4)
            var a5 = SIMD4<Int32>(repeating: 5)
            var a6 = SIMD4<Int32>(repeating: 6)
            var a7 = SIMD4<Int32>(repeating: 7)
            @inline(__always) func m(_ a: SIMD4<Int32>) -> SIMD4<Int32> {
                var p = SIMD4<Int32>()
                p._storage._value = Builtin.int_x86_sse2_pmadd_wd(x._storage._value, w._storage._value)
                return a &+ p
            }
            for _ in 0..<iterations {
                a0 = m(a0)
                a1 = m(a1)
                a2 = m(a2)
                a3 = m(a3)
                a4 = m(a4)
                a5 = m(a5)
                a6 = m(a6)
                a7 = m(a7)
                w = w &+ 1
            }
            return (a0 &+ a1 &+ a2 &+ a3 &+ a4 &+ a5 &+ a6 &+ a7).wrappedSum()
        }
    }
#endif
