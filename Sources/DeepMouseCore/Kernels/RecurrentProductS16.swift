// The GRU's recurrent product `h·Wh` for all 3H gate rows: the decision's hot loop (T·3H·H MACs).
// The weights stay int8 in every layout (half the bytes streamed per step of the old int16
// copy) and are widened in registers; integer sums are exact (no overflow by construction), so
// every layout and path gives the same bits.
//
// Portable path (`.rowsS8`): rows (3H, H) int8, four rows per pass over h so each load of h
// feeds four products; LLVM turns the loop into sshll + smlal/smlal2 on arm64 (NEON) and
// (v)pmaddwd on x86 (check: `objdump -d | grep -E 'smlal|pmaddwd'`).
// x86 AVX-512 path (opt-in: build with `-enable-builtin-module -DDEEPMOUSE_AVX512` and a CPU
// with AVX-512BW, e.g. `-target-cpu native`; see tools/bench/engine-bench.sh): int16 weights laid
// out in pairs (H/2, 3H, 2) so that one broadcast of (h[2p], h[2p+1]) against 16 rows is one
// `vpmaddwd` (or `vpdpwssd` with VNNI) into 16 int32 accumulators: no horizontal reductions.
#if DEEPMOUSE_AVX512 && arch(x86_64)
import Builtin
#endif

/// How the recurrent weights are laid out (in the arena, or in place in the model bytes).
public enum RecurrentLayout: Sendable {
    /// (3H, H) int8: one contiguous row per gate row (`.fast` memory, portable kernels).
    case rowsS8
    /// (H, 3H) int8: the model file's own layout, used in place (`.compact` memory).
    case unitsS8
    /// (H/2, 3H, 2) int16: for each pair of hidden units, the two weights of every gate row
    /// (`.fast` memory in the opt-in AVX-512 build).
    case pairsS16

    /// The `.fast` layout this build uses for a GRU of `hidden` units.
    public static func preferred(hidden: Int) -> RecurrentLayout {
        #if DEEPMOUSE_AVX512 && arch(x86_64)
        return hidden % 2 == 0 && (3 &* hidden) % 16 == 0 ? .pairsS16 : .rowsS8
        #else
        return .rowsS8
        #endif
    }

    /// Bytes of the weights of a GRU of `hidden` units in this layout.
    public func byteCount(hidden: Int) -> Int {
        self == .pairsS16 ? 3 &* hidden &* hidden &* 2 : 3 &* hidden &* hidden
    }

    /// Element index of weight (hidden unit i, gate row j) in the layout.
    @inline(__always)
    public func index(unit i: Int, row j: Int, hidden: Int) -> Int {
        switch self {
        case .rowsS8: return j &* hidden &+ i
        case .unitsS8: return i &* 3 &* hidden &+ j
        case .pairsS16: return ((i / 2) &* 3 &* hidden &+ j) &* 2 &+ (i & 1)
        }
    }
}

/// `out[j] = Σ_i h[i]·W[i][j]` for the 3H rows (int32, exact).
///
/// - out: (3H) int32
/// - hidden: (H) int16 Q0.15
/// - weights: `layout.byteCount(hidden:)` bytes in `layout`
@inline(__always)
public func recurrentProductS16(_ out: UnsafeMutablePointer<Int32>, hidden h: UnsafePointer<Int16>,
                                weights: UnsafeRawPointer, layout: RecurrentLayout, count: Int) {
    let rows = 3 &* count
    switch layout {
    case .rowsS8:
        rowsProductS8(out, h, weights.assumingMemoryBound(to: Int8.self), count: count, rows: rows)
    case .unitsS8:
        matrixVectorS16S8(output: out, input: h, weights: weights.assumingMemoryBound(to: Int8.self),
                          inputCount: count, outputCount: rows)
    case .pairsS16:
        #if DEEPMOUSE_AVX512 && arch(x86_64)
        pairedProductAVX512(out, h, weights.assumingMemoryBound(to: Int16.self), count: count, rows: rows)
        #else
        // Never prepared in this build (`preferred(hidden:)`); the straightforward sum.
        let w = weights.assumingMemoryBound(to: Int16.self)
        for j in 0..<rows {
            var sum: Int32 = 0
            for i in 0..<count { sum &+= Int32(h[i]) &* Int32(w[layout.index(unit: i, row: j, hidden: count)]) }
            out[j] = sum
        }
        #endif
    }
}

/// Rows (3H, H) int8: four dot products per pass over h, then the remaining rows one by one.
@inline(__always)
func rowsProductS8(_ out: UnsafeMutablePointer<Int32>, _ h: UnsafePointer<Int16>, _ w: UnsafePointer<Int8>,
                   count: Int, rows: Int) {
    var j = 0
    while j &+ 4 <= rows {
        let r0 = w + j &* count, r1 = r0 + count, r2 = r1 + count, r3 = r2 + count
        var s0: Int32 = 0, s1: Int32 = 0, s2: Int32 = 0, s3: Int32 = 0
        for i in 0..<count {
            let v = Int32(h[i])
            s0 &+= v &* Int32(r0[i]); s1 &+= v &* Int32(r1[i])
            s2 &+= v &* Int32(r2[i]); s3 &+= v &* Int32(r3[i])
        }
        out[j] = s0; out[j &+ 1] = s1; out[j &+ 2] = s2; out[j &+ 3] = s3
        j &+= 4
    }
    while j < rows {
        let r = w + j &* count
        var s: Int32 = 0
        for i in 0..<count { s &+= Int32(h[i]) &* Int32(r[i]) }
        out[j] = s
        j &+= 1
    }
}

#if DEEPMOUSE_AVX512 && arch(x86_64)
@inline(__always)
func maddAVX512(_ a: SIMD32<Int16>, _ b: SIMD32<Int16>) -> SIMD16<Int32> {
    var v = SIMD16<Int32>()
    v._storage._value = Builtin.int_x86_avx512_pmaddw_d_512(a._storage._value, b._storage._value)
    return v
}

@inline(__always)
func pairedProductAVX512(_ out: UnsafeMutablePointer<Int32>, _ h: UnsafePointer<Int16>,
                         _ w: UnsafePointer<Int16>, count: Int, rows: Int) {
    let pairs = count / 2
    let hp = UnsafeRawPointer(h)
    let stride = rows &* 4  // bytes per pair: rows x 2 int16
    var j = 0
    while j &+ 64 <= rows {
        var a0 = SIMD16<Int32>(), a1 = SIMD16<Int32>(), a2 = SIMD16<Int32>(), a3 = SIMD16<Int32>()
        var base = UnsafeRawPointer(w + j &* 2)
        for p in 0..<pairs {
            let b = unsafeBitCast(SIMD16<Int32>(repeating: hp.loadUnaligned(fromByteOffset: p &* 4, as: Int32.self)),
                                  to: SIMD32<Int16>.self)
            a0 &+= maddAVX512(base.loadUnaligned(as: SIMD32<Int16>.self), b)
            a1 &+= maddAVX512(base.loadUnaligned(fromByteOffset: 64, as: SIMD32<Int16>.self), b)
            a2 &+= maddAVX512(base.loadUnaligned(fromByteOffset: 128, as: SIMD32<Int16>.self), b)
            a3 &+= maddAVX512(base.loadUnaligned(fromByteOffset: 192, as: SIMD32<Int16>.self), b)
            base += stride
        }
        let o = UnsafeMutableRawPointer(out + j)
        o.storeBytes(of: a0, as: SIMD16<Int32>.self)
        o.storeBytes(of: a1, toByteOffset: 64, as: SIMD16<Int32>.self)
        o.storeBytes(of: a2, toByteOffset: 128, as: SIMD16<Int32>.self)
        o.storeBytes(of: a3, toByteOffset: 192, as: SIMD16<Int32>.self)
        j &+= 64
    }
    while j < rows {
        var a0 = SIMD16<Int32>()
        var base = UnsafeRawPointer(w + j &* 2)
        for p in 0..<pairs {
            let b = unsafeBitCast(SIMD16<Int32>(repeating: hp.loadUnaligned(fromByteOffset: p &* 4, as: Int32.self)),
                                  to: SIMD32<Int16>.self)
            a0 &+= maddAVX512(base.loadUnaligned(as: SIMD32<Int16>.self), b)
            base += stride
        }
        UnsafeMutableRawPointer(out + j).storeBytes(of: a0, as: SIMD16<Int32>.self)
        j &+= 16
    }
}
#endif
