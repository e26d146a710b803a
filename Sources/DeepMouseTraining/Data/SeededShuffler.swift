import DeepMouseCore

/// The data pipeline's seeded randomness: random splits, epoch shuffles and balanced sampling
/// must be reproducible from a seed on every platform and Swift version. The core's `SplitMix64`
/// with its own Fisher-Yates shuffle (the standard library's `shuffle(using:)` makes no
/// cross-version promise).
public struct SeededShuffler: RandomNumberGenerator, Sendable {
    private var generator: SplitMix64

    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    public mutating func next() -> UInt64 { generator.next() }

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
