/// The hand that moved the pointer: the class the network predicts.
///
/// Label convention shared by every part of DeepMouse (and the original project):
/// left = 1 (the positive class, `p_left = sigmoid(logit)`), right = 0.
public enum Hand: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case right
    case left

    /// The training label: left = 1, right = 0.
    public var label: Float { self == .left ? 1 : 0 }

    /// The index used by confusion matrices and class counts: right = 0, left = 1.
    public var index: Int { self == .left ? 1 : 0 }

    /// The hand a probability of "left" decides for: left when `p_left > 0.5` (as Keras's
    /// binary accuracy and the network's own count), so exactly 0.5 is right.
    public init(pLeft: Float) { self = pLeft > 0.5 ? .left : .right }

    public init(index: Int) { self = index == 1 ? .left : .right }

    public var description: String { rawValue }
}
