/// The mean readout `(1/T) Σ h_t` of the recurrent layer, in two halves: add each step's hidden
/// state into int32 per-unit sums while stepping, then divide once by T. The sums cannot
/// overflow: |h| <= 2^15 and T <= 2^16 (the longest window), so |Σ h_t| <= 2^31 - 2^16 for
/// positive sums and >= -2^31 for negative ones.

/// `sums[i] += h[i]` for one step.
///
/// - sums: (H) int32, h's format (Q0.15) summed over the steps so far
/// - hidden: (H) int16 Q0.15
/// Scratch: none.
@inline(__always)
public func accumulateHiddenS16(sums: UnsafeMutablePointer<Int32>, hidden: UnsafePointer<Int16>, count: Int) {
    for i in 0..<count { sums[i] &+= Int32(hidden[i]) }
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
