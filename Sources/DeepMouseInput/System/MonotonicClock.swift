import CLinux

/// CLOCK_MONOTONIC in microseconds: the daemon's one time base (never jumps, never goes back).
public enum MonotonicClock {
    /// Now, in microseconds since an arbitrary point (boot).
    @inline(__always)
    public static func now() -> Int64 {
        let ts = Syscalls.clockGettime(CLOCK_MONOTONIC)
        return Int64(ts.tv_sec) &* 1_000_000 &+ Int64(ts.tv_nsec) / 1_000
    }

    /// CLOCK_REALTIME now, in microseconds since the epoch (to convert event times when the
    /// device cannot be switched to the monotonic clock).
    @inline(__always)
    public static func realtimeNow() -> Int64 {
        let ts = Syscalls.clockGettime(CLOCK_REALTIME)
        return Int64(ts.tv_sec) &* 1_000_000 &+ Int64(ts.tv_nsec) / 1_000
    }

    /// The local time of day (the system's time zone) at monotonic instant `t`, to the millisecond,
    /// for lines people read. Mapped through the clocks' offset now, so it follows a clock that was set.
    public static func localTimeOfDay(at t: Int64) -> (hour: Int32, minute: Int32, second: Int32, millisecond: Int32) {
        let micros = realtimeNow() &- now() &+ t
        var seconds = time_t(micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return (0, 0, 0, 0) }
        let millisecond = Int32((micros - Int64(seconds) * 1_000_000) / 1_000)
        return (parts.tm_hour, parts.tm_min, parts.tm_sec, millisecond)
    }
}

/// A timerfd on CLOCK_MONOTONIC armed with absolute deadlines, so a late wake-up never shifts
/// the following deadlines (no drift).
public struct TimerFD {
    public let descriptor: FileDescriptor

    /// `timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)`.
    public init() throws(Errno) {
        let fd = try Syscalls.timerfdCreate(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK) | Int32(TFD_CLOEXEC))
        descriptor = FileDescriptor(rawValue: fd)
    }

    /// Arms the timer to fire once at `deadline` (microseconds on CLOCK_MONOTONIC, absolute).
    public func arm(at deadline: Int64) throws(Errno) {
        var spec = itimerspec()
        let d = deadline < 1 ? 1 : deadline  // 0 would disarm
        spec.it_value.tv_sec = Int(d / 1_000_000)
        spec.it_value.tv_nsec = Int(d % 1_000_000) * 1_000
        try Syscalls.timerfdSettime(descriptor.rawValue, Int32(TFD_TIMER_ABSTIME), &spec)
    }

    /// Disarms the timer.
    public func disarm() throws(Errno) {
        var spec = itimerspec()
        try Syscalls.timerfdSettime(descriptor.rawValue, 0, &spec)
    }

    /// Reads the expiration count (0 when it has not fired: EAGAIN).
    public func acknowledge() throws(Errno) -> UInt64 {
        var count: UInt64 = 0
        do {
            _ = try withUnsafeMutableBytes(of: &count) { (b) throws(Errno) in try descriptor.read(into: b) }
        } catch  where error == .wouldBlock {
            return 0
        }
        return count
    }

    public func close() { try? descriptor.close() }
}
