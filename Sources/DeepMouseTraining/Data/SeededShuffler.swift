/// The data pipeline's seeded randomness: random splits, epoch shuffles and balanced sampling
/// must be reproducible from a seed on every platform and Swift version. A SplitMix64 sequence
/// (Steele et al. 2014) with its own Fisher-Yates shuffle (the standard library's
/// `shuffle(using:)` makes no cross-version promise).
public struct SeededShuffler: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for one named purpose derived from a run seed, so adding a new random use
    /// does not shift the others' sequences.
    public static func derived(from seed: UInt64, purpose: UInt64) -> SeededShuffler {
        var g = SeededShuffler(seed: seed ^ (purpose &* 0xD6E8_FEB8_6659_FD93))
        _ = g.next()
        return g
    }

    /// A Fisher-Yates shuffle that depends only on this generator's sequence.
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            if i != j { values.swapAt(i, j) }
        }
    }
}
