/// The pointer motion of one evdev frame (the events up to a `SYN_REPORT`), in device units.
///
/// Touchpads: the followed touch's position change within one touch; mice and pointing sticks:
/// the summed REL_X/REL_Y counts. A frame without motion is never produced.
public struct FrameMotion: Equatable, Sendable {
    /// The frame's `SYN_REPORT` time, microseconds on the event clock.
    public var time: Int64
    public var dx: Int32
    public var dy: Int32

    public init(time: Int64, dx: Int32, dy: Int32) {
        self.time = time
        self.dx = dx
        self.dy = dy
    }
}
