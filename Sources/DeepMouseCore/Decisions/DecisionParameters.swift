/// The knobs of the hand decision layer, in fixed point.
///
/// Each hop's score is `p_left - 0.5`; the evidence is a leaky sum of scores,
/// `E <- clamp(E * retention + score, -cap, +cap)`. A hand is declared when `|E|` reaches
/// `threshold`, and it changes only when the evidence crosses the threshold on the other side
/// (hysteresis of `2 * threshold`, never less than `minimumHopsBetweenChanges` hops apart).
/// After `idleHopsToUnknown` consecutive idle hops the hand becomes `unknown` and the evidence
/// restarts from zero. With a constant score `s`, the evidence settles at `s / (1 - retention)`.
///
/// The defaults were chosen by `tools/bench/hand-switch-bench` on the dev part of the touchpad split (with the
/// default model of the time, W=200 GRU 32): the smallest median switch delay with at most 2 false changes per hour
/// and 10% missed switches, or else the fewest missed + false changes, among 432 candidates; never on the test files.
/// A model file may carry its own (`ModelFile.decisionParameters`, written by `deepmouse export --evidence-*
/// --idle-hops ...`); the exporter stores them and the daemon uses them. What each shipped file carries, why, and
/// what it measures is in its card and the README ("Decisions").
public struct DecisionParameters: Equatable, Sendable {
    /// Evidence kept per hop, Q15 (32768 = keep everything). Default 0.90.
    public var retentionQ15: Int32
    /// |evidence| needed to declare a hand, Q8 (256 = 1.0). Default 4.
    public var thresholdQ8: Int32
    /// Largest |evidence|, Q8: bounds how long a switch can take. Default 6.
    public var capQ8: Int32
    /// Consecutive idle hops before the hand becomes `unknown`. Default 1.
    public var idleHopsToUnknown: Int32
    /// Fewest hops between two changes of hand (left <-> right). Default 0: hysteresis alone.
    public var minimumHopsBetweenChanges: Int32

    public init(
        retentionQ15: Int32 = 29_491, thresholdQ8: Int32 = 1_024, capQ8: Int32 = 1_536,
        idleHopsToUnknown: Int32 = 1, minimumHopsBetweenChanges: Int32 = 0
    ) {
        self.retentionQ15 = retentionQ15
        self.thresholdQ8 = thresholdQ8
        self.capQ8 = capQ8
        self.idleHopsToUnknown = idleHopsToUnknown
        self.minimumHopsBetweenChanges = minimumHopsBetweenChanges
    }

    /// The parameters clamped into the ranges the integer arithmetic is exact for:
    /// retention 0 ... 32767, cap 1 ... 65536 (so `E * retention` fits in Int32), threshold
    /// 1 ... cap, idle hops >= 1, minimum hops >= 0.
    public var sanitized: DecisionParameters {
        var p = self
        p.retentionQ15 = Self.clamp(p.retentionQ15, 0, 32_767)
        p.capQ8 = Self.clamp(p.capQ8, 1, 65_536)
        p.thresholdQ8 = Self.clamp(p.thresholdQ8, 1, p.capQ8)
        p.idleHopsToUnknown = Self.clamp(p.idleHopsToUnknown, 1, Int32.max)
        p.minimumHopsBetweenChanges = Self.clamp(p.minimumHopsBetweenChanges, 0, Int32.max)
        return p
    }

    @inline(__always)
    static func clamp(_ v: Int32, _ lo: Int32, _ hi: Int32) -> Int32 { v < lo ? lo : (v > hi ? hi : v) }
}
