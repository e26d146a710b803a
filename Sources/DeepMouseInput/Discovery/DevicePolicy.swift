import DeepMouseMotion

/// Which devices the daemon opens: pointing devices only, never keyboards, never virtual devices
/// (unless pinned with `--device`). Pure functions, so the rules are tested without devices.
public enum DevicePolicy {
    /// The verdict from udev's properties alone.
    public enum Screening: Equatable, Sendable {
        /// udev classified it as a pointing device of this kind.
        case pointer(DeviceKind)
        /// Not for us (the reason is logged at debug level only).
        case rejected(StaticString)
        /// udev has no ID_INPUT properties (no udevd, or umockdev's uninitialized coldplug
        /// devices): classify from the capabilities libevdev reports.
        case probeCapabilities

        public static func == (a: Screening, b: Screening) -> Bool {
            switch (a, b) {
            case (.pointer(let x), .pointer(let y)): return x == y
            case (.rejected, .rejected), (.probeCapabilities, .probeCapabilities): return true
            default: return false
            }
        }
    }

    /// Screens an enumerated or hotplugged device by its udev record.
    public static func screen(_ u: UdevDevice) -> Screening {
        guard let node = u.devnode, node.starts(with: Array("/dev/input/event".utf8)) else {
            return .rejected("not an event node")
        }
        if u.isVirtual { return .rejected("virtual device") }
        guard u.idInput else { return .probeCapabilities }
        if u.idInputKeyboard { return .rejected("keyboard") }
        if u.idInputTouchpad { return .pointer(.touchpad) }
        if u.idInputPointingStick { return .pointer(.pointingStick) }
        if u.idInputMouse { return .pointer(.mouse) }
        return .rejected("not a pointing device")
    }

    /// For a device pinned with `--device`, checked before its node is opened: a refusal when
    /// udev says it is a keyboard and no pointing device (pinning accepts a mouse that also
    /// reports keys, never a keyboard). Nil when udev says otherwise or nothing (then the
    /// capabilities decide, after opening).
    public static func refusedBeforeOpening(_ u: UdevDevice) -> StaticString? {
        guard u.idInput, u.idInputKeyboard else { return nil }
        if u.idInputTouchpad || u.idInputMouse || u.idInputPointingStick { return nil }
        return "udev says it is a keyboard (ID_INPUT_KEYBOARD, no pointing device property): not opened"
    }

    /// The verdict from the capabilities (after opening): the kind to use, or why not.
    /// `udevKind` is what udev said (trusted for the kind); `pinned` relaxes the keyboard rule.
    public static func check(_ d: DeviceDescription, udevKind: DeviceKind?, pinned: Bool) -> Result<
        DeviceKind, DeviceOpenError
    > {
        let kind = udevKind ?? d.kind
        guard kind.isPointer else { return .failure(DeviceOpenError(reason: .notAPointingDevice)) }
        if d.reportsKeyboardKeys && !pinned { return .failure(DeviceOpenError(reason: .reportsKeyboardKeys)) }
        return .success(kind)
    }
}
