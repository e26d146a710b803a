/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seedable generator with the same sequence on
/// every platform and Swift version. Seeds the trainer's generators, derives independent streams
/// from one seed, and makes the synthetic models and motion of tests and benchmarks.
public struct SplitMix64: Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}

#if !hasFeature(Embedded)
    // The standard library's random APIs (`Int.random(in:using:)`, `shuffled(using:)`) for the
    // workstation, and uniform doubles for synthetic models and motion (integer-to-float conversion and
    // the conformance's generic helpers allocate in Embedded Swift, which the board build refuses).
    extension SplitMix64: RandomNumberGenerator {
        /// Uniform in [-1, 1), from the top 53 bits of the next word.
        @inline(__always)
        public mutating func signedUnit() -> Double { Double(next() &>> 11) * 0x1p-52 - 1 }
    }
#endif
