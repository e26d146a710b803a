import Foundation
import TestSupport
import Testing

/// `deepmoused devices` (text): what a person runs first on a new board, under umockdev.
@Suite(.enabled(if: Executables.umockdevAvailable, "umockdev is not installed (apt install umockdev; CI installs it)"))
struct DevicesCommandTests {
    @Test func listsKindClassificationAndEveryAxisWithRangeResolutionAndSize() throws {
        let r = try Executables.umockdevRun(
            [
                "-d", "touchpad.umockdev", "-i", "/dev/input/event5=touchpad.ioctl",
                "-d", "mouse.umockdev", "-i", "/dev/input/event6=mouse.ioctl",
                "-d", "touchpad-no-udev.umockdev", "-i", "/dev/input/event7=touchpad-no-udev.ioctl",
                "-d", "keyboard.umockdev", "-i", "/dev/input/event3=keyboard.ioctl"
            ],
            daemon: ["devices"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = r.stdout
        #expect(text.contains("/dev/input/event5 used touchpad (udev) \"DeepMouse Test Touchpad\"\n"))
        #expect(text.contains("/dev/input/event7 used touchpad (capabilities) \"DeepMouse Test Touchpad\"\n"))
        #expect(text.contains("/dev/input/event6 used mouse (udev) \"DeepMouse Test Mouse\"\n"))
        #expect(text.contains("/dev/input/event3 skipped: keyboard\n"))
        #expect(text.contains("        id          bus 0x0018 vendor 0x06cb product 0xce7e version 0x0100\n"))
        #expect(text.contains("        properties  pointer, buttonpad\n"))
        #expect(
            text.contains(
                "        motion      multitouch, 5 slots: millimetres at 65 x 136 units/mm (kernel resolution)\n"))
        #expect(text.contains("        ABS_X                   0 ..   6500    65 units/mm  100.0 mm\n"))
        #expect(text.contains("        ABS_MT_POSITION_Y       0 ..   8160   136 units/mm  60.0 mm\n"))
        #expect(text.contains("        ABS_MT_TRACKING_ID      0 ..  65535\n"))
        #expect(
            text.contains(
                "        motion      relative counts (REL_X/REL_Y)\n        relative    REL_X REL_Y REL_WHEEL\n"))
        // JSON on request, as --list-devices.
        let json = try Executables.umockdevRun(
            ["-d", "mouse.umockdev", "-i", "/dev/input/event6=mouse.ioctl"],
            daemon: ["devices", "--format", "json"])
        #expect(json.objects(type: "device").first?["kind"] as? String == "mouse")
    }

    /// An empty test bed (no /dev/input nodes): nothing on stdout, the reason on stderr, exit 0.
    @Test func noDevicesIsSaidOnStandardError() throws {
        for arguments in [["devices"], ["--list-devices"]] {
            let r = try Executables.umockdevRun([], daemon: arguments)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("no input devices (/dev/input has none, or does not exist)"), "\(r.stderr)")
        }
    }
}
