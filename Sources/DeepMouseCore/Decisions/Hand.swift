/// Which hand moves the pointer, as the daemon reports it.
///
/// `unknown` is the state while the pointer is idle (and before enough evidence has been seen).
public enum Hand: UInt8, Sendable {
    case unknown = 0
    case left = 1
    case right = 2

    /// The name used in output lines: `unknown`, `left`, `right`.
    public var label: StaticString {
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
    public var from: Hand
    /// The hand from now on.
    public var to: Hand
    /// The hop's probability of the left hand, Q15 (32768 = 1.0).
    public var pLeftQ15: Int32
    /// The accumulated evidence after this hop, Q8 (positive = left).
    public var evidenceQ8: Int32

    public init(from: Hand, to: Hand, pLeftQ15: Int32, evidenceQ8: Int32) {
        self.from = from
        self.to = to
        self.pLeftQ15 = pLeftQ15
        self.evidenceQ8 = evidenceQ8
    }
}
