import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// One open device and its pipeline, in the daemon's fixed table of slots.
struct DeviceSlot {
    var device: EvdevDevice
    var pipeline: HandPipeline
    var clock: EventClock
    /// The device's `added` line, repeated to a reader that connects later.
    let facts: LineFormatter.DeviceFacts
    /// Grid closing margin: events are stamped just before they are queued (1 ms), and a
    /// converted clock is only estimated (5 ms).
    let margin: Int64
    /// When the device was last reopened after a read error (monotonic us), and how often.
    var lastReopen: Int64 = Int64.min / 2
    var reopenCount = 0
    /// When a realigned stream was last reported (monotonic us).
    var lastRealignmentLog = Int64.min / 2

    /// Reads everything queued and runs it through the pipeline. Returns false when the device
    /// failed (unplugged).
    mutating func drain(into emitter: UnsafeMutablePointer<LineEmitter>) -> ReadOutcome {
        var output = DeviceOutput(emitter: emitter, device: device.path)
        var d = device
        let monotonic = clock.isMonotonic
        let outcome = d.read { input in
            switch input {
            case .resync:
                pipeline.process(.resync, output: &output)
            case .event(var e):
                if !monotonic {
                    e.time = clock.monotonicTime(
                        of: e.time, now: MonotonicClock.now(), realtimeNow: MonotonicClock.realtimeNow())
                }
                pipeline.process(.event(e), output: &output)
            }
        }
        if d.realignments != device.realignments {
            let now = MonotonicClock.now()
            if now - lastRealignmentLog >= 60_000_000 {
                lastRealignmentLog = now
                Log.realigned(d)
            }
        }
        device = d
        return outcome
    }

    /// Closes the cells that ended before `now - margin`.
    mutating func advance(now: Int64, emitter: UnsafeMutablePointer<LineEmitter>) {
        var output = DeviceOutput(emitter: emitter, device: device.path)
        pipeline.advance(to: now &- margin, output: &output)
    }
}
