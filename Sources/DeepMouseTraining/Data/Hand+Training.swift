import DeepMouseCore

/// The trainer's view of `Hand` (the core's type): the float label and the class index.
extension Hand {
    /// The training label: left = 1, right = 0.
    public var trainingLabel: Float { self == .left ? 1 : 0 }

    /// The index used by confusion matrices and class counts: right = 0, left = 1.
    public var index: Int { Int(rawValue) }

    /// The hand a probability of "left" decides for: left when `p_left > 0.5` (as Keras's
    /// binary accuracy and the network's own count), so exactly 0.5 is right.
    public init(pLeft: Float) { self = pLeft > 0.5 ? .left : .right }

    public init(index: Int) { self = index == 1 ? .left : .right }

    /// The hand named `text` (`left` or `right`), if any.
    public init?(_ text: String) { self.init(name: text.utf8) }
}

extension MotionUnit {
    /// The unit named `text` (`px`, `mm` or `counts`), if any.
    public init?(_ text: String) { self.init(name: text.utf8) }
}
