/// What the streaming classifier says about the last W samples, once per hop.
public struct StreamingDecision: Equatable, Sendable {
    /// Probability that the left hand moved the device, Q0.15 (16384 = 0.5).
    public var pLeftQ15: Int16
    /// The network's logit in Q3.12 before the sigmoid table (0 when idle).
    public var logitQ12: Int32
    /// The window failed the no-motion rule (std of dx or dy at or below the model's still
    /// threshold): the network was not run and `pLeftQ15` is 16384.
    public var idle: Bool

    public init(pLeftQ15: Int16, logitQ12: Int32, idle: Bool) {
        self.pLeftQ15 = pLeftQ15
        self.logitQ12 = logitQ12
        self.idle = idle
    }

    /// The hand the window votes for (only meaningful when not idle).
    public var isLeft: Bool { pLeftQ15 >= 16384 }

    /// The decision of an idle window.
    public static let idleDecision = StreamingDecision(pLeftQ15: 16384, logitQ12: 0, idle: true)
}
