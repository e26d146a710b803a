/// Maps a device's event timestamps onto CLOCK_MONOTONIC.
///
/// - `libevdev_set_clock_id(CLOCK_MONOTONIC)` succeeded: the identity.
/// - It failed (kernels before 3.4; umockdev: EVIOCSCLOCKID gives ENOENT): the kernel stamps
///   events with CLOCK_REALTIME, converted exactly with `monotonic - realtime` read at the same
///   moment (re-read on every event, so an NTP step is followed).
/// - The timestamps are on neither clock (umockdev stamps replayed events with the recording's
///   own times): the offset is the largest `now - eventTime` seen (the longest delivery delay),
///   so a mapped time is never before its read and no frame lands in a cell already closed.
///   While delays stay at or below the first one the events' spacing, and so the grid, is exact;
///   a longer delay shifts what follows later (latency, never a late frame). Re-based downwards
///   only when it is more than a second too large (a clock step). A shrinking estimate, the
///   obvious alternative, moves later events into earlier cells when a slow first read is
///   followed by fast ones.
/// The first event decides between the last two (realtime when within 10 s of CLOCK_REALTIME).
public struct EventClock: Sendable {
    /// Which clock the device stamps its events with, once the first event has decided it.
    public enum Mode: Equatable, Sendable {
        case monotonic
        case realtime
        case estimated
        case undecided
    }

    public private(set) var mode: Mode
    private var offset: Int64 = 0
    /// Clock steps detected while estimating (re-basings).
    public private(set) var steps: Int = 0

    public init(isMonotonic: Bool) { mode = isMonotonic ? .monotonic : .undecided }

    /// True for the identity mapping.
    public var isMonotonic: Bool { mode == .monotonic }

    /// The monotonic time of an event read at monotonic time `now`; `realtimeNow` is
    /// CLOCK_REALTIME read at the same moment.
    @inline(__always)
    public mutating func monotonicTime(of eventTime: Int64, now: Int64, realtimeNow: Int64) -> Int64 {
        switch mode {
        case .monotonic:
            return eventTime
        case .realtime:
            return eventTime &+ (now &- realtimeNow)
        case .undecided:
            let distance = realtimeNow &- eventTime
            if distance > -10_000_000 && distance < 10_000_000 {
                mode = .realtime
                return eventTime &+ (now &- realtimeNow)
            }
            mode = .estimated
            offset = now &- eventTime
            return eventTime &+ offset
        case .estimated:
            let candidate = now &- eventTime
            if candidate > offset {
                offset = candidate
            } else if candidate < offset &- 1_000_000 {
                steps &+= 1
                offset = candidate
            }
            return eventTime &+ offset
        }
    }

    /// How the clock is described in the startup line and the `added` line.
    public var label: StaticString {
        switch mode {
        case .monotonic: return "monotonic"
        case .realtime: return "realtime-converted"
        case .estimated, .undecided: return "converted"
        }
    }
}
