import DeepMouseMotion
import Foundation
import TestSupport

/// The umockdev test devices: their evdev side (`TestDevices`: capabilities, axes, ids) rendered into the
/// ioctl dump libevdev reads under umockdev, and their sysfs/udev side as a hand-written `.umockdev` file in
/// Tests/Fixtures/umockdev.
///
/// The rendered dumps are checked in next to the descriptions (so they can be read and reused
/// with `umockdev-run -i`); `UmockdevFixtureTests` fails when they drift from these declarations
/// (regenerate with DEEPMOUSE_REGENERATE_FIXTURES=1).
enum UmockdevFixtures {
    static let directory = SharedData.repositoryRoot.appendingPathComponent("Tests/Fixtures/umockdev")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// (ioctl file, device node, description) for every fixture.
    static let dumps: [(file: String, node: String, device: DeviceDescription)] = [
        ("touchpad.ioctl", "/dev/input/event5", TestDevices.touchpad),
        ("touchpad-no-udev.ioctl", "/dev/input/event7", TestDevices.touchpad),
        ("mouse.ioctl", "/dev/input/event6", TestDevices.mouse),
        ("keyboard.ioctl", "/dev/input/event3", TestDevices.keyboard),
        ("virtual-mouse.ioctl", "/dev/input/event9", TestDevices.mouse)
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
