import Foundation
import TestSupport

/// The built executables the daemon tests run (`deepmoused`, `deepmouse`, `umockdev-timeline`), through
/// TestSupport's `BuiltProduct`.
enum Executables {
    /// The product `name` next to the test bundle (any scratch path), else in .build/debug.
    static func url(_ name: String) -> URL? { BuiltProduct(name)?.url }

    /// The daemon under test: `$DEEPMOUSE_DAEMON` when set (the embedded build runs these same
    /// tests through `make embedded-test`), else the SwiftPM product.
    static var deepmoused: URL? {
        if let path = ProcessInfo.processInfo.environment["DEEPMOUSE_DAEMON"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return url("deepmoused")
    }
    static var timeline: URL? { url("umockdev-timeline") }

    /// True when umockdev is installed (CI installs it through tools/install-deps).
    static var umockdevAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/umockdev-run")
            && dlopen("libumockdev.so.0", RTLD_LAZY) != nil
    }

    typealias Result = BuiltProduct.Result

    /// Runs `executable` with `arguments`, killing it after `timeout` seconds.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, timeout: TimeInterval = 60)
        throws -> Result
    {
        try BuiltProduct(url: executable).run(arguments, in: directory, timeout: timeout)
    }

    /// `umockdev-timeline STEPS -- deepmoused ARGS`, in the fixtures directory.
    static func timeline(_ steps: [String], daemon arguments: [String]) throws -> Result {
        guard let timeline, let deepmoused else { throw MissingProduct() }
        return try run(timeline, steps + ["--", deepmoused.path] + arguments, in: UmockdevFixtures.directory)
    }

    /// `umockdev-run DEVICES -- deepmoused ARGS`, in the fixtures directory.
    static func umockdevRun(_ devices: [String], daemon arguments: [String]) throws -> Result {
        guard let deepmoused else { throw MissingProduct() }
        return try run(
            URL(fileURLWithPath: "/usr/bin/umockdev-run"), devices + ["--", deepmoused.path] + arguments,
            in: UmockdevFixtures.directory)
    }

    /// `umockdev-run DEVICES -- COMMAND` (found on PATH), in the fixtures directory.
    static func umockdevRun(_ devices: [String], command: [String]) throws -> Result {
        try run(
            URL(fileURLWithPath: "/usr/bin/umockdev-run"), devices + ["--"] + command, in: UmockdevFixtures.directory)
    }

    struct MissingProduct: Error, CustomStringConvertible {
        var description: String { "deepmoused / umockdev-timeline not built (swift build --build-tests builds them)" }
    }
}

/// The fixture devices as umockdev setup steps.
enum TestBed {
    static let touchpad = ["ioctl", "/dev/input/event5=touchpad.ioctl", "device", "touchpad.umockdev"]
    static let mouse = ["ioctl", "/dev/input/event6=mouse.ioctl", "device", "mouse.umockdev"]
    static let keyboard = ["ioctl", "/dev/input/event3=keyboard.ioctl", "device", "keyboard.umockdev"]
    static let touchpadWithoutUdev = [
        "ioctl", "/dev/input/event7=touchpad-no-udev.ioctl", "device", "touchpad-no-udev.umockdev"
    ]
    static let virtualMouse = ["ioctl", "/dev/input/event9=virtual-mouse.ioctl", "device", "virtual-mouse.umockdev"]
    static let touchpadStroke = ["events", "/dev/input/event5=touchpad-stroke.events"]
    static let mouseStroke = ["events", "/dev/input/event6=mouse-stroke.events"]
    static let touchpadSysfs = "/sys/devices/platform/i8042/serio1/input/input5/event5"
    static let mouseSysfs =
        "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:046D:C077.0001/input/input6/event6"
}
