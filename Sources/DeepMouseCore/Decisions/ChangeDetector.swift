/// The calibrated, pause-aware change detector: two one-sided CUSUMs on per-hop log-likelihood ratios from the
/// classifier's logit, Platt-scaled. See `ChangeDetectorParameters` for the rule.
///
/// Integer only (Int32 statistics in Q12 nats, one Int64 product per hop, no allocation, Embedded-clean). The
/// float prototype it implements is `cusumHands` in `tools/bench/hand-switch-bench/SwitchCurve.swift`; fed the same
/// per-hop LLRs rounded to Q12 it makes the same decisions.
public struct ChangeDetector: Sendable {
    public let parameters: ChangeDetectorParameters
    /// The hand reported now.
    public private(set) var hand: HandState = .unknown
    /// The statistic toward the left hand, nats Q12 (0 ... threshold).
    public private(set) var leftQ12: Int32 = 0
    /// The statistic toward the right hand, nats Q12 (0 ... threshold).
    public private(set) var rightQ12: Int32 = 0
    private var idleHops: Int32 = 0

    public init(parameters: ChangeDetectorParameters = ChangeDetectorParameters()) {
        self.parameters = parameters.sanitized
    }

    /// Largest |llr| of one hop, Q12 (4096 nats): keeps `statistic + llr` inside Int32.
    public static let maximumLLRQ12: Int32 = 1 << 24

    /// One hop's log-likelihood ratio (left over right), nats Q12: `a * logit + b`, computed exactly in Q28
    /// (Int64) and rounded half up to Q12, clamped to +-`maximumLLRQ12`.
    @inline(__always)
    public static func llrQ12(logitQ12: Int32, scaleQ16: Int32, offsetQ16: Int32) -> Int32 {
        let q28 = productS64(scaleQ16, logitQ12) &+ productS64(offsetQ16, 4096)
        let q12 = (q28 &+ 32_768) &>> 16
        return clamp(saturatedS32(q12), -maximumLLRQ12, maximumLLRQ12)
    }

    /// Feeds one hop: its logit (Q12), its p_left (Q15, only reported in the change) and whether it was idle.
    /// Returns the change of hand, if this hop causes one.
    public mutating func update(logitQ12: Int32, pLeftQ15: Int32, idle: Bool) -> HandChange? {
        let p = parameters
        if idle {
            if idleHops < Int32.max { idleHops += 1 }
            guard p.idleHopsToUnknown != ChangeDetectorParameters.never, idleHops >= p.idleHopsToUnknown else {
                return nil
            }
            leftQ12 = 0
            rightQ12 = 0
            return change(to: .unknown, pLeftQ15: pLeftQ15, evidenceQ12: 0)
        }
        if idleHops >= p.pauseHops {
            if leftQ12 < p.headStartQ12 { leftQ12 = p.headStartQ12 }
            if rightQ12 < p.headStartQ12 { rightQ12 = p.headStartQ12 }
        }
        idleHops = 0
        let llr = Self.llrQ12(logitQ12: logitQ12, scaleQ16: p.plattScaleQ16, offsetQ16: p.plattOffsetQ16)
        let h = p.thresholdQ12
        leftQ12 = Self.clamp(leftQ12 + llr, 0, h)
        rightQ12 = Self.clamp(rightQ12 - llr, 0, h)
        let crossed: HandChange?
        if hand != .left && leftQ12 >= h {
            crossed = change(to: .left, pLeftQ15: pLeftQ15, evidenceQ12: leftQ12)
        } else if hand != .right && rightQ12 >= h {
            crossed = change(to: .right, pLeftQ15: pLeftQ15, evidenceQ12: -rightQ12)
        } else {
            return nil
        }
        leftQ12 = 0
        rightQ12 = 0
        return crossed
    }

    /// Forgets everything (a device was removed or replaced).
    public mutating func reset() {
        hand = .unknown
        leftQ12 = 0
        rightQ12 = 0
        idleHops = 0
    }

    @inline(__always)
    static func clamp(_ v: Int32, _ lo: Int32, _ hi: Int32) -> Int32 { v < lo ? lo : (v > hi ? hi : v) }

    /// The change, with the crossing statistic in the Q8 of `HandChange.evidenceQ8` (rounded half away from zero).
    private mutating func change(to new: HandState, pLeftQ15: Int32, evidenceQ12: Int32) -> HandChange? {
        guard new != hand else { return nil }
        let q8 = evidenceQ12 >= 0 ? (evidenceQ12 + 8) >> 4 : -((-evidenceQ12 + 8) >> 4)
        let c = HandChange(from: hand, to: new, pLeftQ15: pLeftQ15, evidenceQ8: q8)
        hand = new
        return c
    }
}
