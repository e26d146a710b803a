import DeepMouseCore
import MallocCounter
import Testing

/// `cusumHands` of tools/bench/hand-switch-bench/SwitchCurve.swift (the prototype), in Double: the reported hand
/// after every hop of a sequence of per-hop LLRs (nats) and idle flags.
private func prototypeHands(llr: [Double], idle: [Bool], threshold h: Double, headStart: Double, pauseHops: Int)
    -> [HandState]
{
    var out = [HandState](repeating: .unknown, count: llr.count)
    var hand = HandState.unknown
    var left = 0.0
    var right = 0.0
    var idleHops = 0
    for i in llr.indices {
        if idle[i] {
            idleHops += 1
            out[i] = hand
            continue
        }
        if idleHops >= pauseHops {
            left = max(left, headStart)
            right = max(right, headStart)
        }
        idleHops = 0
        left = min(max(0, left + llr[i]), h)
        right = min(max(0, right - llr[i]), h)
        if hand != .left && left >= h {
            hand = .left
        } else if hand != .right && right >= h {
            hand = .right
        } else {
            out[i] = hand
            continue
        }
        left = 0
        right = 0
        out[i] = hand
    }
    return out
}

/// p_left Q15 for a logit (a monotone stand-in for the sigmoid table, enough for the vote).
private func pLeft(_ logitQ12: Int32) -> Int16 { Int16(clamping: 16_384 + logitQ12) }

/// A stream of logits (Q12) in runs of one sign with noise, and idle runs (some longer than a pause).
private func syntheticHops(seed: UInt64, count: Int) -> (logitQ12: [Int32], idle: [Bool]) {
    var rng = SplitMix64(seed: seed)
    var logits: [Int32] = []
    var idle: [Bool] = []
    var sign: Int32 = 1
    while logits.count < count {
        if rng.next() % 4 == 0 {
            for _ in 0..<Int(rng.next() % 30) {
                logits.append(0)
                idle.append(true)
            }
        }
        if rng.next() % 3 == 0 { sign = -sign }
        for _ in 0..<Int(20 + rng.next() % 200) {
            // Mostly toward the run's hand, often against it, within the logit's Q3.12 range.
            let noise = Int32(truncatingIfNeeded: rng.next() % 40_961) - 20_480
            logits.append(sign * 6_000 + noise)
            idle.append(false)
        }
    }
    return (Array(logits.prefix(count)), Array(idle.prefix(count)))
}

/// The prototype's constants for the mouse twin (docs/switching.md section 5), threshold 32, head start 16.
private let mouseLike = ChangeDetectorParameters(
    plattScaleQ16: 69_468, plattOffsetQ16: -33_096, thresholdQ12: 32 * 4096, headStartQ12: 16 * 4096, pauseHops: 13)

@Suite struct ChangeDetectorTests {
    @Test func llrIsPlattScaledAndRoundedHalfUp() {
        // a = 1: the logit itself.
        #expect(ChangeDetector.llrQ12(logitQ12: 4096, scaleQ16: 65_536, offsetQ16: 0) == 4096)
        #expect(ChangeDetector.llrQ12(logitQ12: -123, scaleQ16: 65_536, offsetQ16: 0) == -123)
        // 69468/65536 * 4096 - 33096/65536 * 4096 = 4341.75 - 2068.5 = 2273.25 -> 2273.
        #expect(ChangeDetector.llrQ12(logitQ12: 4096, scaleQ16: 69_468, offsetQ16: -33_096) == 2273)
        // 0.5 * 1 = 0.5 (Q12) rounds up to 1; -0.5 rounds up to 0.
        #expect(ChangeDetector.llrQ12(logitQ12: 1, scaleQ16: 32_768, offsetQ16: 0) == 1)
        #expect(ChangeDetector.llrQ12(logitQ12: -1, scaleQ16: 32_768, offsetQ16: 0) == 0)
        // Clamped to +-4096 nats.
        #expect(
            ChangeDetector.llrQ12(logitQ12: Int32.max, scaleQ16: 1 << 20, offsetQ16: 1 << 20)
                == ChangeDetector.maximumLLRQ12)
        #expect(
            ChangeDetector.llrQ12(logitQ12: Int32.min, scaleQ16: 1 << 20, offsetQ16: 0) == -ChangeDetector.maximumLLRQ12
        )
    }

    @Test func aPauseGivesTheNextSwitchAHeadStart() {
        // a = 1, b = 0, h = 4 nats, head start 2 after 13 idle hops: +1 nat per hop names left at hop 4.
        let p = ChangeDetectorParameters(thresholdQ12: 4 * 4096, headStartQ12: 2 * 4096, pauseHops: 13)
        func hopsToRight(afterIdle n: Int) -> Int? {
            var d = ChangeDetector(parameters: p)
            var named: Int?
            for hop in 1...10 where d.update(logitQ12: 4096, pLeftQ15: 24_000, idle: false) != nil { named = hop }
            #expect(named == 4 && d.hand == .left)
            for _ in 0..<n {
                #expect(d.update(logitQ12: 0, pLeftQ15: 16_384, idle: true) == nil)
                #expect(d.hand == .left)  // kept through the pause
            }
            for hop in 1...10 {
                if let c = d.update(logitQ12: -4096, pLeftQ15: 9_000, idle: false) {
                    #expect(c == HandChange(from: .left, to: .right, pLeftQ15: 9_000, evidenceQ8: -4 * 256))
                    return hop
                }
            }
            return nil
        }
        #expect(hopsToRight(afterIdle: 0) == 4)
        #expect(hopsToRight(afterIdle: 12) == 4)  // not yet a pause
        #expect(hopsToRight(afterIdle: 13) == 2)  // 2 nats of head start + 2 hops
        #expect(hopsToRight(afterIdle: 500) == 2)
    }

    @Test func theHandBecomesUnknownOnlyAfterTheConfiguredIdleHops() {
        var p = ChangeDetectorParameters(thresholdQ12: 4 * 4096, headStartQ12: 0, pauseHops: 13)
        var d = ChangeDetector(parameters: p)
        for _ in 0..<4 { _ = d.update(logitQ12: 4096, pLeftQ15: 24_000, idle: false) }
        for _ in 0..<100_000 { #expect(d.update(logitQ12: 0, pLeftQ15: 16_384, idle: true) == nil) }
        #expect(d.hand == .left)  // never, by default
        p.idleHopsToUnknown = 3
        d = ChangeDetector(parameters: p)
        for _ in 0..<4 { _ = d.update(logitQ12: 4096, pLeftQ15: 24_000, idle: false) }
        #expect(d.update(logitQ12: 0, pLeftQ15: 16_384, idle: true) == nil)
        #expect(d.update(logitQ12: 0, pLeftQ15: 16_384, idle: true) == nil)
        #expect(d.update(logitQ12: 0, pLeftQ15: 16_384, idle: true)?.to == .unknown)
        #expect(d.update(logitQ12: 0, pLeftQ15: 16_384, idle: true) == nil)  // reported once
        #expect(d.leftQ12 == 0 && d.rightQ12 == 0)
    }

    /// Fed LLRs already rounded to Q12 (exact in Double), the prototype and the integer detector make the same
    /// decision at every hop.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func matchesThePrototypeExactlyOnQ12LLRs(seed: UInt64) {
        let s = syntheticHops(seed: seed, count: 20_000)
        let p = mouseLike
        let llr = s.logitQ12.map {
            Double(ChangeDetector.llrQ12(logitQ12: $0, scaleQ16: p.plattScaleQ16, offsetQ16: p.plattOffsetQ16)) / 4096
        }
        let expected = prototypeHands(
            llr: llr, idle: s.idle, threshold: Double(p.thresholdQ12) / 4096,
            headStart: Double(p.headStartQ12) / 4096, pauseHops: Int(p.pauseHops))
        var d = ChangeDetector(parameters: p)
        var mismatches = 0
        var changes = 0
        for i in s.idle.indices {
            if d.update(logitQ12: s.logitQ12[i], pLeftQ15: 16_384, idle: s.idle[i]) != nil { changes += 1 }
            if d.hand != expected[i] { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(changes > 20)
    }

    /// Against the prototype in full float (`a * logit + b` unrounded, the Q16 constants' values), the integer
    /// detector's statistics differ by at most half a Q12 step per hop since the last reset, so decisions differ
    /// only where a statistic ends within that of the threshold: under 0.5% of hops here.
    @Test(arguments: [UInt64(5), 6])
    func agreesWithTheFloatPrototypeWithinRounding(seed: UInt64) {
        let s = syntheticHops(seed: seed, count: 20_000)
        let p = mouseLike
        let a = Double(p.plattScaleQ16) / 65_536
        let b = Double(p.plattOffsetQ16) / 65_536
        let expected = prototypeHands(
            llr: s.logitQ12.map { a * Double($0) / 4096 + b }, idle: s.idle, threshold: 32, headStart: 16, pauseHops: 13
        )
        var d = ChangeDetector(parameters: p)
        var mismatches = 0
        for i in s.idle.indices {
            _ = d.update(logitQ12: s.logitQ12[i], pLeftQ15: 16_384, idle: s.idle[i])
            if d.hand != expected[i] { mismatches += 1 }
        }
        print("change detector vs float prototype, seed \(seed): \(mismatches) of \(s.idle.count) hops differ")
        #expect(mismatches <= s.idle.count / 200)
    }

    @Test func parametersAreSanitized() {
        let p = ChangeDetectorParameters(
            plattScaleQ16: -5, plattOffsetQ16: Int32.min, thresholdQ12: Int32.max, headStartQ12: Int32.max,
            pauseHops: 0,
            idleHopsToUnknown: -1
        ).sanitized
        #expect(
            p
                == ChangeDetectorParameters(
                    plattScaleQ16: 1, plattOffsetQ16: -(1 << 20), thresholdQ12: 1 << 24, headStartQ12: 1 << 24,
                    pauseHops: 1, idleHopsToUnknown: 1))
        #expect(ChangeDetectorParameters(pauseHops: 13).idleHopsUntilSteady == 13)
        #expect(ChangeDetectorParameters(pauseHops: 13, idleHopsToUnknown: 40).idleHopsUntilSteady == 40)
    }

    /// The vote case of the layer is `HandDecider` itself, decision for decision.
    @Test func theVoteLayerIsTheHandDecider() {
        let s = syntheticHops(seed: 9, count: 5_000)
        let vote = DecisionParameters(retentionQ15: 29_491, thresholdQ8: 384, capQ8: 1_024, idleHopsToUnknown: 3)
        var layer = HandDecisionLayer(vote: vote, changeDetector: nil)
        var decider = HandDecider(parameters: vote)
        for i in s.idle.indices {
            let p = pLeft(s.logitQ12[i])
            let d = StreamingDecision(pLeftQ15: p, logitQ12: s.logitQ12[i], idle: s.idle[i])
            #expect(layer.update(d) == decider.update(pLeftQ15: Int32(p), idle: s.idle[i]))
            #expect(layer.hand == decider.hand)
        }
    }

    /// Thousands of hops through either case of the layer, with resets, allocate nothing.
    @Test(arguments: [false, true])
    func theLayerAllocatesNothing(cusum: Bool) {
        let s = syntheticHops(seed: 11, count: 20_000)
        var layer = HandDecisionLayer(
            vote: DecisionParameters(thresholdQ8: 384), changeDetector: cusum ? mouseLike : nil)
        var changes = 0
        s.logitQ12.withUnsafeBufferPointer { logits in
            s.idle.withUnsafeBufferPointer { idle in
                malloc_counter_start()
                for i in 0..<logits.count {
                    let p = pLeft(logits[i])
                    if layer.update(StreamingDecision(pLeftQ15: p, logitQ12: logits[i], idle: idle[i])) != nil {
                        changes += 1
                    }
                    if i == 10_000 { layer.reset() }
                }
                #expect(malloc_counter_stop() == 0)
            }
        }
        #expect(changes > 10)
    }
}
