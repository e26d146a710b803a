/// The mean readout `(1/T) Σ h_t` of the recurrent layer, in two halves: add each step's hidden
/// state into int32 per-unit sums while stepping, then divide once by T. The sums cannot
/// overflow: |h| <= 2^15 and T <= 2^16 (the longest window), so |Σ h_t| <= 2^31 - 2^16 for
/// positive sums and >= -2^31 for negative ones.

/// `sums[i] += h[i]` for one step.
///
/// - sums: (H) int32, h's format (Q0.15) summed over the steps so far
/// - hidden: (H) int16 Q0.15
/// Scratch: none.
/// Eight units at a time in SIMD lanes, then one by one: the Embedded daemon's -Osize neither vectorizes the plain
/// loop nor keeps LLVM's outliner from turning its body into a call per unit (10% of a touchpad replay here).
@inline(__always)
public func accumulateHiddenS16(sums: UnsafeMutablePointer<Int32>, hidden: UnsafePointer<Int16>, count: Int) {
    var i = 0
    while i &+ 8 <= count {
        let h = UnsafeRawPointer(hidden + i).loadUnaligned(as: SIMD8<Int16>.self)
        let s = UnsafeRawPointer(sums + i).loadUnaligned(as: SIMD8<Int32>.self)
        UnsafeMutableRawPointer(sums + i).storeBytes(
            of: s &+ SIMD8<Int32>(truncatingIfNeeded: h), as: SIMD8<Int32>.self)
        i &+= 8
    }
    while i < count {
        sums[i] &+= Int32(hidden[i])
        i &+= 1
    }
}

/// `mean[i] = Σ_t h_t[i] / T` in h's format (Q0.15), rounded to nearest with ties toward
/// +infinity (`dividedRoundingHalfUp`, exact). The mean of int16 values is an int16: no clamp.
///
/// - mean: (H) int16 Q0.15 (may alias nothing in `sums`)
/// - sums: (H) int32 from `accumulateHiddenS16` over `steps` steps
/// - steps: T, in 1...65536
/// Scratch: none.
@inline(__always)
public func meanReadoutS16(mean: UnsafeMutablePointer<Int16>, sums: UnsafePointer<Int32>, steps: Int32, count: Int) {
    for i in 0..<count {
        mean[i] = Int16(truncatingIfNeeded: dividedRoundingHalfUp(sums[i], by: steps))
    }
}
