/// The decision layer between the classifier's hops and the reported hand: the evidence vote (`HandDecider`, the
/// rule of every model file without a `decision.cusum` entry) or the calibrated change detector (`ChangeDetector`).
/// An enum of two value types, so the pipeline holds it inline (no existential, no allocation).
public enum HandDecisionLayer: Sendable {
    case vote(HandDecider)
    case cusum(ChangeDetector)

    /// The detector when `changeDetector` is given, else the vote with `vote`.
    public init(vote: DecisionParameters, changeDetector: ChangeDetectorParameters?) {
        if let changeDetector {
            self = .cusum(ChangeDetector(parameters: changeDetector))
        } else {
            self = .vote(HandDecider(parameters: vote))
        }
    }

    /// The hand reported now.
    public var hand: HandState {
        switch self {
        case .vote(let d): return d.hand
        case .cusum(let d): return d.hand
        }
    }

    /// Idle hops in a row after which further idle hops change nothing.
    public var idleHopsUntilSteady: Int32 {
        switch self {
        case .vote(let d): return d.parameters.idleHopsToUnknown
        case .cusum(let d): return d.parameters.idleHopsUntilSteady
        }
    }

    /// Feeds one hop of the classifier. Returns the change of hand, if this hop causes one. Not inlined: it runs
    /// once per hop, and each of the pipeline's specializations would otherwise carry both rules.
    @inline(never)
    public mutating func update(_ decision: StreamingDecision) -> HandChange? {
        switch self {
        case .vote(var d):
            let c = d.update(pLeftQ15: Int32(decision.pLeftQ15), idle: decision.idle)
            self = .vote(d)
            return c
        case .cusum(var d):
            let c = d.update(logitQ12: decision.logitQ12, pLeftQ15: Int32(decision.pLeftQ15), idle: decision.idle)
            self = .cusum(d)
            return c
        }
    }

    /// Forgets everything (a device was removed or replaced).
    public mutating func reset() {
        switch self {
        case .vote(var d):
            d.reset()
            self = .vote(d)
        case .cusum(var d):
            d.reset()
            self = .cusum(d)
        }
    }
}
