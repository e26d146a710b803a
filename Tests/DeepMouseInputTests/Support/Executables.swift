import Foundation
import TestSupport

/// Runs the built executables (`deepmoused`, `umockdev-timeline`) as a user would.
enum Executables {
    /// The product `name` next to the test bundle (any scratch path), else in .build/debug.
    static func url(_ name: String) -> URL? {
        var candidates = [
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        ]
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        candidates.append(SharedData.repositoryRoot.appendingPathComponent(".build/debug"))
        return candidates.map { $0.appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

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

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The stdout lines parsed as JSON objects (non-JSON lines are skipped).
        var objects: [[String: Any]] {
            stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
        }

        /// Objects of `type` (and for `device`, when given).
        func objects(type: String, device: String? = nil) -> [[String: Any]] {
            objects.filter { $0["type"] as? String == type && (device == nil || $0["device"] as? String == device) }
        }
    }

    /// Runs `executable` with `arguments`, killing it after `timeout` seconds.
    static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil,
        timeout: TimeInterval = 60
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        killer.cancel()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
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
