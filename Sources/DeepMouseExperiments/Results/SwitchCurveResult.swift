/// One threshold of a decider on switching streams, as `hand-switch-bench --curve` scores it.
public struct SwitchCurvePoint: Codable, Sendable, Equatable {
    public var threshold: Double
    public var switches: Int
    /// Switches whose new hand was never named before the next switch.
    public var missed: Int
    /// Delay from a switch to the first line naming the new hand (nil when every switch was missed).
    public var medianDelaySeconds: Double?
    public var p90DelaySeconds: Double?
    /// Changes to a hand that is not the one in use.
    public var falseChanges: Int
    public var falseChangesPerMotionHour: Double
    /// Fractions of the time the reported hand is right, wrong or unknown.
    public var right: Double
    public var wrong: Double
    public var unknown: Double

    public init(
        threshold: Double, switches: Int, missed: Int, medianDelaySeconds: Double?, p90DelaySeconds: Double?,
        falseChanges: Int, falseChangesPerMotionHour: Double, right: Double, wrong: Double, unknown: Double
    ) {
        self.threshold = threshold
        self.switches = switches
        self.missed = missed
        self.medianDelaySeconds = medianDelaySeconds
        self.p90DelaySeconds = p90DelaySeconds
        self.falseChanges = falseChanges
        self.falseChangesPerMotionHour = falseChangesPerMotionHour
        self.right = right
        self.wrong = wrong
        self.unknown = unknown
    }
}

/// One decider's threshold sweep on dev and held-out streams, and the threshold the comparison
/// rule of docs/switching.md picks on dev.
public struct SwitchDeciderCurve: Codable, Sendable, Equatable {
    public var decider: String
    /// A short name for legends ("shipped rule"); nil: the decider's description, clipped.
    public var label: String?
    public var dev: [SwitchCurvePoint]
    public var test: [SwitchCurvePoint]
    /// Index of the smallest threshold with at most one false change per hour of motion on dev.
    public var chosen: Int?

    public init(decider: String, label: String? = nil, dev: [SwitchCurvePoint], test: [SwitchCurvePoint]) {
        self.decider = decider
        self.label = label
        self.dev = dev
        self.test = test
        chosen = dev.firstIndex { $0.falseChangesPerMotionHour <= 1 && $0.medianDelaySeconds != nil }
    }
}

/// The delay-against-false-changes trade-off of several deciders on one device's switching streams:
/// a `switch-curve` line of a results file, drawn by `deepmouse report`.
public struct SwitchCurveResult: Codable, Sendable, Equatable {
    /// `touchpad` or `mouse`.
    public var device: String
    public var model: String
    /// Seconds between switches, and how many re-cut streams each figure pools.
    public var segmentSeconds: Int
    public var recuts: Int
    public var streamMinutes: Double
    /// Held-out motion per hand (left, right) that the streams cycle through: what the figures rest on.
    public var devMotionSeconds: [Double]
    public var testMotionSeconds: [Double]
    /// How the detector's log-likelihood ratios were calibrated (e.g. "llr = 0.822 logit - 0.438").
    public var calibration: String?
    public var deciders: [SwitchDeciderCurve]

    public init(
        device: String, model: String, segmentSeconds: Int, recuts: Int, streamMinutes: Double,
        devMotionSeconds: [Double], testMotionSeconds: [Double], calibration: String?, deciders: [SwitchDeciderCurve]
    ) {
        self.device = device
        self.model = model
        self.segmentSeconds = segmentSeconds
        self.recuts = recuts
        self.streamMinutes = streamMinutes
        self.devMotionSeconds = devMotionSeconds
        self.testMotionSeconds = testMotionSeconds
        self.calibration = calibration
        self.deciders = deciders
    }
}
