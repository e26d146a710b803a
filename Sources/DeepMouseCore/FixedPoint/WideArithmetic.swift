// 64-bit helpers that compile under Embedded Swift's `-no-allocations` on 32-bit targets.
//
// On armv7em, `-no-allocations` wrongly rejects `Int64(someInt32)`, `Int64(truncatingIfNeeded:)`
// and heterogeneous or non-masking Int64 shifts. Everything 64-bit in the core goes through
// these few functions, which use `multipliedFullWidth(by:)` and masking shifts only.

/// The exact 64-bit product of two Int32 values.
@inline(__always)
public func productS64(_ a: Int32, _ b: Int32) -> Int64 {
    #if arch(x86_64) || arch(arm64)
        return Int64(a) &* Int64(b)
    #else
        let p = a.multipliedFullWidth(by: b)
        #if _endian(little)
            return unsafeBitCast((p.low, p.high), to: Int64.self)
        #else
            return unsafeBitCast((p.high, p.low), to: Int64.self)
        #endif
    #endif
}

/// Sign-extends an Int32 to Int64.
@inline(__always)
public func widenedS64(_ x: Int32) -> Int64 { productS64(x, 1) }

/// Clamps an Int64 to the Int32 range.
@inline(__always)
public func saturatedS32(_ x: Int64) -> Int32 {
    Int32(truncatingIfNeeded: min(max(x, -2_147_483_648), 2_147_483_647))
}

/// Clamps an Int32 to the Int16 range.
@inline(__always)
public func saturatedS16(_ x: Int32) -> Int16 {
    Int16(truncatingIfNeeded: min(max(x, -32768), 32767))
}

/// Rounds a finite Double (|x| < 2^62) to the nearest Int64, ties away from zero, without libm
/// (setup-time only: multipliers, input gains).
@inline(__always)
public func roundedToNearestS64(_ x: Double) -> Int64 {
    x >= 0 ? Int64(x + 0.5) : 0 &- Int64(0.5 - x)
}
