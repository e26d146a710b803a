import DeepMouseMotion

/// Builds event sequences with a running clock (microseconds).
struct EventScript {
    var time: Int64 = 1_000_000
    var events: [InputEvent] = []

    mutating func at(_ t: Int64) -> EventScript {
        time = t
        return self
    }
    mutating func abs(_ code: UInt16, _ value: Int32) {
        events.append(InputEvent(time: time, type: EventType.abs, code: code, value: value))
    }
    mutating func rel(_ code: UInt16, _ value: Int32) {
        events.append(InputEvent(time: time, type: EventType.rel, code: code, value: value))
    }
    mutating func key(_ code: UInt16, _ value: Int32) {
        events.append(InputEvent(time: time, type: EventType.key, code: code, value: value))
    }
    mutating func syn(_ code: UInt16 = SynCode.report) {
        events.append(InputEvent(time: time, type: EventType.syn, code: code, value: 0))
    }

    /// One multitouch frame moving `slot` to (x, y).
    mutating func mtMove(slot: Int32, x: Int32, y: Int32) {
        abs(AbsCode.mtSlot, slot)
        abs(AbsCode.mtPositionX, x)
        abs(AbsCode.mtPositionY, y)
        syn()
    }
}

/// Runs `events` through a fresh tracker and returns the frame motions.
func track(_ device: DeviceDescription, _ events: [InputEvent]) -> [FrameMotion] {
    var t = TouchTracker(device: device)
    return events.compactMap { t.process($0) }
}
