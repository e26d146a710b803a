/// One evdev event (`struct input_event`) with its timestamp folded into microseconds.
///
/// Every stage of the motion pipeline (evemu files, libevdev, the tracker, the 100 Hz grid) speaks
/// this one value type, so the same code runs on live devices and on recordings. The timestamp is
/// in microseconds on the event clock (CLOCK_MONOTONIC for live devices where the kernel allows,
/// the recording's clock for evemu files).
public struct InputEvent: Equatable, Sendable {
    /// Event time in microseconds (`tv_sec * 1_000_000 + tv_usec`).
    public var time: Int64
    /// `EV_*` type, see `EventType`.
    public var type: UInt16
    /// Type-specific code (`ABS_X`, `REL_X`, `BTN_TOUCH`, ...).
    public var code: UInt16
    /// The value: position, delta, key state, tracking id...
    public var value: Int32

    public init(time: Int64, type: UInt16, code: UInt16, value: Int32) {
        self.time = time
        self.type = type
        self.code = code
        self.value = value
    }

    /// Builds an event from a `timeval`-style pair.
    public init(seconds: Int64, microseconds: Int64, type: UInt16, code: UInt16, value: Int32) {
        self.init(time: seconds &* 1_000_000 &+ microseconds, type: type, code: code, value: value)
    }

    /// Whole seconds of `time` (floor division, so negative times stay consistent).
    public var seconds: Int64 { time.flooredDivided(by: 1_000_000) }
    /// Microseconds within the second, 0...999_999.
    public var microsecondsOfSecond: Int64 { time &- seconds &* 1_000_000 }

    /// True for `EV_SYN / SYN_REPORT`, the end of a frame.
    @inline(__always) public var isFrameEnd: Bool { type == EventType.syn && code == SynCode.report }
    /// True for `EV_SYN / SYN_DROPPED`: the kernel's buffer overflowed and events were lost.
    @inline(__always) public var isDropped: Bool { type == EventType.syn && code == SynCode.dropped }
}

extension Int64 {
    /// Division rounding toward negative infinity (Swift's `/` truncates toward zero).
    @inline(__always)
    public func flooredDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && ((self < 0) != (divisor < 0))) ? q &- 1 : q
    }
}
