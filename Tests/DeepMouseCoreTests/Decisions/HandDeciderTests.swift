import DeepMouseCore
import Testing

/// p as Q15 (rounded to nearest).
private func q15(_ p: Double) -> Int32 { Int32((p * 32768).rounded()) }

/// The parameters the worked examples below were computed by hand with.
private let worked = DecisionParameters(retentionQ15: 29_491, thresholdQ8: 384, capQ8: 1_024)

@Suite struct HandDeciderTests {
    @Test func scoresAndScalingAreSymmetric() {
        #expect(HandDecider.scoreQ8(pLeftQ15: q15(0.9)) == 102)
        #expect(HandDecider.scoreQ8(pLeftQ15: q15(0.1)) == -102)
        #expect(HandDecider.scoreQ8(pLeftQ15: 32_768) == 128)
        #expect(HandDecider.scoreQ8(pLeftQ15: 0) == -128)
        #expect(HandDecider.scoreQ8(pLeftQ15: 40_000) == 128)  // clamped
        #expect(HandDecider.scoreQ8(pLeftQ15: 16_384) == 0)
        for v in Int32(-2000)...2000 {
            #expect(
                HandDecider.scaledQ15RoundingHalfAwayFromZero(v, by: 29_491)
                    == -HandDecider.scaledQ15RoundingHalfAwayFromZero(-v, by: 29_491))
        }
        // 3 * 0.5 = 1.5 rounds away from zero.
        #expect(HandDecider.scaledQ15RoundingHalfAwayFromZero(3, by: 16_384) == 2)
        #expect(HandDecider.scaledQ15RoundingHalfAwayFromZero(-3, by: 16_384) == -2)
    }

    @Test func steadyLeftIsDeclaredAtTheWorkedHop() {
        // Worked by hand (retention 0.9, threshold 1.5): E = 102, 194, 277, 351, 418 >= 384 at hop 5.
        var d = HandDecider(parameters: worked)
        var changes: [(Int, HandChange)] = []
        for hop in 1...20 {
            if let c = d.update(pLeftQ15: q15(0.9), idle: false) { changes.append((hop, c)) }
        }
        #expect(changes.count == 1)
        #expect(changes.first?.0 == 5)
        #expect(changes.first?.1 == HandChange(from: .unknown, to: .left, pLeftQ15: q15(0.9), evidenceQ8: 418))
        #expect(d.hand == .left)
    }

    @Test func switchFromFullLeftToRightTakesTheWorkedNumberOfHops() {
        var d = HandDecider(parameters: worked)
        for _ in 0..<50 { _ = d.update(pLeftQ15: 32_768, idle: false) }
        #expect(d.evidenceQ8 == 1024)  // capped
        // E = 794, 587, 400, 232, 81, -55, -177, -287, -386 <= -384 at hop 9.
        var switchedAt: Int?
        for hop in 1...30 {
            if let c = d.update(pLeftQ15: 0, idle: false) {
                #expect(c.from == .left && c.to == .right && c.evidenceQ8 == -386)
                switchedAt = switchedAt ?? hop
            }
        }
        #expect(switchedAt == 9)
    }

    @Test func alternatingEvidenceNeverFlaps() {
        var d = HandDecider(parameters: worked)
        var changes = 0
        for hop in 0..<10_000 {
            if d.update(pLeftQ15: hop % 2 == 0 ? q15(0.95) : q15(0.05), idle: false) != nil { changes += 1 }
        }
        #expect(changes == 0)
        #expect(d.hand == .unknown)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func changesRespectHysteresisAndMirrorExactly(seed: UInt64) {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var d = HandDecider(parameters: worked)
        var mirror = HandDecider(parameters: worked)
        var changes = 0
        for _ in 0..<20_000 {
            // Runs of one hand with noisy probabilities, and occasional idle hops.
            let p = Int32(next() % 32_769)
            let idle = next() % 50 == 0
            let c = d.update(pLeftQ15: p, idle: idle)
            let m = mirror.update(pLeftQ15: 32_768 - p, idle: idle)
            #expect(d.evidenceQ8 == -mirror.evidenceQ8)
            if let c {
                changes += 1
                switch c.to {
                case .left: #expect(c.evidenceQ8 >= d.parameters.thresholdQ8)
                case .right: #expect(c.evidenceQ8 <= -d.parameters.thresholdQ8)
                case .unknown: #expect(idle)
                }
                let mirrored: HandState = c.to == .left ? .right : (c.to == .right ? .left : .unknown)
                #expect(m?.to == mirrored)
            } else {
                #expect(m == nil)
            }
        }
        #expect(changes > 0)
    }

    @Test func idleMakesTheHandUnknownAndEvidenceRestarts() {
        var d = HandDecider(
            parameters: DecisionParameters(retentionQ15: 29_491, thresholdQ8: 384, capQ8: 1_024, idleHopsToUnknown: 3))
        for _ in 0..<10 { _ = d.update(pLeftQ15: q15(0.9), idle: false) }
        #expect(d.hand == .left)
        #expect(d.update(pLeftQ15: 16_384, idle: true) == nil)
        #expect(d.update(pLeftQ15: 16_384, idle: true) == nil)
        let c = d.update(pLeftQ15: 16_384, idle: true)
        #expect(c?.from == .left && c?.to == .unknown)
        #expect(d.update(pLeftQ15: 16_384, idle: true) == nil)  // reported once
        #expect(d.evidenceQ8 == 0)
        // Fresh evidence is needed again: four hops are not enough, the fifth is.
        for _ in 0..<4 { #expect(d.update(pLeftQ15: q15(0.9), idle: false) == nil) }
        #expect(d.update(pLeftQ15: q15(0.9), idle: false)?.to == .left)
    }

    @Test func minimumHopsBetweenChangesHoldsAChange() {
        let params = DecisionParameters(retentionQ15: 0, thresholdQ8: 100, capQ8: 128, minimumHopsBetweenChanges: 10)
        var d = HandDecider(parameters: params)
        #expect(d.update(pLeftQ15: 32_768, idle: false)?.to == .left)
        for _ in 0..<9 { #expect(d.update(pLeftQ15: 0, idle: false) == nil) }
        #expect(d.update(pLeftQ15: 0, idle: false)?.to == .right)
    }

    @Test func parametersAreSanitized() {
        let p = DecisionParameters(
            retentionQ15: 40_000, thresholdQ8: 5_000, capQ8: 1_000_000, idleHopsToUnknown: 0,
            minimumHopsBetweenChanges: -3
        ).sanitized
        #expect(
            p
                == DecisionParameters(
                    retentionQ15: 32_767, thresholdQ8: 5_000, capQ8: 65_536, idleHopsToUnknown: 1,
                    minimumHopsBetweenChanges: 0))
    }
}
