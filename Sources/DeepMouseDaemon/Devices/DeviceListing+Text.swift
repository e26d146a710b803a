import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// The text form of `deepmoused devices` (and `--list-devices --format text`): for a person
/// setting up a new board, every axis by name with its range, resolution and size, the
/// properties, relative axes and pointer buttons, and how DeepMouse reads motion from it.
///
///     /dev/input/event5 used touchpad (udev) "SynPS/2 Synaptics TouchPad"
///         id          bus 0x0011 vendor 0x0002 product 0x0007 version 0x01b1
///         properties  pointer, buttonpad
///         motion      multitouch, 5 slots: millimetres at 42 x 42 units/mm (kernel resolution)
///         ABS_X               1266 .. 5676     42 units/mm   105.0 mm
///         ABS_MT_SLOT            0 .. 4
extension DeviceListing {
    static func appendDetails(_ d: DeviceDescription, into line: inout LineBuffer) {
        line.append(" \"")
        line.append(contentsOf: d.nameBytes)
        line.append("\"\n        id          bus 0x")
        line.append(hex: UInt64(d.id.bustype), digits: 4)
        line.append(" vendor 0x")
        line.append(hex: UInt64(d.id.vendor), digits: 4)
        line.append(" product 0x")
        line.append(hex: UInt64(d.id.product), digits: 4)
        line.append(" version 0x")
        line.append(hex: UInt64(d.id.version), digits: 4)
        line.append("\n        properties  ")
        var first = true
        d.properties.forEach { p in
            if !first { line.append(", ") }
            first = false
            line.append(propertyName(p))
        }
        if first { line.append("none") }
        line.append("\n        motion      ")
        let tracker = TouchTracker(device: d)
        switch tracker.source {
        case .multitouch(let slots):
            line.append("multitouch, ")
            line.append(decimal: Int64(slots))
            line.append(" slots: ")
        case .singleTouch: line.append("single touch (ABS_X/ABS_Y while BTN_TOUCH): ")
        case .relative: line.append("relative counts (REL_X/REL_Y)")
        }
        if tracker.source != .relative {
            if let scale = d.touchScale {
                line.append("millimetres at ")
                line.append(decimal: Int64(scale.x.unitsPerMillimetre))
                line.append(" x ")
                line.append(decimal: Int64(scale.y.unitsPerMillimetre))
                line.append(
                    scale.x.isFallback || scale.y.isFallback
                        ? " units/mm (guessed: the kernel reports no resolution)"
                        : " units/mm (kernel resolution)")
            } else {
                line.append("no ABS_X/ABS_Y")
            }
        }
        for a in d.absAxes {
            line.append("\n        ")
            let before = line.count
            absName(a.code, &line)
            while line.count < before + 18 { line.append(" ") }
            appendPadded(Int64(a.minimum), width: 7, &line)
            line.append(" .. ")
            appendPadded(Int64(a.maximum), width: 6, &line)
            if a.resolution > 0 {
                appendPadded(Int64(a.resolution), width: 6, &line)
                line.append(" units/mm  ")
                line.append(fixed: (a.span * 10 + Int64(a.resolution) / 2) / Int64(a.resolution), decimals: 1)
                line.append(" mm")
            }
        }
        var rel: [UInt16] = []
        d.capabilities[Int(EventType.rel)].forEach { rel.append($0) }
        if !rel.isEmpty {
            line.append("\n        relative    ")
            for (i, r) in rel.enumerated() {
                if i > 0 { line.append(" ") }
                relName(r, &line)
            }
        }
        var buttons = 0
        d.capabilities[Int(EventType.key)].forEach { if KeyCode.isPointerStateKey($0) { buttons += 1 } }
        if buttons > 0 {
            line.append("\n        buttons     ")
            line.append(decimal: Int64(buttons))
            line.append(" pointer buttons and touch-state keys")
        }
        if d.reportsKeyboardKeys {
            line.append("\n        note        also reports keyboard keys (ignored: only pointer buttons are read)")
        }
    }

    /// `value` right-aligned in `width` columns.
    private static func appendPadded(_ value: Int64, width: Int, _ line: inout LineBuffer) {
        var digits: [UInt8] = []
        digits.append(decimal: value)
        var n = digits.count
        while n < width {
            line.append(" ")
            n += 1
        }
        line.append(contentsOf: digits)
    }

    private static func propertyName(_ p: UInt16) -> StaticString {
        switch p {
        case InputProperty.pointer: return "pointer"
        case InputProperty.direct: return "direct"
        case InputProperty.buttonPad: return "buttonpad"
        case InputProperty.semiMT: return "semi-mt"
        case InputProperty.topButtonPad: return "topbuttonpad"
        case InputProperty.pointingStick: return "pointing-stick"
        case InputProperty.accelerometer: return "accelerometer"
        default: return "other"
        }
    }

    private static func absName(_ code: UInt16, _ line: inout LineBuffer) {
        let name: StaticString
        switch code {
        case 0x00: name = "ABS_X"
        case 0x01: name = "ABS_Y"
        case 0x02: name = "ABS_Z"
        case 0x03: name = "ABS_RX"
        case 0x04: name = "ABS_RY"
        case 0x05: name = "ABS_RZ"
        case 0x06: name = "ABS_THROTTLE"
        case 0x07: name = "ABS_RUDDER"
        case 0x08: name = "ABS_WHEEL"
        case 0x18: name = "ABS_PRESSURE"
        case 0x19: name = "ABS_DISTANCE"
        case 0x1a: name = "ABS_TILT_X"
        case 0x1b: name = "ABS_TILT_Y"
        case 0x1c: name = "ABS_TOOL_WIDTH"
        case 0x20: name = "ABS_VOLUME"
        case 0x28: name = "ABS_MISC"
        case 0x2f: name = "ABS_MT_SLOT"
        case 0x30: name = "ABS_MT_TOUCH_MAJOR"
        case 0x31: name = "ABS_MT_TOUCH_MINOR"
        case 0x32: name = "ABS_MT_WIDTH_MAJOR"
        case 0x33: name = "ABS_MT_WIDTH_MINOR"
        case 0x34: name = "ABS_MT_ORIENTATION"
        case 0x35: name = "ABS_MT_POSITION_X"
        case 0x36: name = "ABS_MT_POSITION_Y"
        case 0x37: name = "ABS_MT_TOOL_TYPE"
        case 0x38: name = "ABS_MT_BLOB_ID"
        case 0x39: name = "ABS_MT_TRACKING_ID"
        case 0x3a: name = "ABS_MT_PRESSURE"
        case 0x3b: name = "ABS_MT_DISTANCE"
        case 0x3c: name = "ABS_MT_TOOL_X"
        case 0x3d: name = "ABS_MT_TOOL_Y"
        default:
            line.append("ABS_0x")
            line.append(hex: UInt64(code), digits: 2)
            return
        }
        line.append(name)
    }

    private static func relName(_ code: UInt16, _ line: inout LineBuffer) {
        let names: [StaticString] = [
            "REL_X", "REL_Y", "REL_Z", "REL_RX", "REL_RY", "REL_RZ", "REL_HWHEEL", "REL_DIAL",
            "REL_WHEEL", "REL_MISC", "REL_RESERVED", "REL_WHEEL_HI_RES", "REL_HWHEEL_HI_RES"
        ]
        if Int(code) < names.count {
            line.append(names[Int(code)])
        } else {
            line.append("REL_0x")
            line.append(hex: UInt64(code), digits: 2)
        }
    }
}
