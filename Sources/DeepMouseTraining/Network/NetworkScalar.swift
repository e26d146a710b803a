import CBLAS
import Foundation

/// The floating-point type the network computes in.
///
/// Every layer is generic over it so training runs in `Float` while the gradient checks run the very same code in
/// `Double` (where central finite differences are accurate to ~1e-10). The matrix product is the only place a
/// layer touches BLAS: `sgemm` for `Float`, `dgemm` for `Double`, behind ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
public protocol NetworkScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable, LosslessStringConvertible {
    /// Row-major `C (m, n) = alpha * op(A) (m, k) · op(B) (k, n) + beta * C`, as `cblas_?gemm`.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    static func exp(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    /// Eight sigmoids / tanhs at once: a polynomial approximation for Float (speed), libm for Double (the
    /// gradient checks' reference accuracy).
    static func sigmoid(_ x: SIMD8<Self>) -> SIMD8<Self>
    static func tanh(_ x: SIMD8<Self>) -> SIMD8<Self>
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
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if m == 0 || n == 0 { return }
        cblas_sgemm(CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
                    beta, c, blasint(ldc))
    }
    @inline(__always) public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inline(__always) public static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
    @inline(__always) public static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> { FastFloatMath.sigmoid(x) }
    @inline(__always) public static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> { FastFloatMath.tanh(x) }
}

extension Double: NetworkScalar {
    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        if m == 0 || n == 0 { return }
        cblas_dgemm(CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
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
}

/// OpenBLAS's own thread pool. The trainer parallelises across the batch itself, so it pins BLAS to one thread
/// (two layers of threads on two cores only fight each other).
enum BLASThreads {
    static var count: Int { Int(openblas_get_num_threads()) }
    static func set(_ count: Int) { openblas_set_num_threads(Int32(count)) }
}
