import CBLAS
import Foundation

/// The floating-point type the network computes in.
///
/// Every layer is generic over it so training runs in `Float` while the gradient checks run the very same code in
/// `Double` (where central finite differences are accurate to ~1e-10). The matrix product is the only place a
/// layer touches BLAS: `sgemm` for `Float`, `dgemm` for `Double`, behind ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
public protocol NetworkScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable, LosslessStringConvertible {
    /// Row-major `C (m, n) = alpha * op(A) (m, k) · op(B) (k, n) + beta * C`, as `cblas_?gemm`.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
        a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    static func exp(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    /// Eight sigmoids / tanhs at once: a polynomial approximation for Float (speed), libm for Double (the
    /// gradient checks' reference accuracy).
    static func sigmoid(_ x: SIMD8<Self>) -> SIMD8<Self>
    static func tanh(_ x: SIMD8<Self>) -> SIMD8<Self>

    // Lane-wise selections. They are requirements, implemented on the concrete types, because the standard
    // library's generic SIMD comparisons build their masks one lane at a time even after specialisation.
    /// max(v, 0)
    static func relu(_ v: SIMD8<Self>) -> SIMD8<Self>
    /// d where `out > 0`, else 0 (the ReLU's backward).
    static func passWherePositive(_ d: SIMD8<Self>, _ out: SIMD8<Self>) -> SIMD8<Self>
    /// a where a >= b, else b (the larger; the first on ties).
    static func larger(_ a: SIMD8<Self>, _ b: SIMD8<Self>) -> SIMD8<Self>
    /// (g where a >= b else 0, g where a < b else 0): a gradient routed to the larger of two inputs.
    static func routeToLarger(_ g: SIMD8<Self>, _ a: SIMD8<Self>, _ b: SIMD8<Self>) -> (SIMD8<Self>, SIMD8<Self>)
}

extension NetworkScalar {
    /// The logistic function `1 / (1 + e^-x)`, without overflow for large |x|.
    @inline(__always)
    static func sigmoid(_ x: Self) -> Self {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }
}

@inline(__always)
private func cblasTranspose(_ transpose: Bool) -> CBLAS_TRANSPOSE {
    transpose ? CblasTrans : CblasNoTrans
}

extension Float: NetworkScalar {
    @inline(__always)
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        cblas_sgemm(
            CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc))
    }
    @inline(__always) public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inline(__always) public static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
    @inline(__always) public static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> { FastFloatMath.sigmoid(x) }
    @inline(__always) public static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> { FastFloatMath.tanh(x) }
    @inline(__always) public static func relu(_ v: SIMD8<Float>) -> SIMD8<Float> { v.replacing(with: 0, where: v .< 0) }
    @inline(__always) public static func passWherePositive(_ d: SIMD8<Float>, _ out: SIMD8<Float>) -> SIMD8<Float> {
        d.replacing(with: 0, where: out .<= 0)
    }
    @inline(__always) public static func larger(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        a.replacing(with: b, where: a .< b)
    }
    @inline(__always)
    public static func routeToLarger(_ g: SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) -> (
        SIMD8<Float>, SIMD8<Float>
    ) {
        let second = a .< b
        return (g.replacing(with: 0, where: second), g.replacing(with: 0, where: .!second))
    }
}

extension Double: NetworkScalar {
    @inline(__always)
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        cblas_dgemm(
            CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc))
    }
    @inline(__always) public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inline(__always) public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
    @inline(__always) public static func sigmoid(_ x: SIMD8<Double>) -> SIMD8<Double> {
        var y = x
        for i in 0..<8 { y[i] = sigmoid(x[i]) }
        return y
    }
    @inline(__always) public static func tanh(_ x: SIMD8<Double>) -> SIMD8<Double> {
        var y = x
        for i in 0..<8 { y[i] = Foundation.tanh(x[i]) }
        return y
    }
    @inline(__always) public static func relu(_ v: SIMD8<Double>) -> SIMD8<Double> {
        v.replacing(with: 0, where: v .< 0)
    }
    @inline(__always) public static func passWherePositive(_ d: SIMD8<Double>, _ out: SIMD8<Double>) -> SIMD8<Double> {
        d.replacing(with: 0, where: out .<= 0)
    }
    @inline(__always) public static func larger(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> SIMD8<Double> {
        a.replacing(with: b, where: a .< b)
    }
    @inline(__always)
    public static func routeToLarger(_ g: SIMD8<Double>, _ a: SIMD8<Double>, _ b: SIMD8<Double>) -> (
        SIMD8<Double>, SIMD8<Double>
    ) {
        let second = a .< b
        return (g.replacing(with: 0, where: second), g.replacing(with: 0, where: .!second))
    }
}

/// OpenBLAS's own thread pool. The trainer parallelises across the batch itself, so it pins BLAS to one thread
/// (two layers of threads on two cores only fight each other).
enum BLASThreads {
    static var count: Int { Int(openblas_get_num_threads()) }
    static func set(_ count: Int) { openblas_set_num_threads(Int32(count)) }
}

/// What the linked BLAS is, for benchmark reports: OpenBLAS picks its kernels for the CPU when it loads (0.3.21
/// treats AMD Zen 4 as "Haswell", AVX2; `OPENBLAS_CORETYPE=SkylakeX` selects its AVX-512 kernels there).
public enum BLASInfo {
    /// e.g. "Haswell" or "SkylakeX".
    public static var coreName: String { String(cString: openblas_get_corename()) }
    /// OpenBLAS's build configuration string.
    public static var configuration: String { String(cString: openblas_get_config()) }
}
