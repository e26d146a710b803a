/// A real factor `m > 0` stored as `multiplier / 2^shift`, the way every accumulator is
/// rescaled (requantized) into the next tensor's scale.
///
/// Recipe (written out once, here and in firmware-models/README.md):
/// `out = saturate((acc * multiplier + 2^(shift-1)) >> shift)`, the product exact in 64 bits,
/// `multiplier` in 1..<2^31 (normally 2^30..<2^31), `shift` in 1...62.
public struct QuantizedMultiplier: Equatable, Sendable {
    public var multiplier: Int32
    public var shift: Int32

    public init(multiplier: Int32, shift: Int32) {
        self.multiplier = multiplier
        self.shift = shift
    }

    /// True when the pair satisfies the recipe's ranges (checked at load).
    public var isValid: Bool { multiplier > 0 && shift >= 1 && shift <= 62 }

    /// `acc * m` rounded by the engine's rule, as Int64 (callers saturate).
    @inline(__always)
    public func applied(to acc: Int32) -> Int64 {
        shiftedRightRoundingHalfUp(productS64(acc, multiplier), by: widenedS64(shift))
    }

    /// `acc * m` rounded and saturated to Int32.
    @inline(__always)
    public func appliedS32(to acc: Int32) -> Int32 { saturatedS32(applied(to: acc)) }

    /// `acc * m` rounded and saturated to Int16.
    @inline(__always)
    public func appliedS16(to acc: Int32) -> Int16 {
        let v = applied(to: acc)
        return Int16(truncatingIfNeeded: min(max(v, -32768), 32767))
    }
}

extension QuantizedMultiplier {
    /// The pair closest to a positive real factor: `multiplier` in 2^30..<2^31 where the shift
    /// range allows. Used at setup and by the exporter (so both round the same way).
    /// Nil for factors that are not positive, not finite, or too large (>= 2^30).
    public static func approximating(_ real: Double) -> QuantizedMultiplier? {
        guard real > 0, real.isFinite, real < 1_073_741_824 else { return nil }
        var shift: Int32 = 0
        var scaled = real
        while scaled < 1_073_741_824, shift < 62 {
            scaled *= 2
            shift += 1
        }
        var m = roundedToNearestS64(scaled)
        if m >= 2_147_483_648 {
            m = roundedToNearestS64(scaled / 2)
            shift -= 1
        }
        guard shift >= 1, m >= 1 else { return nil }
        return QuantizedMultiplier(multiplier: Int32(truncatingIfNeeded: m), shift: shift)
    }

    /// The real factor this pair stands for.
    public var realValue: Double {
        var v = Double(widenedS64(multiplier))
        for _ in 0..<Int(shift) { v /= 2 }
        return v
    }
}

/// Requantizes a run of int32 accumulators in place, one multiplier per row, into gate
/// pre-activations: `acc[j] = clamp((( acc[j] + bias[j]) * m[j] + 2^(s[j]-1)) >> s[j], ±2^24)`.
/// Written as one flat loop so LLVM vectorizes it (vpmuldq + vpsravq on AVX-512).
@inline(__always)
public func requantizeRowsToGateS32(
    _ acc: UnsafeMutablePointer<Int32>, bias: UnsafePointer<Int32>,
    multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>, count: Int
) {
    for j in 0..<count {
        let shift = widenedS64(shifts[j])
        let v = (productS64(acc[j] &+ bias[j], multipliers[j]) &+ ((1 as Int64) &<< (shift &- 1))) &>> shift
        acc[j] = Int32(truncatingIfNeeded: min(max(v, -16_777_216), 16_777_216))
    }
}
