/// What kind of pointing device a description is, decided from capabilities alone.
///
/// This is the fallback for boards without udevd (and for umockdev, whose coldplugged devices
/// carry no udev properties); it follows the rules of udev's `input_id` builtin for the kinds we
/// care about, so both paths agree.
public enum DeviceKind: Equatable, Sendable {
    case touchpad
    case mouse
    case pointingStick
    /// Not a pointing device DeepMouse reads (keyboard, touchscreen, tablet, joystick, ...).
    case other

    /// The kind as printed in logs and JSON lines.
    public var label: StaticString {
        switch self {
        case .touchpad: return "touchpad"
        case .mouse: return "mouse"
        case .pointingStick: return "pointingstick"
        case .other: return "other"
        }
    }

    /// True for the kinds the daemon opens.
    public var isPointer: Bool { self != .other }
}

extension DeviceDescription {
    /// The device kind, from capabilities (udev `input_id` rules, simplified).
    ///
    /// - touchpad: ABS_X/ABS_Y, BTN_TOOL_FINGER, no pen, not a direct-touch (screen) device.
    /// - pointing stick: INPUT_PROP_POINTING_STICK with relative motion.
    /// - mouse: REL_X/REL_Y and a mouse button, and not a joystick.
    public var kind: DeviceKind {
        let absXY = has(type: EventType.abs, code: AbsCode.x) && has(type: EventType.abs, code: AbsCode.y)
        let relXY = has(type: EventType.rel, code: RelCode.x) && has(type: EventType.rel, code: RelCode.y)
        let finger = has(type: EventType.key, code: KeyCode.btnToolFinger)
        let pen =
            has(type: EventType.key, code: KeyCode.btnToolPen)
            || has(type: EventType.key, code: KeyCode.btnStylus)
        let mouseButton = has(type: EventType.key, code: KeyCode.btnLeft)
        if absXY && finger && !pen && !has(property: InputProperty.direct) { return .touchpad }
        if relXY && has(property: InputProperty.pointingStick) { return .pointingStick }
        if relXY && mouseButton && !has(type: EventType.key, code: KeyCode.btnJoystick) { return .mouse }
        return .other
    }

    /// True when the device also reports keyboard keys (udev's ID_INPUT_KEYBOARD rule: the
    /// first 31 key codes, KEY_ESC ... KEY_S, are all supported). Some wireless mice do; the
    /// daemon does not open such devices unless pinned with `--device`, and even then it
    /// ignores every key event that is not a pointer button or touch state.
    public var reportsKeyboardKeys: Bool {
        capabilities[Int(EventType.key)].containsAll(from: KeyCode.esc, through: 31)
    }

    /// True when motion comes from multitouch slots (type B protocol).
    public var hasMultitouchSlots: Bool {
        has(type: EventType.abs, code: AbsCode.mtSlot)
            && has(type: EventType.abs, code: AbsCode.mtPositionX)
            && has(type: EventType.abs, code: AbsCode.mtPositionY)
    }

    /// The x/y millimetre scales of a touchpad (multitouch axes preferred), or nil without ABS_X/Y.
    public var touchScale: (x: AxisScale, y: AxisScale)? {
        if hasMultitouchSlots, let x = absAxis(AbsCode.mtPositionX), let y = absAxis(AbsCode.mtPositionY) {
            return AxisScale.pair(x: x, y: y)
        }
        if let x = absAxis(AbsCode.x), let y = absAxis(AbsCode.y) { return AxisScale.pair(x: x, y: y) }
        return nil
    }
}

/// The one wording for a touch device described without its axes (no `A:` lines).
public enum TouchAxes {
    /// As a missing field of the description.
    public static let missingField: StaticString =
        "A: lines for ABS_X and ABS_Y (a touch device's axis ranges and resolutions; evemu-describe writes them)"
    /// As the reason a pipeline cannot be made.
    public static let missingText: StaticString =
        "the description gives no A: lines for ABS_X and ABS_Y (the touch axes' ranges and resolutions), so touch motion cannot be put in millimetres"
}
