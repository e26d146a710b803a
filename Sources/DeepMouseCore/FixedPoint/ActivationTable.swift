/// Sigmoid and tanh by lookup table with linear interpolation, as in TFLite Micro's int16
/// LSTM: 513 int16 entries cover the input range [-8, 8] in Q3.12 (the gate format), the
/// output is Q0.15. The tables live in the model file, so the board computes no
/// transcendental function.
///
/// For input `x` (Q3.12, int16): `u = x + 32768`, `i = u >> 7`, `f = u & 127`,
/// `y = t[i] + ((t[i+1] - t[i]) * f + 64) >> 7` (the engine's rounding rule).
public struct ActivationTable {
    /// Number of entries (512 segments of 1/32 each, plus the end point).
    public static let entryCount: Int32 = 513
    /// Fraction bits of the table's input (Q3.12) and of every gate pre-activation.
    public static let inputFractionBits: Int32 = 12

    /// The table's entries, `entryCount` int16 values (points to the model bytes or the arena).
    public let entries: UnsafePointer<Int16>

    public init(entries: UnsafePointer<Int16>) { self.entries = entries }

    /// `f(x)` for `x` in Q3.12 (already saturated to int16), Q0.15 result.
    @inline(__always)
    public func lookupS16(_ x: Int16) -> Int16 {
        let u = Int32(x) &+ 32768
        let i = Int(u &>> 7)
        let f = u & 127
        let a = Int32(entries[i])
        let b = Int32(entries[i &+ 1])
        return Int16(truncatingIfNeeded: a &+ shiftedRightRoundingHalfUp((b &- a) &* f, by: 7))
    }

    /// `f(x)` for a wider Q.12 value: saturates to the table's range first.
    @inline(__always)
    public func lookupS16(saturating x: Int32) -> Int16 { lookupS16(saturatedS16(x)) }
}
