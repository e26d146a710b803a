import DeepMouseCore
import Testing

/// The mean readout's rounding rule and kernels, bit for bit against a straightforward
/// reference (exact rational arithmetic in Int64: floor((2 Σ + T) / (2 T))).
@Suite struct MeanReadoutTests {
    /// floor(a / b) for b > 0, in Int64, by the definition.
    static func floorDivided(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && a < 0) ? q - 1 : q
    }

    /// x / d rounded to nearest, ties toward +infinity: floor(x/d + 1/2) = floor((2x + d) / 2d).
    static func reference(_ x: Int64, _ d: Int64) -> Int64 { floorDivided(2 * x + d, 2 * d) }

    @Test func dividedRoundingHalfUpByHand() {
        #expect(dividedRoundingHalfUp(Int32(250), by: 100) == 3)  // 2.5 -> 3
        #expect(dividedRoundingHalfUp(Int32(-250), by: 100) == -2)  // -2.5 -> -2 (ties up, as the shift rule)
        #expect(dividedRoundingHalfUp(Int32(249), by: 100) == 2)
        #expect(dividedRoundingHalfUp(Int32(-251), by: 100) == -3)
        #expect(dividedRoundingHalfUp(Int32(-1), by: 3) == 0)  // -0.33 -> 0
        #expect(dividedRoundingHalfUp(Int32(-2), by: 3) == -1)  // -0.67 -> -1
        #expect(dividedRoundingHalfUp(Int32(7), by: 1) == 7)
        #expect(dividedRoundingHalfUp(Int32.min, by: 65536) == -32768)
        #expect(dividedRoundingHalfUp(Int32(32767 * 65536), by: 65536) == 32767)
    }

    @Test func dividedRoundingHalfUpMatchesTheExactReference() {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        for trial in 0..<200_000 {
            let d = Int32(1 + next() % (trial % 3 == 0 ? 7 : 65536))
            let x = Int32(truncatingIfNeeded: Int64(next() % (UInt64(1) << 32)) - (Int64(1) << 31))
            #expect(Int64(dividedRoundingHalfUp(x, by: d)) == Self.reference(Int64(x), Int64(d)), "\(x) / \(d)")
        }
        // Powers of two: the same as the engine's shift rule.
        for s in 1...16 {
            for x: Int32 in [-3 << 14, -(1 << s) - 1, -(1 << (s - 1)), -1, 0, 1, 1 << (s - 1), 12345, Int32.max >> 1] {
                #expect(dividedRoundingHalfUp(x, by: 1 << s) == shiftedRightRoundingHalfUp(x, by: Int32(s)))
            }
        }
    }

    /// Random hidden-state sequences (including saturated runs at ±2^15 and T = 65536, the
    /// longest window): accumulate step by step, then the mean, against the reference.
    @Test(arguments: [(1, 5), (3, 4), (100, 128), (128, 16), (7, 3), (65536, 2), (50, 17)])
    func meanReadoutMatchesTheReference(steps: Int, hidden: Int) {
        var state = UInt64(steps * 31 + hidden)
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 17
        }
        var sums = [Int32](repeating: 0, count: hidden)
        var exact = [Int64](repeating: 0, count: hidden)
        var h = [Int16](repeating: 0, count: hidden)
        for t in 0..<steps {
            for i in 0..<hidden {
                switch i % 4 {
                case 0: h[i] = 32767  // the largest positive sum
                case 1: h[i] = -32768  // the most negative one
                case 2: h[i] = Int16(truncatingIfNeeded: next())  // anything
                default: h[i] = Int16(truncatingIfNeeded: Int64(t % 3) - 1)  // ties and small means
                }
                exact[i] += Int64(h[i])
            }
            accumulateHiddenS16(sums: &sums, hidden: h, count: hidden)
        }
        #expect(sums.map(Int64.init) == exact)
        var mean = [Int16](repeating: 99, count: hidden)
        meanReadoutS16(mean: &mean, sums: sums, steps: Int32(steps), count: hidden)
        #expect(mean.map(Int64.init) == exact.map { Self.reference($0, Int64(steps)) })
        #expect(mean[0] == 32767 && (hidden < 2 || mean[1] == -32768))
    }
}
