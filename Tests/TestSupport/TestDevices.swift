import DeepMouseMotion

/// The test devices, declared once (as libinput's tests do): the umockdev fixtures' devices (their ioctl dumps
/// and sysfs sides are in Tests/Fixtures/umockdev) and two more pads for the tracker's tests.
public enum TestDevices {
    /// A clickpad with different x and y resolutions: 100 x 60 mm, 65 x 136 units/mm, 5 slots.
    public static var touchpad: DeviceDescription {
        var d = DeviceDescription(
            name: "DeepMouse Test Touchpad", id: InputID(bustype: 0x18, vendor: 0x6cb, product: 0xce7e, version: 0x100))
        d.properties.insert(InputProperty.pointer)
        d.properties.insert(InputProperty.buttonPad)
        for k in [
            KeyCode.btnLeft, KeyCode.btnToolFinger, KeyCode.btnToolQuintTap, KeyCode.btnTouch,
            KeyCode.btnToolDoubleTap, KeyCode.btnToolTripleTap, KeyCode.btnToolQuadTap
        ] {
            d.enable(type: EventType.key, code: k)
        }
        d.enable(type: EventType.syn, code: SynCode.report)
        d.setAbsAxis(AbsAxis(code: AbsCode.x, minimum: 0, maximum: 6500, resolution: 65))
        d.setAbsAxis(AbsAxis(code: AbsCode.y, minimum: 0, maximum: 8160, resolution: 136))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtSlot, minimum: 0, maximum: 4))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtPositionX, minimum: 0, maximum: 6500, resolution: 65))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtPositionY, minimum: 0, maximum: 8160, resolution: 136))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtToolType, minimum: 0, maximum: 2))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtTrackingID, minimum: 0, maximum: 65535))
        return d
    }

    /// A USB optical mouse: REL_X/REL_Y/wheel, three buttons.
    public static var mouse: DeviceDescription {
        var d = DeviceDescription(
            name: "DeepMouse Test Mouse", id: InputID(bustype: 3, vendor: 0x46d, product: 0xc077, version: 0x111))
        for k in [KeyCode.btnLeft, KeyCode.btnRight, KeyCode.btnMiddle] { d.enable(type: EventType.key, code: k) }
        for r in [RelCode.x, RelCode.y, RelCode.wheel] { d.enable(type: EventType.rel, code: r) }
        d.enable(type: EventType.syn, code: SynCode.report)
        d.enable(type: EventType.msc, code: 4)  // MSC_SCAN
        return d
    }

    /// A keyboard: must never be opened.
    public static var keyboard: DeviceDescription {
        var d = DeviceDescription(
            name: "DeepMouse Test Keyboard", id: InputID(bustype: 0x11, vendor: 1, product: 1, version: 0xab41))
        for k in UInt16(1)...127 { d.enable(type: EventType.key, code: k) }
        d.enable(type: EventType.syn, code: SynCode.report)
        d.enable(type: EventType.msc, code: 4)
        d.enable(type: EventType.led, code: 0)
        d.enable(type: EventType.led, code: 1)
        d.enable(type: EventType.led, code: 2)
        return d
    }

    /// A two-slot multitouch pad with different resolutions per axis (65 x 136 units/mm).
    public static var multitouchPad: DeviceDescription {
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
    public static var singleTouchPad: DeviceDescription {
        var d = DeviceDescription(name: "Test ST Pad")
        for k in [KeyCode.btnLeft, KeyCode.btnToolFinger, KeyCode.btnTouch] { d.enable(type: EventType.key, code: k) }
        d.enable(type: EventType.syn, code: SynCode.report)
        d.setAbsAxis(AbsAxis(code: AbsCode.x, minimum: 0, maximum: 1280))
        d.setAbsAxis(AbsAxis(code: AbsCode.y, minimum: 0, maximum: 704))
        return d
    }
}
