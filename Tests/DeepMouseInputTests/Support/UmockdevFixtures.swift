import DeepMouseMotion
import Foundation
import TestSupport

/// The umockdev test devices, declared once: their evdev side (capabilities, axes, ids) as a
/// `DeviceDescription`, rendered into the ioctl dump libevdev reads under umockdev, and their
/// sysfs/udev side as a hand-written `.umockdev` file in Tests/Fixtures/umockdev.
///
/// The rendered dumps are checked in next to the descriptions (so they can be read and reused
/// with `umockdev-run -i`); `UmockdevFixtureTests` fails when they drift from these declarations
/// (regenerate with DEEPMOUSE_REGENERATE_FIXTURES=1).
enum UmockdevFixtures {
    static let directory = SharedData.repositoryRoot.appendingPathComponent("Tests/Fixtures/umockdev")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// A clickpad with different x and y resolutions: 100 x 60 mm, 65 x 136 units/mm, 5 slots.
    static var touchpad: DeviceDescription {
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
    static var mouse: DeviceDescription {
        var d = DeviceDescription(
            name: "DeepMouse Test Mouse", id: InputID(bustype: 3, vendor: 0x46d, product: 0xc077, version: 0x111))
        for k in [KeyCode.btnLeft, KeyCode.btnRight, KeyCode.btnMiddle] { d.enable(type: EventType.key, code: k) }
        for r in [RelCode.x, RelCode.y, RelCode.wheel] { d.enable(type: EventType.rel, code: r) }
        d.enable(type: EventType.syn, code: SynCode.report)
        d.enable(type: EventType.msc, code: 4)  // MSC_SCAN
        return d
    }

    /// A keyboard: must never be opened.
    static var keyboard: DeviceDescription {
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

    /// (ioctl file, device node, description) for every fixture.
    static let dumps: [(file: String, node: String, device: DeviceDescription)] = [
        ("touchpad.ioctl", "/dev/input/event5", touchpad),
        ("touchpad-no-udev.ioctl", "/dev/input/event7", touchpad),
        ("mouse.ioctl", "/dev/input/event6", mouse),
        ("keyboard.ioctl", "/dev/input/event3", keyboard),
        ("virtual-mouse.ioctl", "/dev/input/event9", mouse)
    ]

    /// The ioctl dump of `d` at `node`: the requests libevdev 1.x makes in `libevdev_set_fd`,
    /// with the buffer sizes it asks for (umockdev matches request and size).
    static func ioctlDump(_ d: DeviceDescription, node: String) -> String {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02X", $0) }.joined() }
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
        func le32(_ v: Int32) -> [UInt8] {
            let u = UInt32(bitPattern: v)
            return (0..<4).map { UInt8((u >> (8 * $0)) & 0xff) }
        }
        func padded(_ bytes: [UInt8], _ n: Int) -> [UInt8] {
            Array((bytes + [UInt8](repeating: 0, count: n)).prefix(n))
        }
        var lines = ["@DEV \(node) (evdev)"]
        lines.append("EVIOCGVERSION 0 01000100")
        lines.append(
            "EVIOCGID 0 " + hex(le16(d.id.bustype) + le16(d.id.vendor) + le16(d.id.product) + le16(d.id.version)))
        let name = d.nameBytes + [0]
        lines.append("EVIOCGNAME \(name.count) " + hex(padded(name, 255)))
        lines.append("EVIOCGPROP 8 " + hex(padded(d.properties.bytes, 8)))
        for type in [
            EventType.syn, EventType.key, EventType.rel, EventType.abs, EventType.msc, EventType.sw,
            EventType.led, EventType.snd, EventType.ff
        ] {
            let n = CodeSet.byteCount(forType: type)
            lines.append("EVIOCGBIT(\(type)) \(n) " + hex(padded(d.capabilities[Int(type)].bytes, n)))
        }
        lines.append("EVIOCGKEY 96 " + hex([UInt8](repeating: 0, count: 96)))
        lines.append("EVIOCGLED 8 " + hex([UInt8](repeating: 0, count: 8)))
        lines.append("EVIOCGSW 8 " + hex([UInt8](repeating: 0, count: 8)))
        for a in d.absAxes {
            let info =
                le32(a.value) + le32(a.minimum) + le32(a.maximum) + le32(a.fuzz) + le32(a.flat) + le32(a.resolution)
            lines.append("EVIOCGABS(\(a.code)) 0 " + hex(info))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
