import Foundation

/// Squared Euclidean distances between all pairs of rows: computed once for a set of windows
/// and reused for every `gamma` and every cross-validation fold of the RBF SVM.  // (n, n)
public struct SquaredDistances: Sendable {
    public let count: Int
    public let values: [Double]

    /// Rows of `dimension` Floats back to back.  // rows (n, dimension)
    public init(rows: [Float], dimension: Int) {
        let n = rows.count / dimension
        count = n
        let norms = Self.norms(rows, dimension: dimension)
        var d = [Double](repeating: 0, count: n * n)
        rows.withUnsafeBufferPointer { x in
            d.withUnsafeMutableBufferPointer { d in
                for i in 0..<n {
                    for j in 0..<i {
                        let v = max(
                            0,
                            norms[i] + norms[j] - 2
                                * Self.dot(x.baseAddress! + i * dimension, x.baseAddress! + j * dimension, dimension))
                        d[i * n + j] = v
                        d[j * n + i] = v
                    }
                }
            }
        }
        values = d
    }

    /// Distances from each of `rows` to each of `reference` (a, b).  // (a, b)
    public static func between(_ rows: [Float], _ reference: [Float], dimension: Int) -> [Double] {
        let a = rows.count / dimension
        let b = reference.count / dimension
        let na = norms(rows, dimension: dimension)
        let nb = norms(reference, dimension: dimension)
        var d = [Double](repeating: 0, count: a * b)
        rows.withUnsafeBufferPointer { x in
            reference.withUnsafeBufferPointer { r in
                for i in 0..<a {
                    for j in 0..<b {
                        d[i * b + j] = max(
                            0,
                            na[i] + nb[j] - 2
                                * dot(x.baseAddress! + i * dimension, r.baseAddress! + j * dimension, dimension))
                    }
                }
            }
        }
        return d
    }

    static func norms(_ rows: [Float], dimension: Int) -> [Double] {
        rows.withUnsafeBufferPointer { x in
            (0..<(rows.count / dimension)).map {
                dot(x.baseAddress! + $0 * dimension, x.baseAddress! + $0 * dimension, dimension)
            }
        }
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Double {
        var s0: Float = 0
        var s1: Float = 0
        var s2: Float = 0
        var s3: Float = 0
        var k = 0
        while k + 4 <= n {
            s0 += a[k] * b[k]
            s1 += a[k + 1] * b[k + 1]
            s2 += a[k + 2] * b[k + 2]
            s3 += a[k + 3] * b[k + 3]
            k += 4
        }
        var s = Double(s0) + Double(s1) + Double(s2) + Double(s3)
        while k < n {
            s += Double(a[k] * b[k])
            k += 1
        }
        return s
    }
}

/// A C-support-vector classifier with the RBF kernel `exp(−γ ‖a − b‖²)`, trained by SMO with
/// LIBSVM's second-order working-set selection (Fan, Chen & Lin 2005): the original study's
/// baseline on raw normalised windows. `decision(x) = Σ αᵢ yᵢ K(xᵢ, x) − ρ`, y = +1 for left.
public struct SupportVectorMachine: Sendable {
    public var c: Double
    public var gamma: Double
    /// Indices (into the training rows) of the support vectors and their `αᵢ yᵢ`.
    public var supportIndices: [Int]
    public var coefficients: [Double]
    public var rho: Double
    public var iterations: Int

    /// Trains on the rows `subset` of a precomputed distance matrix; labels are 1 (left) / 0 (right).
    public init(
        distances: SquaredDistances, subset: [Int], labels: [Double], c: Double, gamma: Double,
        tolerance: Double = 1e-3, maxIterations: Int = 1_000_000
    ) {
        precondition(subset.count == labels.count && c > 0 && gamma > 0)
        let n = subset.count
        let stride = distances.count
        self.c = c
        self.gamma = gamma
        let y = labels.map { $0 >= 0.5 ? 1.0 : -1.0 }
        // Kernel of the subset.  // (n, n)
        var k = [Double](repeating: 0, count: n * n)
        distances.values.withUnsafeBufferPointer { d in
            for a in 0..<n { for b in 0..<n { k[a * n + b] = exp(-gamma * d[subset[a] * stride + subset[b]]) } }
        }
        var alpha = [Double](repeating: 0, count: n)
        var g = [Double](repeating: -1, count: n)  // gradient of ½αᵀQα − eᵀα
        let tau = 1e-12
        var iteration = 0
        k.withUnsafeBufferPointer { k in
            while iteration < maxIterations {
                // Working set: i maximises −yG over I_up, j minimises the second-order gain over I_low.
                var gmax = -Double.infinity
                var i = -1
                for t in 0..<n {
                    if y[t] > 0 {
                        if alpha[t] < c, -g[t] >= gmax {
                            gmax = -g[t]
                            i = t
                        }
                    } else if alpha[t] > 0, g[t] >= gmax {
                        gmax = g[t]
                        i = t
                    }
                }
                guard i >= 0 else { break }
                var gmax2 = -Double.infinity
                var j = -1
                var best = Double.infinity
                for t in 0..<n {
                    let qit = y[i] * y[t] * k[i * n + t]
                    if y[t] > 0 {
                        guard alpha[t] > 0 else { continue }
                        let diff = gmax + g[t]
                        gmax2 = max(gmax2, g[t])
                        if diff > 0 {
                            let quad = k[i * n + i] + k[t * n + t] - 2 * y[i] * qit
                            let gain = -(diff * diff) / (quad > 0 ? quad : tau)
                            if gain <= best {
                                best = gain
                                j = t
                            }
                        }
                    } else {
                        guard alpha[t] < c else { continue }
                        let diff = gmax - g[t]
                        gmax2 = max(gmax2, -g[t])
                        if diff > 0 {
                            let quad = k[i * n + i] + k[t * n + t] + 2 * y[i] * qit
                            let gain = -(diff * diff) / (quad > 0 ? quad : tau)
                            if gain <= best {
                                best = gain
                                j = t
                            }
                        }
                    }
                }
                if gmax + gmax2 < tolerance || j < 0 { break }
                iteration += 1
                let (oldI, oldJ) = (alpha[i], alpha[j])
                let qij = y[i] * y[j] * k[i * n + j]
                if y[i] != y[j] {
                    var quad = k[i * n + i] + k[j * n + j] + 2 * qij
                    if quad <= 0 { quad = tau }
                    let delta = (-g[i] - g[j]) / quad
                    let diff = alpha[i] - alpha[j]
                    alpha[i] += delta
                    alpha[j] += delta
                    if diff > 0 {
                        if alpha[j] < 0 {
                            alpha[j] = 0
                            alpha[i] = diff
                        }
                    } else if alpha[i] < 0 {
                        alpha[i] = 0
                        alpha[j] = -diff
                    }
                    if diff > 0 {
                        if alpha[i] > c {
                            alpha[i] = c
                            alpha[j] = c - diff
                        }
                    } else if alpha[j] > c {
                        alpha[j] = c
                        alpha[i] = c + diff
                    }
                } else {
                    var quad = k[i * n + i] + k[j * n + j] - 2 * qij
                    if quad <= 0 { quad = tau }
                    let delta = (g[i] - g[j]) / quad
                    let sum = alpha[i] + alpha[j]
                    alpha[i] -= delta
                    alpha[j] += delta
                    if sum > c {
                        if alpha[i] > c {
                            alpha[i] = c
                            alpha[j] = sum - c
                        }
                    } else if alpha[j] < 0 {
                        alpha[j] = 0
                        alpha[i] = sum
                    }
                    if sum > c {
                        if alpha[j] > c {
                            alpha[j] = c
                            alpha[i] = sum - c
                        }
                    } else if alpha[i] < 0 {
                        alpha[i] = 0
                        alpha[j] = sum
                    }
                }
                let (dI, dJ) = (alpha[i] - oldI, alpha[j] - oldJ)
                for t in 0..<n {
                    g[t] += y[t] * (y[i] * k[i * n + t] * dI + y[j] * k[j * n + t] * dJ)
                }
            }
        }
        iterations = iteration
        // ρ: mean of yG over free vectors, else the middle of the feasible interval.
        var upper = Double.infinity
        var lower = -Double.infinity
        var freeSum = 0.0
        var free = 0
        for t in 0..<n {
            let yg = y[t] * g[t]
            if alpha[t] >= c {
                if y[t] < 0 { upper = min(upper, yg) } else { lower = max(lower, yg) }
            } else if alpha[t] <= 0 {
                if y[t] > 0 { upper = min(upper, yg) } else { lower = max(lower, yg) }
            } else {
                free += 1
                freeSum += yg
            }
        }
        rho = free > 0 ? freeSum / Double(free) : (upper + lower) / 2
        supportIndices = (0..<n).filter { alpha[$0] > 0 }.map { subset[$0] }
        coefficients = (0..<n).filter { alpha[$0] > 0 }.map { alpha[$0] * y[$0] }
    }

    /// Decision values for points given by their squared distances to every training row
    /// (rows of length `distances.count`, e.g. rows of the full matrix for held-out windows).  // (m, n) -> (m)
    public func decision(squaredDistances d: [Double], rowLength: Int) -> [Double] {
        let m = d.count / rowLength
        return (0..<m).map { r in
            var s = -rho
            for (index, coefficient) in zip(supportIndices, coefficients) {
                s += coefficient * exp(-gamma * d[r * rowLength + index])
            }
            return s
        }
    }

    /// Decision values for rows `indices` of the training distance matrix.
    public func decision(rows indices: [Int], of distances: SquaredDistances) -> [Double] {
        indices.map { r in
            var s = -rho
            for (index, coefficient) in zip(supportIndices, coefficients) {
                s += coefficient * exp(-gamma * distances.values[r * distances.count + index])
            }
            return s
        }
    }

    /// `σ(decision)` as a stand-in for `p_left` (uncalibrated; only its side of 0.5 is meaningful).
    public static func pseudoProbability(_ decision: Double) -> Float { Float(1 / (1 + exp(-decision))) }
}
