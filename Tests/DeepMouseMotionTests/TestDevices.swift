import DeepMouseMotion

/// The test devices, declared once (as libinput's tests do).
enum TestDevices {
    /// A two-slot multitouch pad with different resolutions per axis (65 x 136 units/mm).
    static var multitouchPad: DeviceDescription {
        var d = DeviceDescription(
            name: "Test MT Pad", id: InputID(bustype: 0x18, vendor: 0x6cb, product: 0x7e7e, version: 0x100))
        d.properties.insert(InputProperty.pointer)
        d.properties.insert(InputProperty.buttonPad)
        for k in [
            KeyCode.btnLeft, KeyCode.btnToolFinger, KeyCode.btnTouch, KeyCode.btnToolDoubleTap, KeyCode.btnToolTripleTap
        ] {
            d.enable(type: EventType.key, code: k)
        }
        d.enable(type: EventType.syn, code: SynCode.report)
        d.setAbsAxis(AbsAxis(code: AbsCode.x, minimum: 0, maximum: 6500, resolution: 65))
        d.setAbsAxis(AbsAxis(code: AbsCode.y, minimum: 0, maximum: 8160, resolution: 136))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtSlot, minimum: 0, maximum: 1))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtPositionX, minimum: 0, maximum: 6500, resolution: 65))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtPositionY, minimum: 0, maximum: 8160, resolution: 136))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtTrackingID, minimum: 0, maximum: 65535))
        return d
    }

    /// A single-touch pad (ABS_X/ABS_Y + BTN_TOUCH) without resolution.
    static var singleTouchPad: DeviceDescription {
        var d = DeviceDescription(name: "Test ST Pad")
        for k in [KeyCode.btnLeft, KeyCode.btnToolFinger, KeyCode.btnTouch] { d.enable(type: EventType.key, code: k) }
        d.enable(type: EventType.syn, code: SynCode.report)
        d.setAbsAxis(AbsAxis(code: AbsCode.x, minimum: 0, maximum: 1280))
        d.setAbsAxis(AbsAxis(code: AbsCode.y, minimum: 0, maximum: 704))
        return d
    }

    /// A plain three-button mouse.
    static var mouse: DeviceDescription {
        var d = DeviceDescription(
            name: "Test Mouse", id: InputID(bustype: 3, vendor: 0x46d, product: 0xc077, version: 0x111))
        for k in [KeyCode.btnLeft, KeyCode.btnRight, KeyCode.btnMiddle] { d.enable(type: EventType.key, code: k) }
        for r in [RelCode.x, RelCode.y, RelCode.wheel] { d.enable(type: EventType.rel, code: r) }
        d.enable(type: EventType.syn, code: SynCode.report)
        return d
    }
}

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
