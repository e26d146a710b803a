/// Turns a device's evdev events into per-frame pointer motion: the first stage of the pipeline.
///
/// - Multitouch pads (type B protocol, `ABS_MT_SLOT`): one touch is followed by its tracking id.
///   When it lifts, the oldest remaining touch is followed from its current position (no jump).
/// - Single-touch pads: `ABS_X`/`ABS_Y` while `BTN_TOUCH` is down.
/// - Mice and pointing sticks: `REL_X`/`REL_Y`, summed per frame.
///
/// Motion is reported only within a touch and only while exactly one finger is down (two-finger
/// scrolling does not move a cursor, and the data the models learn from is cursor motion). Any
/// change of the finger count, and every `SYN_DROPPED`, re-baselines: the next frame gives no delta.
/// A raw `SYN_DROPPED` (in an evemu file) drops events up to the next `SYN_REPORT`, as the kernel
/// documents; live readers that resync through libevdev call `breakTouch()` instead and feed the
/// sync events. All storage is allocated in `init`; `process` never allocates.
public struct TouchTracker {
    /// How motion is read from the device.
    public enum Source: Equatable, Sendable {
        case multitouch(slots: Int)
        case singleTouch
        case relative
    }

    /// The source chosen for the device.
    public let source: Source

    private struct Slot {
        var trackingID: Int32 = -1
        var x: Int32 = 0
        var y: Int32 = 0
        var hasPosition = false
        /// When this touch started (frame counter), to pick the oldest touch.
        var startedAt: UInt64 = 0
    }

    private var slots: [Slot]
    private var currentSlot = 0
    private var followed = -1  // slot index (multitouch) or 0 (single touch); -1 none
    private var baselineValid = false
    private var lastX: Int32 = 0
    private var lastY: Int32 = 0
    private var toolFingers: Int32 = 0  // from BTN_TOOL_*
    private var touching = false  // BTN_TOUCH (single touch)
    private var hasBtnTouch: Bool
    private var lastFingerCount: Int32 = 0
    private var relX: Int32 = 0
    private var relY: Int32 = 0
    private var dropping = false
    private var frameCounter: UInt64 = 0

    /// Frames whose position only set a new baseline (touch starts, finger-count changes, breaks).
    public private(set) var rebaselines: Int = 0

    /// Prepares a tracker for `device` (chooses the source and allocates the slots).
    public init(device: DeviceDescription) {
        if device.kind == .touchpad
            || (!device.has(type: EventType.rel, code: RelCode.x)
                && device.has(type: EventType.abs, code: AbsCode.x))
        {
            if device.hasMultitouchSlots, let slotAxis = device.absAxis(AbsCode.mtSlot) {
                let n = Int(Swift.min(Swift.max(Int64(slotAxis.maximum) + 1, 1), 64))
                source = .multitouch(slots: n)
            } else {
                source = .singleTouch
            }
        } else {
            source = .relative
        }
        if case .multitouch(let n) = source {
            slots = [Slot](repeating: Slot(), count: n)
        } else {
            slots = [Slot](repeating: Slot(), count: 1)
        }
        hasBtnTouch = device.has(type: EventType.key, code: KeyCode.btnTouch)
    }

    /// The number of fingers currently down (touches, or what `BTN_TOOL_*` announces if more).
    public var fingerCount: Int32 {
        switch source {
        case .multitouch:
            var n: Int32 = 0
            for i in 0..<slots.count where slots[i].trackingID >= 0 { n += 1 }  // no iterator: debug builds box it
            return Swift.max(n, toolFingers)
        case .singleTouch:
            let down = hasBtnTouch ? touching : toolFingers > 0
            return down ? Swift.max(1, toolFingers) : 0
        case .relative:
            return 0
        }
    }

    /// Forgets the baseline: the next frame gives no delta (used after a libevdev resync).
    public mutating func breakTouch() {
        baselineValid = false
        relX = 0
        relY = 0
    }

    /// Feeds one event; returns the frame's motion at `SYN_REPORT` when there is any.
    public mutating func process(_ e: InputEvent) -> FrameMotion? {
        if dropping {
            if e.isFrameEnd { dropping = false }
            return nil
        }
        switch e.type {
        case EventType.syn:
            if e.code == SynCode.report { return endFrame(time: e.time) }
            if e.code == SynCode.dropped {
                dropping = true
                breakTouch()
                for i in slots.indices { slots[i].hasPosition = false }
            }
        case EventType.abs:
            absolute(e.code, e.value)
        case EventType.rel:
            if case .relative = source {
                if e.code == RelCode.x { relX = relX &+ e.value } else if e.code == RelCode.y { relY = relY &+ e.value }
            }
        case EventType.key:
            key(e.code, e.value)
        default:
            break
        }
        return nil
    }

    private mutating func key(_ code: UInt16, _ value: Int32) {
        if code == KeyCode.btnTouch {
            touching = value != 0
            if !touching, case .singleTouch = source { slots[0].hasPosition = false }
            return
        }
        let fingers = KeyCode.fingerCount(ofTool: code)
        if fingers > 0 {
            if value != 0 { toolFingers = fingers } else if toolFingers == fingers { toolFingers = 0 }
        }
    }

    private mutating func absolute(_ code: UInt16, _ value: Int32) {
        switch source {
        case .multitouch:
            switch code {
            case AbsCode.mtSlot:
                currentSlot = Int(value)
            case AbsCode.mtTrackingID:
                guard slots.indices.contains(currentSlot) else { return }
                if value < 0 {
                    slots[currentSlot].trackingID = -1
                    slots[currentSlot].hasPosition = false
                } else if value != slots[currentSlot].trackingID {
                    slots[currentSlot].trackingID = value
                    slots[currentSlot].hasPosition = false
                    slots[currentSlot].startedAt = frameCounter
                    if currentSlot == followed { followed = -1 }  // a new touch in the followed slot
                }
            case AbsCode.mtPositionX, AbsCode.mtPositionY:
                guard slots.indices.contains(currentSlot) else { return }
                if code == AbsCode.mtPositionX { slots[currentSlot].x = value } else { slots[currentSlot].y = value }
                slots[currentSlot].hasPosition = true
            default:
                break
            }
        case .singleTouch:
            if code == AbsCode.x {
                slots[0].x = value
                slots[0].hasPosition = true
            }
            if code == AbsCode.y {
                slots[0].y = value
                slots[0].hasPosition = true
            }
        case .relative:
            break
        }
    }

    private mutating func endFrame(time: Int64) -> FrameMotion? {
        frameCounter &+= 1
        if case .relative = source {
            defer {
                relX = 0
                relY = 0
            }
            guard relX != 0 || relY != 0 else { return nil }
            return FrameMotion(time: time, dx: relX, dy: relY)
        }
        let fingers = fingerCount
        defer { lastFingerCount = fingers }
        if fingers != lastFingerCount { baselineValid = false }

        // Which touch do we follow?
        if case .multitouch = source {
            if followed < 0 || slots[followed].trackingID < 0 {
                followed = -1
                baselineValid = false
                var oldest: UInt64 = .max
                for i in slots.indices where slots[i].trackingID >= 0 && slots[i].startedAt < oldest {
                    oldest = slots[i].startedAt
                    followed = i
                }
            }
        } else {
            let down = hasBtnTouch ? touching : toolFingers > 0
            followed = down ? 0 : -1
            if !down { baselineValid = false }
        }
        guard followed >= 0, slots[followed].hasPosition else {
            baselineValid = false
            return nil
        }
        let x = slots[followed].x
        let y = slots[followed].y
        defer {
            lastX = x
            lastY = y
        }
        guard baselineValid else {
            baselineValid = true
            rebaselines += 1
            return nil
        }
        guard fingers == 1 else { return nil }
        let dx = x &- lastX
        let dy = y &- lastY
        guard dx != 0 || dy != 0 else { return nil }
        return FrameMotion(time: time, dx: dx, dy: dy)
    }
}
