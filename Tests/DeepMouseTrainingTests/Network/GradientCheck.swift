@testable import DeepMouseTraining

/// Central finite differences in Double, and the error measure every gradient test reports.
enum GradientCheck {
    /// d f / d x[i] ≈ (f(x + h e_i) - f(x - h e_i)) / 2h for every i, restoring x afterwards.
    static func numeric(
        _ x: UnsafeMutablePointer<Double>, count: Int, h: Double = 1e-5,
        _ f: () -> Double
    ) -> [Double] {
        (0..<count).map { i in
            let saved = x[i]
            x[i] = saved + h
            let plus = f()
            x[i] = saved - h
            let minus = f()
            x[i] = saved
            return (plus - minus) / (2 * h)
        }
    }

    /// max_i |a_i - n_i| / max(|a_i|, |n_i|, floor): relative error, with an absolute floor so entries that are
    /// ~0 in both (where finite differences only see rounding noise) do not dominate.
    static func maxRelativeError(_ analytic: [Double], _ numeric: [Double], floor: Double = 1e-6) -> Double {
        precondition(analytic.count == numeric.count)
        var worst = 0.0
        for (a, n) in zip(analytic, numeric) {
            worst = max(worst, abs(a - n) / max(abs(a), abs(n), floor))
        }
        return worst
    }

    /// Uniform values in [-scale, scale).
    static func random(_ count: Int, _ rng: inout Xoshiro256StarStar, scale: Double = 1) -> [Double] {
        (0..<count).map { _ in (2 * rng.nextUnitDouble() - 1) * scale }
    }
}

/// A Double buffer the tests can hand to layer functions and read back.
final class Tensor {
    let pointer: UnsafeMutablePointer<Double>
    let count: Int

    init(_ values: [Double]) {
        count = values.count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
        for (i, v) in values.enumerated() { pointer[i] = v }
    }

    convenience init(zeros count: Int) { self.init([Double](repeating: 0, count: count)) }

    deinit { pointer.deallocate() }

    var values: [Double] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
    func zero() { pointer.update(repeating: 0, count: count) }
    /// Σ self ⊙ weights: the scalar "loss" whose gradient w.r.t. self is `weights`.
    func dot(_ weights: Tensor) -> Double {
        var s = 0.0
        for i in 0..<count { s += pointer[i] * weights.pointer[i] }
        return s
    }
}
