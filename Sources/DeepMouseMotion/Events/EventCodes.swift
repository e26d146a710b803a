// The evdev codes DeepMouse uses, with the kernel's values (linux/input-event-codes.h).
// Spelled as Swift names so that no target but DeepMouseInput needs the C headers.

/// `EV_*` event types.
public enum EventType {
    public static let syn: UInt16 = 0x00
    public static let key: UInt16 = 0x01
    public static let rel: UInt16 = 0x02
    public static let abs: UInt16 = 0x03
    public static let msc: UInt16 = 0x04
    public static let sw: UInt16 = 0x05
    public static let led: UInt16 = 0x11
    public static let snd: UInt16 = 0x12
    public static let rep: UInt16 = 0x14
    public static let ff: UInt16 = 0x15
    /// `EV_MAX`.
    public static let max: UInt16 = 0x1f
}

/// `SYN_*` codes.
public enum SynCode {
    public static let report: UInt16 = 0
    public static let config: UInt16 = 1
    public static let mtReport: UInt16 = 2
    public static let dropped: UInt16 = 3
}

/// `REL_*` codes.
public enum RelCode {
    public static let x: UInt16 = 0x00
    public static let y: UInt16 = 0x01
    public static let hwheel: UInt16 = 0x06
    public static let wheel: UInt16 = 0x08
    public static let max: UInt16 = 0x0f
}

/// `ABS_*` codes.
public enum AbsCode {
    public static let x: UInt16 = 0x00
    public static let y: UInt16 = 0x01
    public static let pressure: UInt16 = 0x18
    public static let toolWidth: UInt16 = 0x1c
    public static let mtSlot: UInt16 = 0x2f
    public static let mtTouchMajor: UInt16 = 0x30
    public static let mtPositionX: UInt16 = 0x35
    public static let mtPositionY: UInt16 = 0x36
    public static let mtToolType: UInt16 = 0x37
    public static let mtTrackingID: UInt16 = 0x39
    public static let mtPressure: UInt16 = 0x3a
    public static let max: UInt16 = 0x3f
}

/// `KEY_*` / `BTN_*` codes that matter to a pointing device. Every other key code is ignored
/// (and, in the daemon, never even looked at: see `KeyCode.isPointerStateKey`).
public enum KeyCode {
    public static let esc: UInt16 = 1
    /// `BTN_MOUSE` .. `BTN_TASK`: pointer buttons.
    public static let btnLeft: UInt16 = 0x110
    public static let btnRight: UInt16 = 0x111
    public static let btnMiddle: UInt16 = 0x112
    public static let btnTask: UInt16 = 0x117
    public static let btnToolPen: UInt16 = 0x140
    public static let btnToolFinger: UInt16 = 0x145
    public static let btnToolQuintTap: UInt16 = 0x148
    public static let btnTouch: UInt16 = 0x14a
    public static let btnStylus: UInt16 = 0x14b
    public static let btnToolDoubleTap: UInt16 = 0x14d
    public static let btnToolTripleTap: UInt16 = 0x14e
    public static let btnToolQuadTap: UInt16 = 0x14f
    public static let btnJoystick: UInt16 = 0x120
    /// `KEY_MAX`.
    public static let max: UInt16 = 0x2ff

    /// True for the key codes a pointing device needs: mouse buttons (`BTN_LEFT`..`BTN_TASK`)
    /// and touch state (`BTN_TOOL_*`, `BTN_TOUCH`). Keyboard keys are never true.
    @inline(__always)
    public static func isPointerStateKey(_ code: UInt16) -> Bool {
        (code >= btnLeft && code <= btnTask) || (code >= btnToolPen && code <= btnToolQuadTap)
    }

    /// The number of fingers a `BTN_TOOL_*` code announces (FINGER 1 .. QUINTTAP 5), or 0.
    @inline(__always)
    public static func fingerCount(ofTool code: UInt16) -> Int32 {
        switch code {
        case btnToolFinger: return 1
        case btnToolDoubleTap: return 2
        case btnToolTripleTap: return 3
        case btnToolQuadTap: return 4
        case btnToolQuintTap: return 5
        default: return 0
        }
    }
}

/// `INPUT_PROP_*` device properties.
public enum InputProperty {
    public static let pointer: UInt16 = 0x00
    public static let direct: UInt16 = 0x01
    public static let buttonPad: UInt16 = 0x02
    public static let semiMT: UInt16 = 0x03
    public static let topButtonPad: UInt16 = 0x04
    public static let pointingStick: UInt16 = 0x05
    public static let accelerometer: UInt16 = 0x06
    /// `INPUT_PROP_MAX`.
    public static let max: UInt16 = 0x1f
}
