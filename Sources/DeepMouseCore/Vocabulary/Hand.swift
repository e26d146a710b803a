/// The hand that moves the pointer: the class every model predicts.
///
/// The label convention of the whole project (and of the original study): left is the positive
/// class, `p_left = sigmoid(logit)`, label 1; right is label 0.
public enum Hand: UInt8, Sendable {
    case right = 0
    case left = 1

    /// The name in files, manifests and output lines: `left`, `right`.
    public var name: StaticString {
        switch self {
        case .right: return "right"
        case .left: return "left"
        }
    }

    /// The other hand.
    public var other: Hand { self == .left ? .right : .left }

    /// The hand a probability of "left" in Q15 votes for: left from 0.5 (16384) up.
    public init(pLeftQ15: Int32) { self = pLeftQ15 >= 16_384 ? .left : .right }

    /// The hand called `name` (`left` or `right`, exactly), if any.
    public init?<Bytes: Collection<UInt8>>(name bytes: Bytes) {
        if bytes.elementsEqual(Hand.left.name.bytes) {
            self = .left
        } else if bytes.elementsEqual(Hand.right.name.bytes) {
            self = .right
        } else {
            return nil
        }
    }
}

/// The hand a decider reports: one of the two, or `unknown` (nothing seen yet, or the pointer
/// has rested long enough for the decider to forget).
public enum HandState: UInt8, Sendable {
    case unknown = 0
    case left = 1
    case right = 2

    /// The state naming `hand`.
    public init(_ hand: Hand) { self = hand == .left ? .left : .right }

    /// The hand, when one is known.
    public var hand: Hand? {
        switch self {
        case .unknown: return nil
        case .left: return .left
        case .right: return .right
        }
    }

    /// The name used in output lines: `unknown`, `left`, `right`.
    public var name: StaticString {
        switch self {
        case .unknown: return "unknown"
        case .left: return "left"
        case .right: return "right"
        }
    }
}

/// A change of the reported hand, produced by `HandDecider` at most once per hop.
public struct HandChange: Equatable, Sendable {
    /// The hand before the change.
    public var from: HandState
    /// The hand from now on.
    public var to: HandState
    /// The hop's probability of the left hand, Q15 (32768 = 1.0).
    public var pLeftQ15: Int32
    /// The accumulated evidence after this hop, Q8 (positive = left).
    public var evidenceQ8: Int32

    public init(from: HandState, to: HandState, pLeftQ15: Int32, evidenceQ8: Int32) {
        self.from = from
        self.to = to
        self.pLeftQ15 = pLeftQ15
        self.evidenceQ8 = evidenceQ8
    }
}
