// The GRU step for x86-64 CPUs with AVX-512 VNNI (Xeon since Ice Lake, AMD since Zen 4), compiled on
// its own with `-march=x86-64-v4 -mavx512vnni` (Package.swift) and called by DeepMouseCore only after
// a run-time CPUID check (`GRUKernel.x86AVX512VNNI`). The module depends on nothing and inlines
// everything it uses, so no code compiled for AVX-512 can end up on another path. Same bits as the
// portable step (Sources/DeepMouseCore/Kernels/GRUS16.swift has the recipe).
//
// Recurrent product, int8 weights straight into `vpdpbusd` (u8 x s8, four products summed per int32
// lane, 64 per instruction): h (int16) = 256·hi + lo with lo = h & 255 (unsigned) and hi = h >> 8
// (signed), and hi is offset to hi + 128 so that it is unsigned too:
//
//     Σ_i h_i·w_ij = 256·(Σ_i (hi_i + 128)·w_ij) + Σ_i lo_i·w_ij − 32768·Σ_i w_ij
//
// The last term is a per-row constant prepared next to the weights. All sums are exact in int32
// (wrapping, like the portable sums), so the product is bit for bit the plain one.
//
// Weight layout (DeepMouseCore's `RecurrentLayout.quadsS8`, which prepares it): gate rows padded to a
// multiple of 16 (chunks), units to a multiple of 4 (quads), zeros in the padding; blocks of up to 8
// chunks (128 rows): [block][quad][chunk of the block][16 rows][4 units] int8, so a block's 16
// accumulators (8 for lo, 8 for hi) stay in registers while its weights stream through once; then
// the corrections −32768·Σ_i w_ij, int32 per padded row.
#if arch(x86_64)
    import Builtin

    /// The AVX-512 VNNI GRU step and recurrent product.
    public enum GRUStepAVX512VNNI {
        typealias Lanes = SIMD16<Int32>

        /// Gate rows (3H) padded to 16, units to 4, and the weight bytes before the corrections.
        @inline(__always) static func paddedRows(hidden: Int) -> Int { (3 &* hidden &+ 15) / 16 &* 16 }
        @inline(__always) static func paddedUnits(hidden: Int) -> Int { (hidden &+ 3) / 4 &* 4 }
        @inline(__always) static func weightByteCount(hidden: Int) -> Int {
            paddedRows(hidden: hidden) &* paddedUnits(hidden: hidden)
        }

        /// Scratch bytes of `step` and `product`: the padded products (int32) and h split into bytes.
        public static func scratchByteCount(hidden: Int) -> Int {
            4 &* paddedRows(hidden: hidden) &+ 2 &* paddedUnits(hidden: hidden)
        }

        /// `out[j] = Σ_i h[i]·W[i][j]` for the padded rows (int32, exact; zero in the padding).
        ///
        /// - out: (paddedRows) int32, 64-aligned
        /// - scratch: `scratchByteCount(hidden:)` bytes (only the split h is written)
        @inline(never)
        public static func product(
            _ out: UnsafeMutablePointer<Int32>, hidden h: UnsafePointer<Int16>,
            weights: UnsafeRawPointer, count: Int, scratch: UnsafeMutableRawPointer
        ) {
            let bytes = scratch + 4 &* paddedRows(hidden: count)
            split(h, count: count, into: bytes)
            multiply(out, weights: weights, split: UnsafeRawPointer(bytes), count: count)
        }

        /// One GRU step in place on `hidden` (the recipe of DeepMouseCore's `gruStepS16`).
        ///
        /// - hidden: (H) int16 Q0.15, updated in place
        /// - input: (3H) int32 Q.12 input projections (z, r, n)
        /// - weights: in the layout above, 64-aligned
        /// - bias, multipliers, shifts: (3H) int32, the recurrent requantization
        /// - sigmoid, tanh: 513-entry tables
        /// - scratch: `scratchByteCount(hidden:)` bytes, 64-aligned
        /// - hiddenIsZero: h is all zeros (the first step): the product is not computed
        @inline(never)
        public static func step(
            hidden h: UnsafeMutablePointer<Int16>, input x: UnsafePointer<Int32>, weights: UnsafeRawPointer,
            bias: UnsafePointer<Int32>, multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>,
            sigmoid: UnsafePointer<Int16>, tanh: UnsafePointer<Int16>, count: Int,
            scratch: UnsafeMutableRawPointer, hiddenIsZero: Bool
        ) {
            let recurrent = scratch.assumingMemoryBound(to: Int32.self)  // (padded 3H)
            let rows = 3 &* count
            if hiddenIsZero {
                recurrent.update(repeating: 0, count: rows)
            } else {
                let bytes = scratch + 4 &* paddedRows(hidden: count)
                split(UnsafePointer(h), count: count, into: bytes)
                multiply(recurrent, weights: weights, split: UnsafeRawPointer(bytes), count: count)
            }
            requantize(recurrent, bias: bias, multipliers: multipliers, shifts: shifts, count: rows)
            gates(h, x, UnsafePointer(recurrent), sigmoid, tanh, count: count)
        }

        // MARK: The product

        /// lo = h & 255 and hi + 128 = (h >> 8) + 128 as bytes, (paddedUnits) each, zeros (h = 0) in the padding.
        @inline(__always)
        static func split(_ h: UnsafePointer<Int16>, count: Int, into bytes: UnsafeMutableRawPointer) {
            let units = paddedUnits(hidden: count)
            let lo = bytes.assumingMemoryBound(to: UInt8.self)
            let hi = lo + units
            for i in 0..<units {
                let v = i < count ? h[i] : 0
                lo[i] = UInt8(truncatingIfNeeded: v)
                hi[i] = UInt8(truncatingIfNeeded: (v &>> 8) &+ 128)
            }
        }

        @inline(__always)
        static func dot(_ acc: Lanes, _ a: Lanes, _ b: Lanes) -> Lanes {
            var r = Lanes()
            r._storage._value = Builtin.int_x86_avx512_vpdpbusd_512(
                acc._storage._value, a._storage._value, b._storage._value)
            return r
        }

        /// The padded products from the split h, with the corrections.
        @inline(__always)
        static func multiply(
            _ out: UnsafeMutablePointer<Int32>, weights: UnsafeRawPointer, split: UnsafeRawPointer, count: Int
        ) {
            let chunks = paddedRows(hidden: count) / 16
            let quads = paddedUnits(hidden: count) / 4
            let lo = split
            let hi = split + 4 &* quads
            let corrections = weights + weightByteCount(hidden: count)
            let o = UnsafeMutableRawPointer(out)
            var base = weights
            var c = 0
            while c &+ 8 <= chunks {
                var l0 = Lanes()
                var l1 = Lanes()
                var l2 = Lanes()
                var l3 = Lanes()
                var l4 = Lanes()
                var l5 = Lanes()
                var l6 = Lanes()
                var l7 = Lanes()
                var h0 = Lanes()
                var h1 = Lanes()
                var h2 = Lanes()
                var h3 = Lanes()
                var h4 = Lanes()
                var h5 = Lanes()
                var h6 = Lanes()
                var h7 = Lanes()
                var p = base
                for q in 0..<quads {
                    let bl = Lanes(repeating: lo.loadUnaligned(fromByteOffset: 4 &* q, as: Int32.self))
                    let bh = Lanes(repeating: hi.loadUnaligned(fromByteOffset: 4 &* q, as: Int32.self))
                    let w0 = p.load(as: Lanes.self)
                    l0 = dot(l0, bl, w0)
                    h0 = dot(h0, bh, w0)
                    let w1 = p.load(fromByteOffset: 64, as: Lanes.self)
                    l1 = dot(l1, bl, w1)
                    h1 = dot(h1, bh, w1)
                    let w2 = p.load(fromByteOffset: 128, as: Lanes.self)
                    l2 = dot(l2, bl, w2)
                    h2 = dot(h2, bh, w2)
                    let w3 = p.load(fromByteOffset: 192, as: Lanes.self)
                    l3 = dot(l3, bl, w3)
                    h3 = dot(h3, bh, w3)
                    let w4 = p.load(fromByteOffset: 256, as: Lanes.self)
                    l4 = dot(l4, bl, w4)
                    h4 = dot(h4, bh, w4)
                    let w5 = p.load(fromByteOffset: 320, as: Lanes.self)
                    l5 = dot(l5, bl, w5)
                    h5 = dot(h5, bh, w5)
                    let w6 = p.load(fromByteOffset: 384, as: Lanes.self)
                    l6 = dot(l6, bl, w6)
                    h6 = dot(h6, bh, w6)
                    let w7 = p.load(fromByteOffset: 448, as: Lanes.self)
                    l7 = dot(l7, bl, w7)
                    h7 = dot(h7, bh, w7)
                    p += 512
                }
                let at = 64 &* c
                func finish(_ l: Lanes, _ h: Lanes, _ offset: Int) {
                    let k = corrections.load(fromByteOffset: at &+ offset, as: Lanes.self)
                    o.storeBytes(of: (h &<< 8) &+ l &+ k, toByteOffset: at &+ offset, as: Lanes.self)
                }
                finish(l0, h0, 0)
                finish(l1, h1, 64)
                finish(l2, h2, 128)
                finish(l3, h3, 192)
                finish(l4, h4, 256)
                finish(l5, h5, 320)
                finish(l6, h6, 384)
                finish(l7, h7, 448)
                base += 512 &* quads
                c &+= 8
            }
            let rest = chunks &- c  // the last block's chunks, one at a time
            for k in 0..<rest {
                var l = Lanes()
                var h = Lanes()
                var p = base + 64 &* k
                for q in 0..<quads {
                    let w = p.load(as: Lanes.self)
                    l = dot(l, Lanes(repeating: lo.loadUnaligned(fromByteOffset: 4 &* q, as: Int32.self)), w)
                    h = dot(h, Lanes(repeating: hi.loadUnaligned(fromByteOffset: 4 &* q, as: Int32.self)), w)
                    p += 64 &* rest
                }
                let at = 64 &* (c &+ k)
                o.storeBytes(
                    of: (h &<< 8) &+ l &+ corrections.load(fromByteOffset: at, as: Lanes.self), toByteOffset: at,
                    as: Lanes.self)
            }
        }

        /// `vpdpbusd` on registers (no loads), 8 independent chains: this core's peak for the instruction
        /// (64 u8 x s8 MACs each, 32 of the engine's int16 x int8 MACs since the kernel splits h in two bytes).
        /// Runs `iterations` x 8 instructions; returns a checksum so that nothing is optimized away.
        @inline(never)
        public static func peakLoop(iterations: Int, seed: Int32) -> Int32 {
            let x = Lanes(repeating: seed)
            var w = Lanes(repeating: 0x0102_0304)
            var a0 = Lanes()
            var a1 = Lanes(repeating: 1)
            var a2 = Lanes(repeating: 2)
            var a3 = Lanes(repeating: 3)
            var a4 = Lanes(repeating: 4)
            var a5 = Lanes(repeating: 5)
            var a6 = Lanes(repeating: 6)
            var a7 = Lanes(repeating: 7)
            for _ in 0..<iterations {
                a0 = dot(a0, x, w)
                a1 = dot(a1, x, w)
                a2 = dot(a2, x, w)
                a3 = dot(a3, x, w)
                a4 = dot(a4, x, w)
                a5 = dot(a5, x, w)
                a6 = dot(a6, x, w)
                a7 = dot(a7, x, w)
                w = w &+ 1
            }
            return (a0 &+ a1 &+ a2 &+ a3 &+ a4 &+ a5 &+ a6 &+ a7).wrappedSum()
        }

        // MARK: Requantization and gates

        @inline(__always)
        static func widened(_ v: SIMD8<Int32>) -> SIMD8<Int64> {
            var r = SIMD8<Int64>()
            r._storage._value = Builtin.sext_Vec8xInt32_Vec8xInt64(v._storage._value)
            return r
        }

        @inline(__always)
        static func narrowed(_ v: SIMD8<Int64>) -> SIMD8<Int32> {
            var r = SIMD8<Int32>()
            r._storage._value = Builtin.trunc_Vec8xInt64_Vec8xInt32(v._storage._value)
            return r
        }

        /// `acc[j] = clamp(((acc[j] + bias[j])·m[j] + 2^(s[j]-1)) >> s[j], ±2^24)`, 8 rows at a time
        /// in 64-bit lanes (vpmuldq, vpsravq), the rest one by one.
        @inline(__always)
        static func requantize(
            _ acc: UnsafeMutablePointer<Int32>, bias: UnsafePointer<Int32>, multipliers: UnsafePointer<Int32>,
            shifts: UnsafePointer<Int32>, count: Int
        ) {
            let low = SIMD8<Int64>(repeating: -16_777_216)
            let high = SIMD8<Int64>(repeating: 16_777_216)
            var j = 0
            while j &+ 8 <= count {
                let a =
                    UnsafeRawPointer(acc + j).loadUnaligned(as: SIMD8<Int32>.self)
                    &+ UnsafeRawPointer(bias + j).loadUnaligned(as: SIMD8<Int32>.self)
                let m = UnsafeRawPointer(multipliers + j).loadUnaligned(as: SIMD8<Int32>.self)
                let s = widened(UnsafeRawPointer(shifts + j).loadUnaligned(as: SIMD8<Int32>.self))
                var v = (widened(a) &* widened(m) &+ (SIMD8<Int64>(repeating: 1) &<< (s &- 1))) &>> s
                v = v.replacing(with: low, where: v .< low)
                v = v.replacing(with: high, where: v .> high)
                UnsafeMutableRawPointer(acc + j).storeBytes(of: narrowed(v), as: SIMD8<Int32>.self)
                j &+= 8
            }
            while j < count {
                let s = Int64(shifts[j])
                let v = (Int64(acc[j] &+ bias[j]) &* Int64(multipliers[j]) &+ ((1 as Int64) &<< (s &- 1))) &>> s
                acc[j] = Int32(truncatingIfNeeded: min(max(v, -16_777_216), 16_777_216))
                j &+= 1
            }
        }

        @inline(__always)
        static func saturatedS16(_ v: Lanes) -> Lanes {
            let low = Lanes(repeating: -32768)
            let high = Lanes(repeating: 32767)
            let x = v.replacing(with: low, where: v .< low)
            return x.replacing(with: high, where: x .> high)
        }

        /// The table rule in 16 lanes: one 32-bit load of (t[i], t[i+1]) per lane, interpolated.
        @inline(__always)
        static func lookup(_ table: UnsafePointer<Int16>, _ v: Lanes) -> Lanes {
            let u = saturatedS16(v) &+ 32768
            let index = u &>> 7
            let fraction = u & 127
            let entries = UnsafeRawPointer(table)
            var pair = Lanes()
            for k in 0..<16 { pair[k] = entries.loadUnaligned(fromByteOffset: Int(index[k]) &* 2, as: Int32.self) }
            let a = (pair &<< 16) &>> 16
            let b = pair &>> 16
            return a &+ (((b &- a) &* fraction &+ 64) &>> 7)
        }

        /// One unit's gates with the 64-bit r·hn, as in the recipe (the tail after the 16-lane chunks).
        @inline(__always)
        static func lookup(_ table: UnsafePointer<Int16>, _ v: Int32) -> Int32 {
            let u = min(max(v, -32768), 32767) &+ 32768
            let i = Int(u &>> 7)
            let f = u & 127
            let a = Int32(table[i])
            let b = Int32(table[i &+ 1])
            return a &+ (((b &- a) &* f &+ 64) &>> 7)
        }

        /// z, r, n and the update of all H units (r·hn split exactly in 32-bit lanes, see
        /// DeepMouseCore's GRUGatesS16.swift).
        @inline(__always)
        static func gates(
            _ h: UnsafeMutablePointer<Int16>, _ x: UnsafePointer<Int32>, _ recurrent: UnsafePointer<Int32>,
            _ sigmoid: UnsafePointer<Int16>, _ tanh: UnsafePointer<Int16>, count: Int
        ) {
            let xb = UnsafeRawPointer(x)
            let rb = UnsafeRawPointer(recurrent)
            let rOffset = 4 &* count
            let nOffset = 8 &* count
            var i = 0
            while i &+ 16 <= count {
                let at = 4 &* i
                let z = lookup(
                    sigmoid,
                    xb.loadUnaligned(fromByteOffset: at, as: Lanes.self)
                        &+ rb.loadUnaligned(fromByteOffset: at, as: Lanes.self))
                let r = lookup(
                    sigmoid,
                    xb.loadUnaligned(fromByteOffset: rOffset &+ at, as: Lanes.self)
                        &+ rb.loadUnaligned(fromByteOffset: rOffset &+ at, as: Lanes.self))
                let hn = rb.loadUnaligned(fromByteOffset: nOffset &+ at, as: Lanes.self)
                let gated = r &* (hn &>> 15) &+ ((r &* (hn & 0x7fff) &+ 0x4000) &>> 15)
                let n = lookup(tanh, xb.loadUnaligned(fromByteOffset: nOffset &+ at, as: Lanes.self) &+ gated)
                var old = Lanes()
                for k in 0..<16 { old[k] = Int32(h[i &+ k]) }
                let updated = saturatedS16(n &+ ((z &* (old &- n) &+ 0x4000) &>> 15))
                for k in 0..<16 { h[i &+ k] = Int16(truncatingIfNeeded: updated[k]) }
                i &+= 16
            }
            while i < count {
                let z = lookup(sigmoid, x[i] &+ recurrent[i])
                let r = lookup(sigmoid, x[count &+ i] &+ recurrent[count &+ i])
                let gated = Int32(truncatingIfNeeded: (Int64(r) &* Int64(recurrent[2 &* count &+ i]) &+ 16384) &>> 15)
                let n = lookup(tanh, x[2 &* count &+ i] &+ gated)
                let updated = n &+ ((z &* (Int32(h[i]) &- n) &+ 0x4000) &>> 15)
                h[i] = Int16(truncatingIfNeeded: min(max(updated, -32768), 32767))
                i &+= 1
            }
        }
    }
#endif
