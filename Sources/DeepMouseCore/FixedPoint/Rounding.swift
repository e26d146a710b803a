// THE rounding rule of the fixed-point engine (one rule, used everywhere):
//
//     x / 2^s  ->  (x + 2^(s-1)) >> s      (arithmetic shift; s >= 1)
//
// i.e. round to nearest, ties toward +infinity ("add half, shift"). It is used by the
// requantization of every accumulator, the lookup-table interpolation, the Q15 products
// of the GRU, and the input scaler. The float reference and the exporter model it exactly.

/// `x / 2^shift` rounded to nearest, ties toward +infinity. `shift` in 1...62.
@inline(__always)
public func shiftedRightRoundingHalfUp(_ x: Int64, by shift: Int64) -> Int64 {
    (x &+ ((1 as Int64) &<< (shift &- 1))) &>> shift
}

/// `x / 2^shift` rounded to nearest, ties toward +infinity. `shift` in 1...30.
@inline(__always)
public func shiftedRightRoundingHalfUp(_ x: Int32, by shift: Int32) -> Int32 {
    (x &+ ((1 as Int32) &<< (shift &- 1))) &>> shift
}

/// `x / d` rounded to nearest, ties toward +infinity (the rule above, for a divisor that is not
/// a power of two): `floor(x / d + 1/2)`, exact. `d` in 1...2^30. For `d = 2^s` it equals
/// `shiftedRightRoundingHalfUp(x, by: s)`. Used by the mean readout (once per unit per decision).
@inline(__always)
public func dividedRoundingHalfUp(_ x: Int32, by d: Int32) -> Int32 {
    var q = x / d
    var r = x % d  // truncated toward zero: -d < r < d
    if r < 0 {
        q &-= 1
        r &+= d
    }  // floor: 0 <= r < d
    return r >= d &- r ? q &+ 1 : q
}
