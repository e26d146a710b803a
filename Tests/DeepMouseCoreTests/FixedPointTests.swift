import DeepMouseCore
import Testing

/// The rounding rule, the multiplier and the lookup table, against hand-computed values.
@Suite struct FixedPointTests {
    @Test func roundingIsToNearestWithTiesTowardPlusInfinity() {
        #expect(shiftedRightRoundingHalfUp(Int32(5), by: 1) == 3)  // 2.5 -> 3
        #expect(shiftedRightRoundingHalfUp(Int32(-5), by: 1) == -2)  // -2.5 -> -2
        #expect(shiftedRightRoundingHalfUp(Int32(6), by: 2) == 2)  // 1.5 -> 2
        #expect(shiftedRightRoundingHalfUp(Int32(-6), by: 2) == -1)  // -1.5 -> -1
        #expect(shiftedRightRoundingHalfUp(Int32(7), by: 2) == 2)  // 1.75 -> 2
        #expect(shiftedRightRoundingHalfUp(Int32(-7), by: 2) == -2)  // -1.75 -> -2
        #expect(shiftedRightRoundingHalfUp(Int64(-1) << 40, by: 40) == -1)
        #expect(shiftedRightRoundingHalfUp(Int64(3) << 39, by: 40) == 2)  // 1.5 -> 2
    }

    @Test func wideArithmeticIsExact() {
        #expect(productS64(Int32.max, Int32.max) == 4_611_686_014_132_420_609)
        #expect(productS64(Int32.min, Int32.max) == -4_611_686_016_279_904_256)
        #expect(widenedS64(-7) == -7)
        #expect(saturatedS16(40000) == 32767)
        #expect(saturatedS16(-40000) == -32768)
        #expect(saturatedS32(Int64(1) << 40) == Int32.max)
    }

    @Test func multiplierAppliesTheRule() {
        let half = QuantizedMultiplier(multiplier: 1 << 30, shift: 31)
        #expect(half.applied(to: 3) == 2)  // 1.5 -> 2
        #expect(half.applied(to: -3) == -1)  // -1.5 -> -1
        #expect(half.appliedS16(to: 100_000) == 32767)
        #expect(QuantizedMultiplier.approximating(0.5) == half)
        #expect(QuantizedMultiplier.approximating(0.75) == QuantizedMultiplier(multiplier: 1_610_612_736, shift: 31))
        #expect(QuantizedMultiplier.approximating(1.0) == QuantizedMultiplier(multiplier: 1 << 30, shift: 30))
        #expect(QuantizedMultiplier.approximating(0) == nil)
        #expect(QuantizedMultiplier.approximating(.infinity) == nil)
        let tiny = QuantizedMultiplier.approximating(1e-12)!
        #expect(tiny.shift == 62 && abs(tiny.realValue - 1e-12) / 1e-12 < 1e-6)
        for real in [0.001, 0.37, 3.9, 1234.5] {
            let q = QuantizedMultiplier.approximating(real)!
            #expect(q.multiplier >= 1 << 30 && abs(q.realValue - real) / real < 1e-9)
        }
    }

    @Test func tableInterpolatesWithTheRule() {
        var entries = [Int16](repeating: 0, count: 513)
        for i in 0..<513 { entries[i] = Int16(clamping: i * 64) }
        entries[1] = 100
        entries[2] = 300
        entries.withUnsafeBufferPointer { p in
            let t = ActivationTable(entries: p.baseAddress!)
            #expect(t.lookupS16(0) == 16384)  // i = 256, f = 0
            #expect(t.lookupS16(1) == 16385)  // 16384 + (64 + 64) >> 7
            #expect(t.lookupS16(3) == 16386)  // 16384 + (192 + 64) >> 7
            #expect(t.lookupS16(-32768 + 64) == 50)  // 0 + (100 * 64 + 64) >> 7
            #expect(t.lookupS16(-32768 + 160) == 150)  // 100 + (200 * 32 + 64) >> 7
            #expect(t.lookupS16(32767) == 32767)  // i = 511, f = 127: clamped entries
            #expect(t.lookupS16(saturating: 1 << 20) == 32767)
            #expect(t.lookupS16(saturating: -(1 << 20)) == 0)
        }
    }
}
