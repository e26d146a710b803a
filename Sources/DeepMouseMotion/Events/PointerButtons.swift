/// Which pointer buttons (`BTN_LEFT` ... `BTN_TASK`) a device holds, from its key events, and when
/// "some button is held" turns into "every button is up" or back, at the `SYN_REPORT` that ends
/// the frame. libinput applies a change of `left_handed` only once every button is released, and
/// `deepmouse-follow` waits for the same moment: the daemon prints this as its `buttons` line.
///
/// Touch state (`BTN_TOUCH`, `BTN_TOOL_*`) is not a button; a tap is not a button either (libinput
/// makes taps into clicks, evdev never sees them). After `SYN_DROPPED` libevdev replays the
/// buttons whose state changed, so the held set stays right.
public struct PointerButtons: Sendable {
    /// One bit per button: bit 0 is `BTN_LEFT`, bit 7 `BTN_TASK`.
    public private(set) var held: UInt8 = 0
    /// The state last reported (true: some button held).
    public private(set) var reportedHeld = false

    public init() {}

    /// Feeds one event. At a `SYN_REPORT` after which "some button held" differs from what was
    /// last reported, returns the new state (true: some button held, false: every button up).
    @inline(__always)
    public mutating func process(_ e: InputEvent) -> Bool? {
        if e.type == EventType.key {
            guard e.code >= KeyCode.btnLeft && e.code <= KeyCode.btnTask else { return nil }
            let bit = UInt8(1) << UInt8(truncatingIfNeeded: e.code &- KeyCode.btnLeft)
            if e.value == 0 { held &= ~bit } else { held |= bit }  // 1 press, 2 autorepeat: held
            return nil
        }
        guard e.type == EventType.syn && e.code == SynCode.report && (held != 0) != reportedHeld else { return nil }
        reportedHeld = held != 0
        return reportedHeld
    }
}
