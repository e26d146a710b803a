/// The knobs of the calibrated, pause-aware change detector (`ChangeDetector`), in fixed point.
///
/// Each moving hop's log-likelihood ratio of left over right is the classifier's logit, Platt-scaled:
/// `llr = a * logit + b` (nats, Q12). Two one-sided CUSUMs accumulate it, `L <- clamp(L + llr, 0, h)` toward the
/// left hand and `R <- clamp(R - llr, 0, h)` toward the right; the hand becomes left when `L` reaches the threshold
/// `h` (and it was not left), right likewise, and both restart from 0 at every change. Idle hops leave the hand and
/// both statistics as they are (the hand stays known while the pointer rests); when motion resumes after at least
/// `pauseHops` idle hops, both statistics start from at least `headStart` (a switch is likelier after a pause), so
/// a switch there needs `h - headStart` of evidence instead of `h`. After `idleHopsToUnknown` idle hops in a row
/// (never by default) the hand becomes `unknown` and both statistics restart from 0.
///
/// `a` and `b` are fitted on a model's dev hops (`deepmouse calibrate`); the threshold trades delay against false
/// changes (`tools/bench/hand-switch-bench --curve`). This is the rule of docs/switching.md section 5.
public struct ChangeDetectorParameters: Equatable, Sendable {
    /// Platt scale `a`, Q16 (65536 = 1.0): nats per unit of logit. At least 1/65536.
    public var plattScaleQ16: Int32
    /// Platt offset `b`, nats, Q16.
    public var plattOffsetQ16: Int32
    /// Threshold `h`, nats, Q12 (4096 = 1 nat).
    public var thresholdQ12: Int32
    /// Head start after a pause, nats, Q12 (0 ... threshold).
    public var headStartQ12: Int32
    /// Idle hops in a row that make a pause (>= 1).
    public var pauseHops: Int32
    /// Idle hops in a row before the hand becomes `unknown`; `ChangeDetectorParameters.never` (the default) keeps
    /// it through any pause.
    public var idleHopsToUnknown: Int32

    /// `idleHopsToUnknown` for a hand that never becomes `unknown` once named.
    public static let never = Int32.max
    /// Largest |a| and |b| (16.0, Q16) and largest threshold (4096 nats, Q12): the ranges the arithmetic is exact for.
    public static let maximumPlattQ16: Int32 = 1 << 20
    public static let maximumThresholdQ12: Int32 = 1 << 24

    public init(
        plattScaleQ16: Int32 = 65_536, plattOffsetQ16: Int32 = 0, thresholdQ12: Int32 = 32 * 4096,
        headStartQ12: Int32 = 16 * 4096, pauseHops: Int32 = 13,
        idleHopsToUnknown: Int32 = ChangeDetectorParameters.never
    ) {
        self.plattScaleQ16 = plattScaleQ16
        self.plattOffsetQ16 = plattOffsetQ16
        self.thresholdQ12 = thresholdQ12
        self.headStartQ12 = headStartQ12
        self.pauseHops = pauseHops
        self.idleHopsToUnknown = idleHopsToUnknown
    }

    /// The parameters clamped into the ranges the integer arithmetic is exact for: scale 1 ... 2^20, offset
    /// -2^20 ... 2^20, threshold 1 ... 2^24, head start 0 ... threshold, pause hops and idle hops >= 1.
    public var sanitized: ChangeDetectorParameters {
        var p = self
        let m = Self.maximumPlattQ16
        p.plattScaleQ16 = DecisionParameters.clamp(p.plattScaleQ16, 1, m)
        p.plattOffsetQ16 = DecisionParameters.clamp(p.plattOffsetQ16, -m, m)
        p.thresholdQ12 = DecisionParameters.clamp(p.thresholdQ12, 1, Self.maximumThresholdQ12)
        p.headStartQ12 = DecisionParameters.clamp(p.headStartQ12, 0, p.thresholdQ12)
        p.pauseHops = DecisionParameters.clamp(p.pauseHops, 1, Int32.max)
        p.idleHopsToUnknown = DecisionParameters.clamp(p.idleHopsToUnknown, 1, Int32.max)
        return p
    }

    /// Idle hops in a row after which further idle hops change nothing (the pipeline may stop feeding them).
    public var idleHopsUntilSteady: Int32 {
        let p = sanitized
        return p.idleHopsToUnknown == Self.never ? p.pauseHops : max(p.pauseHops, p.idleHopsToUnknown)
    }
}

extension ChangeDetectorParameters {
    /// From nats (setup time): `a` and `b` rounded to Q16, the threshold and head start to Q12 (to nearest, ties
    /// away from zero), then sanitized.
    public init(
        plattScale a: Double, plattOffset b: Double, threshold: Double, headStart: Double, pauseHops: Int32,
        idleHopsToUnknown: Int32 = ChangeDetectorParameters.never
    ) {
        func q(_ x: Double, _ one: Double) -> Int32 {
            Int32(truncatingIfNeeded: min(max(roundedToNearestS64(x * one), -1_073_741_824), 1_073_741_824))
        }
        self.init(
            plattScaleQ16: q(a, 65_536), plattOffsetQ16: q(b, 65_536), thresholdQ12: q(threshold, 4096),
            headStartQ12: q(headStart, 4096), pauseHops: pauseHops, idleHopsToUnknown: idleHopsToUnknown)
        self = sanitized
    }
}
