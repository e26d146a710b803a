// The GRU's gate math after the two products, per hidden unit (the recipe of `gruStepS16`):
//
//     z = σ(xz + hz), r = σ(xr + hr)                 (LUT, Q0.15)
//     n = tanh(xn + round(r·hn / 2^15))              (LUT, Q0.15)
//     h' = sat16(n + round(z·(h − n) / 2^15))
//
// `gruGateS16` is the rule for one unit, written the straightforward way (64-bit r·hn).
// `gruGatesS16` runs 16 units at a time in SIMD16<Int32> lanes and gives the same bits:
// - the tables are read as one 32-bit load of (t[i], t[i+1]) per lane (a gather on AVX-512,
//   lane loads on NEON), then interpolated in the lanes;
// - r·hn needs 40 bits, so it is split exactly in 32-bit lanes: with hn = 2^15·a + b,
//   a = hn >> 15 (in [-512, 512], hn is clamped to ±2^24) and b = hn & 0x7fff,
//   (r·hn + 2^14) >> 15 = r·a + ((r·b + 2^14) >> 15), since 2^15·r·a is a multiple of 2^15;
//   |r·b| < 2^30 and |r·a| <= 2^24;
// - z·(h − n) + 2^14 fits 32 bits (|z| <= 2^15, |h − n| < 2^16), as in the scalar rule.

/// One hidden unit's gates and update (the rule; also the tail of `gruGatesS16`).
///
/// - x: the unit's input projections (xz, xr, xn), Q.12
/// - recurrent: the unit's requantized recurrent products (hz, hr, hn), Q.12
/// - old: h, Q0.15. Returns h'.
@inline(__always)
public func gruGateS16(
    xz: Int32, xr: Int32, xn: Int32, hz: Int32, hr: Int32, hn: Int32, old: Int16,
    sigmoid: ActivationTable, tanh: ActivationTable
) -> Int16 {
    let z = Int32(sigmoid.lookupS16(saturating: xz &+ hz))
    let r = Int32(sigmoid.lookupS16(saturating: xr &+ hr))
    let gated = Int32(truncatingIfNeeded: shiftedRightRoundingHalfUp(productS64(r, hn), by: 15))
    let n = Int32(tanh.lookupS16(saturating: xn &+ gated))
    let h = Int32(old)
    return saturatedS16(n &+ shiftedRightRoundingHalfUp(z &* (h &- n), by: 15))
}

/// The gates and update of all H units in place on `hidden`, 16 lanes at a time.
///
/// - hidden: (H) int16 Q0.15, updated in place
/// - input: (3H) int32 Q.12, the step's input projections (z, r, n)
/// - recurrent: (3H) int32 Q.12, the requantized recurrent products (z, r, n)
@inline(__always)
public func gruGatesS16(
    hidden h: UnsafeMutablePointer<Int16>, input x: UnsafePointer<Int32>,
    recurrent: UnsafePointer<Int32>, sigmoid: ActivationTable, tanh: ActivationTable,
    count: Int
) {
    typealias Lanes = SIMD16<Int32>
    let xb = UnsafeRawPointer(x)
    let rb = UnsafeRawPointer(recurrent)
    let zOffset = 0
    let rOffset = 4 &* count
    let nOffset = 8 &* count  // byte offsets of the gates
    var i = 0
    while i &+ 16 <= count {
        let at = 4 &* i
        let z = lookupLanes(
            sigmoid,
            xb.loadUnaligned(fromByteOffset: zOffset &+ at, as: Lanes.self)
                &+ rb.loadUnaligned(fromByteOffset: zOffset &+ at, as: Lanes.self))
        let r = lookupLanes(
            sigmoid,
            xb.loadUnaligned(fromByteOffset: rOffset &+ at, as: Lanes.self)
                &+ rb.loadUnaligned(fromByteOffset: rOffset &+ at, as: Lanes.self))
        let hn = rb.loadUnaligned(fromByteOffset: nOffset &+ at, as: Lanes.self)
        let gated = r &* (hn &>> 15) &+ ((r &* (hn & 0x7fff) &+ 0x4000) &>> 15)
        let n = lookupLanes(tanh, xb.loadUnaligned(fromByteOffset: nOffset &+ at, as: Lanes.self) &+ gated)
        var old = Lanes()
        for k in 0..<16 { old[k] = Int32(h[i &+ k]) }
        let updated = saturatedLanesS16(n &+ ((z &* (old &- n) &+ 0x4000) &>> 15))
        for k in 0..<16 { h[i &+ k] = Int16(truncatingIfNeeded: updated[k]) }
        i &+= 16
    }
    while i < count {
        h[i] = gruGateS16(
            xz: x[i], xr: x[count &+ i], xn: x[2 &* count &+ i],
            hz: recurrent[i], hr: recurrent[count &+ i], hn: recurrent[2 &* count &+ i],
            old: h[i], sigmoid: sigmoid, tanh: tanh)
        i &+= 1
    }
}

/// Clamps every lane to the int16 range.
@inline(__always)
func saturatedLanesS16(_ v: SIMD16<Int32>) -> SIMD16<Int32> {
    let low = SIMD16<Int32>(repeating: -32768)
    let high = SIMD16<Int32>(repeating: 32767)
    let x = v.replacing(with: low, where: v .< low)
    return x.replacing(with: high, where: x .> high)
}

/// `ActivationTable.lookupS16(saturating:)` in 16 lanes, bit for bit.
@inline(__always)
func lookupLanes(_ table: ActivationTable, _ v: SIMD16<Int32>) -> SIMD16<Int32> {
    let u = saturatedLanesS16(v) &+ 32768
    let index = u &>> 7
    let fraction = u & 127
    // (t[i], t[i+1]) as one little-endian 32-bit load at byte 2i (i <= 511 < 512 entries).
    let entries = UnsafeRawPointer(table.entries)
    var pair = SIMD16<Int32>()
    for k in 0..<16 { pair[k] = entries.loadUnaligned(fromByteOffset: Int(index[k]) &* 2, as: Int32.self) }
    #if _endian(big)
        pair = (pair &<< 16) | ((pair &>> 16) & 0xffff)
    #endif
    let a = (pair &<< 16) &>> 16
    let b = pair &>> 16
    return a &+ (((b &- a) &* fraction &+ 64) &>> 7)
}
