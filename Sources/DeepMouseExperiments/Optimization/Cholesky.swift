import Foundation

/// The Cholesky factor `L` of a symmetric positive-definite matrix (`A = L Lᵀ`), in Double, with
/// the solves a Gaussian process needs. Matrices are flat row-major buffers.  // (n, n)
///
/// When `A` is not numerically positive definite the factorisation retries with growing diagonal
/// jitter (1e-10 .. 1e-2 times the mean diagonal) and records how much it added.
public struct Cholesky: Sendable {
    public let n: Int
    /// Lower triangle, row-major; the upper triangle is zero.  // (n, n)
    public private(set) var lower: [Double]
    /// Diagonal jitter that had to be added for the factorisation to succeed (0 normally).
    public private(set) var jitter: Double

    /// Factorises `matrix` (n, n). Returns nil only if even the largest jitter fails (NaN input).
    public init?(_ matrix: [Double], n: Int) {
        precondition(matrix.count == n * n)
        self.n = n
        lower = [Double](repeating: 0, count: n * n)
        jitter = 0
        var meanDiagonal = 0.0
        for i in 0..<n { meanDiagonal += matrix[i * n + i] }
        meanDiagonal = n == 0 ? 1 : max(meanDiagonal / Double(n), 1e-300)
        var extra = 0.0
        for attempt in 0..<10 {
            if Self.factor(matrix, n: n, jitter: extra, into: &lower) {
                jitter = extra
                return
            }
            extra = meanDiagonal * 1e-10 * pow10(attempt)
        }
        return nil
    }

    private func pow10(_ k: Int) -> Double {
        var x = 1.0
        for _ in 0..<k { x *= 10 }
        return x
    }

    private static func factor(_ a: [Double], n: Int, jitter: Double, into l: inout [Double]) -> Bool {
        a.withUnsafeBufferPointer { a in
            l.withUnsafeMutableBufferPointer { l in
                for j in 0..<n {
                    var d = a[j * n + j] + jitter
                    for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
                    guard d > 0, d.isFinite else { return false }
                    let ljj = d.squareRoot()
                    l[j * n + j] = ljj
                    for i in (j + 1)..<max(j + 1, n) {
                        var s = a[i * n + j]
                        for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                        l[i * n + j] = s / ljj
                    }
                }
                return true
            }
        }
    }

    /// Solves `L x = b`.
    public func solveLower(_ b: [Double]) -> [Double] {
        precondition(b.count == n)
        var x = b
        lower.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { x in
                for i in 0..<n {
                    var s = x[i]
                    for k in 0..<i { s -= l[i * n + k] * x[k] }
                    x[i] = s / l[i * n + i]
                }
            }
        }
        return x
    }

    /// Solves `Lᵀ x = b`.
    public func solveUpper(_ b: [Double]) -> [Double] {
        precondition(b.count == n)
        var x = b
        lower.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { x in
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var s = x[i]
                    for k in (i + 1)..<max(i + 1, n) { s -= l[k * n + i] * x[k] }
                    x[i] = s / l[i * n + i]
                }
            }
        }
        return x
    }

    /// Solves `A x = b`.
    public func solve(_ b: [Double]) -> [Double] { solveUpper(solveLower(b)) }

    /// `log det A = 2 Σ log L_ii`.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<n { s += log(lower[i * n + i]) }
        return 2 * s
    }

    /// `A⁻¹` (n, n), from the inverse of `L`: `A⁻¹ = L⁻ᵀ L⁻¹`.
    public func inverse() -> [Double] {
        // Linv: lower triangular inverse of L, column by column.
        var linv = [Double](repeating: 0, count: n * n)
        lower.withUnsafeBufferPointer { l in
            linv.withUnsafeMutableBufferPointer { v in
                for j in 0..<n {
                    v[j * n + j] = 1 / l[j * n + j]
                    for i in (j + 1)..<max(j + 1, n) {
                        var s = 0.0
                        for k in j..<i { s -= l[i * n + k] * v[k * n + j] }
                        v[i * n + j] = s / l[i * n + i]
                    }
                }
            }
        }
        var result = [Double](repeating: 0, count: n * n)
        linv.withUnsafeBufferPointer { v in
            result.withUnsafeMutableBufferPointer { r in
                for i in 0..<n {
                    for j in 0...i {
                        var s = 0.0
                        for k in i..<n { s += v[k * n + i] * v[k * n + j] }
                        r[i * n + j] = s
                        r[j * n + i] = s
                    }
                }
            }
        }
        return result
    }
}
