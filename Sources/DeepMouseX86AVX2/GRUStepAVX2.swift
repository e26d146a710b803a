// The rest of the GRU step for the AVX2 kernel (requantization into the gate format and the gates), the same
// code as DeepMouseX86AVX512's compiled for x86-64-v3: Swift compiles a module for one instruction set, so each
// x86 module keeps its own copy (the recipe is DeepMouseCore's GRUS16.swift and GRUGatesS16.swift, and
// GRUKernelTests checks every copy against it bit for bit).
#if arch(x86_64)
    import Builtin

    /// The AVX2 GRU step: `PairsProductAVX2.product`, then the requantization and the gates in 16 lanes.
    public enum GRUStepAVX2 {
        typealias Lanes = SIMD16<Int32>

        /// One GRU step in place on `hidden` (the recipe of DeepMouseCore's `gruStepS16`).
        ///
        /// - hidden: (H) int16 Q0.15, updated in place
        /// - input: (3H) int32 Q.12 input projections (z, r, n)
        /// - weights: (3H) x (H) in `PairsLayoutS8`
        /// - bias, multipliers, shifts: (3H) int32, the recurrent requantization
        /// - sigmoid, tanh: 513-entry tables
        /// - scratch: (3H) int32
        /// - hiddenIsZero: h is all zeros (the first step): the product is not computed
        @inline(never)
        public static func step(
            hidden h: UnsafeMutablePointer<Int16>, input x: UnsafePointer<Int32>, weights: UnsafeRawPointer,
            bias: UnsafePointer<Int32>, multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>,
            sigmoid: UnsafePointer<Int16>, tanh: UnsafePointer<Int16>, count: Int,
            scratch: UnsafeMutablePointer<Int32>, hiddenIsZero: Bool
        ) {
            let rows = 3 &* count
            if hiddenIsZero {
                scratch.update(repeating: 0, count: rows)
            } else {
                PairsProductAVX2.product(scratch, input: UnsafePointer(h), weights: weights, count: count, rows: rows)
            }
            requantize(scratch, bias: bias, multipliers: multipliers, shifts: shifts, count: rows)
            gates(h, x, UnsafePointer(scratch), sigmoid, tanh, count: count)
        }

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

        /// `requantize` for DeepMouseCore's `requantizeRowsToGateS32` (the GRU input projection's rows).
        @inline(never)
        public static func requantizeRowsToGate(
            _ acc: UnsafeMutablePointer<Int32>, bias: UnsafePointer<Int32>, multipliers: UnsafePointer<Int32>,
            shifts: UnsafePointer<Int32>, count: Int
        ) {
            requantize(acc, bias: bias, multipliers: multipliers, shifts: shifts, count: count)
        }

        /// A conv position's outputs: `out[o] = clamp(((acc[o] + bias[o])·m[o] + 2^(s[o]-1)) >> s[o], 0, 32767)`
        /// (requantization and ReLU of DeepMouseCore's `conv1dS16`), 8 channels at a time, the rest one by one.
        @inline(never)
        public static func requantizeReLUS16(
            _ out: UnsafeMutablePointer<Int16>, acc: UnsafePointer<Int32>, bias: UnsafePointer<Int32>,
            multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>, count: Int
        ) {
            let low = SIMD8<Int64>(repeating: 0)
            let high = SIMD8<Int64>(repeating: 32767)
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
                let n = narrowed(v)
                for k in 0..<8 { out[j &+ k] = Int16(truncatingIfNeeded: n[k]) }
                j &+= 8
            }
            while j < count {
                let s = Int64(shifts[j])
                let v = (Int64(acc[j] &+ bias[j]) &* Int64(multipliers[j]) &+ ((1 as Int64) &<< (s &- 1))) &>> s
                out[j] = Int16(truncatingIfNeeded: min(max(v, 0), 32767))
                j &+= 1
            }
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
