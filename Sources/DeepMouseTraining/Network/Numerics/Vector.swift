/// Eight-lane vector helpers for the element-wise parts of the layers (gates, pooling, Adam). Loads and stores
/// take a lane count so loops need no scalar tail: `n < 8` touches only the first n lanes. Loops over them are
/// written out as `while j < n { let w = min(8, n - j) ... }`: closures passed to a helper were not reliably
/// inlined, which costs more than the arithmetic.

@inline(__always)
func load<S: NetworkScalar>(_ p: UnsafePointer<S>, _ n: Int = 8) -> SIMD8<S> {
    if n >= 8 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<S>.self) }
    var v = SIMD8<S>()
    for i in 0..<n { v[i] = p[i] }
    return v
}

@inline(__always)
func load<S: NetworkScalar>(_ p: UnsafeMutablePointer<S>, _ n: Int = 8) -> SIMD8<S> { load(UnsafePointer(p), n) }

@inline(__always)
func store<S: NetworkScalar>(_ v: SIMD8<S>, _ p: UnsafeMutablePointer<S>, _ n: Int = 8) {
    if n >= 8 {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<S>.self)
        return
    }
    for i in 0..<n { p[i] = v[i] }
}

/// Float's vector exp, sigmoid and tanh: the Cephes `expf` polynomial (range reduction by ln 2, degree-6
/// polynomial, scaling by 2^n through the exponent bits), about 2 ulp; branch-free, eight lanes at a time.
/// Keras (Eigen) also uses polynomial approximations; the Float-vs-Double test bounds the effect on p_left.
enum FastFloatMath {
    @inline(__always)
    static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // Written with plain SIMD arithmetic, comparisons and bit casts only: on baseline x86-64 (no SSE4.1)
        // `rounded(_:)` and float-to-int conversions of SIMD types fall back to a libm call per lane.
        var x = x.replacing(with: SIMD8(repeating: -87), where: x .< -87)
        x = x.replacing(with: SIMD8(repeating: 88), where: x .> 88)
        // n = round(x / ln 2) by the 1.5 * 2^23 trick: the sum's low mantissa bits hold n.
        let shifted = x * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        var r = x - n * 0.693_359_375
        r = r + n * 2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        p = p * (r * r) + r + 1
        let bits = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23  // 2^n
        return p * unsafeBitCast(bits, to: SIMD8<Float>.self)
    }

    @inline(__always)
    static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> { 1 / (1 + exp(-x)) }

    /// tanh(x) = sign(x) (1 - 2 / (e^{2|x|} + 1)); absolute error ~1e-7 near 0, where relative error is larger.
    @inline(__always)
    static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let a = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
        let t = 1 - 2 / (exp(a + a) + 1)
        return t.replacing(with: -t, where: x .< 0)
    }
}
