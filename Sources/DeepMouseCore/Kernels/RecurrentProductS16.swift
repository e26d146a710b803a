// The GRU's recurrent product `h·Wh` for all 3H gate rows: the decision's hot loop (T·3H·H MACs).
//
// Portable path: one `dotS16` per row over rows laid out (3H, H); LLVM vectorizes it to
// (v)pmaddwd but must reduce each row horizontally.
// x86 AVX-512 path (opt-in: build with `-enable-builtin-module -DDEEPMOUSE_AVX512` and a CPU
// with AVX-512BW, e.g. `-target-cpu native`; see tools/bench/engine-bench.sh): weights laid out
// in pairs (H/2, 3H, 2) so that one broadcast of (h[2p], h[2p+1]) against 16 rows is one
// `vpmaddwd` (or `vpdpwssd` with VNNI) into 16 int32 accumulators: no horizontal reductions.
// Integer sums are exact (no overflow by construction), so both paths give the same bits.
#if DEEPMOUSE_AVX512 && arch(x86_64)
import Builtin
#endif

/// How the recurrent weights are laid out in the arena.
public enum RecurrentLayout: Sendable {
    /// (3H, H): one contiguous row per gate row.
    case rows
    /// (H/2, 3H, 2): for each pair of hidden units, the two weights of every gate row.
    case pairs

    /// The layout this build uses for a GRU of `hidden` units.
    public static func preferred(hidden: Int) -> RecurrentLayout {
        #if DEEPMOUSE_AVX512 && arch(x86_64)
        return hidden % 2 == 0 && (3 &* hidden) % 16 == 0 ? .pairs : .rows
        #else
        return .rows
        #endif
    }

    /// Index of weight (hidden unit i, gate row j) in the layout.
    @inline(__always)
    public func index(unit i: Int, row j: Int, hidden: Int) -> Int {
        switch self {
        case .rows: return j &* hidden &+ i
        case .pairs: return ((i / 2) &* 3 &* hidden &+ j) &* 2 &+ (i & 1)
        }
    }
}

/// `out[j] = Σ_i h[i]·W[i][j]` for the 3H rows (int32, exact).
@inline(__always)
func recurrentProductS16(_ out: UnsafeMutablePointer<Int32>, hidden h: UnsafePointer<Int16>,
                         weights: UnsafePointer<Int16>, layout: RecurrentLayout, count: Int) {
    let rows = 3 &* count
    #if DEEPMOUSE_AVX512 && arch(x86_64)
    if layout == .pairs {
        pairedProductAVX512(out, h, weights, count: count, rows: rows)
        return
    }
    #endif
    for j in 0..<rows {
        out[j] = dotS16(h, weights + j &* count, count: count)
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
