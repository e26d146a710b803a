/// Turns the classifier's per-hop `(p_left, idle)` into hand changes: evidence accumulation with
/// hysteresis, `unknown` while idle, no flapping. See `DecisionParameters` for the rule.
///
/// Integer only (Int32, no allocation, Embedded-clean). Symmetric: mirroring every `p_left`
/// around 0.5 mirrors every decision (rounding is half away from zero).
public struct HandDecider: Sendable {
    public let parameters: DecisionParameters
    /// The hand reported now.
    public private(set) var hand: HandState = .unknown
    /// The accumulated evidence, Q8 (positive = left).
    public private(set) var evidenceQ8: Int32 = 0
    private var idleHops: Int32 = 0
    private var hopsSinceChange: Int32 = Int32.max

    public init(parameters: DecisionParameters = DecisionParameters()) {
        self.parameters = parameters.sanitized
    }

    /// One hop's score, `p_left - 0.5`, in Q8 (rounded half away from zero).
    @inline(__always)
    public static func scoreQ8(pLeftQ15: Int32) -> Int32 {
        let p = pLeftQ15 < 0 ? 0 : (pLeftQ15 > 32_768 ? 32_768 : pLeftQ15)
        let s = p - 16_384  // Q15, -16384 ... 16384
        return s >= 0 ? (s + 64) >> 7 : -((-s + 64) >> 7)  // Q8, -128 ... 128
    }

    /// `value * factorQ15 / 32768`, rounded half away from zero (|value| <= 65536 keeps it exact).
    @inline(__always)
    public static func scaledQ15RoundingHalfAwayFromZero(_ value: Int32, by factorQ15: Int32) -> Int32 {
        let m = (value < 0 ? -value : value) &* factorQ15
        let q = (m &+ 16_384) >> 15
        return value < 0 ? -q : q
    }

    /// Feeds one hop. Returns the change of hand, if this hop causes one.
    public mutating func update(pLeftQ15: Int32, idle: Bool) -> HandChange? {
        if hopsSinceChange < Int32.max { hopsSinceChange += 1 }
        if idle {
            if idleHops < Int32.max { idleHops += 1 }
            guard idleHops >= parameters.idleHopsToUnknown else { return nil }
            evidenceQ8 = 0
            return change(to: .unknown, pLeftQ15: pLeftQ15)
        }
        idleHops = 0
        let decayed = HandDecider.scaledQ15RoundingHalfAwayFromZero(evidenceQ8, by: parameters.retentionQ15)
        let e = decayed + HandDecider.scoreQ8(pLeftQ15: pLeftQ15)
        evidenceQ8 = e > parameters.capQ8 ? parameters.capQ8 : (e < -parameters.capQ8 ? -parameters.capQ8 : e)

        let wanted: HandState
        if evidenceQ8 >= parameters.thresholdQ8 {
            wanted = .left
        } else if evidenceQ8 <= -parameters.thresholdQ8 {
            wanted = .right
        } else {
            return nil  // inside the hysteresis band: keep what we have
        }
        if hand != .unknown && wanted != hand && hopsSinceChange < parameters.minimumHopsBetweenChanges {
            return nil
        }
        return change(to: wanted, pLeftQ15: pLeftQ15)
    }

    /// Forgets everything (a device was removed or replaced).
    public mutating func reset() {
        hand = .unknown
        evidenceQ8 = 0
        idleHops = 0
        hopsSinceChange = Int32.max
    }

    private mutating func change(to new: HandState, pLeftQ15: Int32) -> HandChange? {
        guard new != hand else { return nil }
        let c = HandChange(from: hand, to: new, pLeftQ15: pLeftQ15, evidenceQ8: evidenceQ8)
        hand = new
        hopsSinceChange = 0
        return c
    }
}
