import DeepMouseMotion
import Foundation
import TestSupport
import Testing

/// deepmoused end to end under umockdev: the project's device descriptions and ioctl dumps
/// (Tests/Fixtures/umockdev), the built binary, real libudev and libevdev.
@Suite(
    .enabled(if: Executables.umockdevAvailable, "umockdev is not installed (apt install umockdev; CI installs it)"),
    .serialized)
struct DaemonUmockdevTests {
    static let model: URL = ModelFixture.file()

    var daemonArguments: [String] { ["--model", Self.model.path] }

    @Test func discoveryOpensPointingDevicesOnlyWithTheirPropertiesAndAxes() throws {
        let r = try Executables.timeline(
            TestBed.touchpad + TestBed.mouse + TestBed.keyboard + TestBed.touchpadWithoutUdev
                + TestBed.virtualMouse
                + [
                    "start", "wait-for", "event5\"", "wait-for", "event6\"", "wait-for", "event7\"",
                    "sleep", "0.3", "stop"
                ],
            daemon: daemonArguments)
        #expect(r.status == 0, "\(r.stderr)")
        let added = r.objects(type: "device").filter { $0["event"] as? String == "added" }
        let byNode = Dictionary(uniqueKeysWithValues: added.map { ($0["device"] as! String, $0) })
        // no keyboard, no virtual
        #expect(Set(byNode.keys) == ["/dev/input/event5", "/dev/input/event6", "/dev/input/event7"])
        let pad = try #require(byNode["/dev/input/event5"])
        #expect(pad["kind"] as? String == "touchpad")
        #expect(pad["classified_by"] as? String == "udev")
        #expect(pad["name"] as? String == "DeepMouse Test Touchpad")
        #expect(pad["units_per_mm"] as? [Int] == [65, 136])
        #expect(pad["resolution"] as? String == "kernel")
        #expect(pad["unit"] as? String == "mm")
        // umockdev has no EVIOCSCLOCKID: the fallback is taken and said so at startup.
        #expect(pad["clock"] as? String == "converted")
        #expect(r.stderr.contains("libevdev_set_clock_id failed"))
        let mouse = try #require(byNode["/dev/input/event6"])
        #expect(mouse["kind"] as? String == "mouse")
        #expect(mouse["unit"] as? String == "counts")
        // No udev properties (like a board without udevd): classified from capabilities.
        #expect(byNode["/dev/input/event7"]?["classified_by"] as? String == "capabilities")
        #expect(byNode["/dev/input/event7"]?["kind"] as? String == "touchpad")
        // The startup line names the decision parameters and where they come from (this model stores none).
        #expect(
            r.stderr.contains(
                "decisions: retention 0.9000, threshold 4.000, cap 6.000, idle hops 1, min hops 0 (defaults)"),
            "\(r.stderr)")
    }

    @Test func listDevicesReportsRangesResolutionsAndSkips() throws {
        let r = try Executables.umockdevRun(
            [
                "-d", "touchpad.umockdev", "-i", "/dev/input/event5=touchpad.ioctl",
                "-d", "keyboard.umockdev", "-i", "/dev/input/event3=keyboard.ioctl",
                "-d", "virtual-mouse.umockdev", "-i", "/dev/input/event9=virtual-mouse.ioctl"
            ],
            daemon: ["--list-devices"])
        #expect(r.status == 0, "\(r.stderr)")
        let devices = Dictionary(uniqueKeysWithValues: r.objects(type: "device").map { ($0["device"] as! String, $0) })
        #expect(devices["/dev/input/event3"]?["used"] as? Bool == false)
        #expect(devices["/dev/input/event3"]?["reason"] as? String == "keyboard")
        #expect(devices["/dev/input/event9"]?["reason"] as? String == "virtual device")
        let pad = try #require(devices["/dev/input/event5"])
        #expect(pad["used"] as? Bool == true)
        #expect(pad["id"] as? [Int] == [0x18, 0x6cb, 0xce7e, 0x100])
        #expect(pad["properties"] as? [Int] == [0, 2])
        let axes = try #require(pad["abs"] as? [[String: Int]])
        let byCode = Dictionary(uniqueKeysWithValues: axes.map { ($0["code"]!, $0) })
        #expect(byCode[0] == ["code": 0, "min": 0, "max": 6500, "fuzz": 0, "flat": 0, "resolution": 65])
        #expect(byCode[1] == ["code": 1, "min": 0, "max": 8160, "fuzz": 0, "flat": 0, "resolution": 136])
        #expect(byCode[0x2f]?["max"] == 4)
        #expect(byCode[0x39]?["max"] == 65535)
    }

    /// The replayed strokes give exactly the expected deltas, frame by frame.
    @Test func replayedStrokesGiveTheExpectedDeltas() throws {
        let r = try Executables.timeline(
            TestBed.touchpad + TestBed.mouse + TestBed.touchpadStroke + TestBed.mouseStroke
                + [
                    "start", "wait-for", "\"dy_units\":27", "wait-for", "\"dy_units\":7",
                    "sleep", "0.2", "stop"
                ],
            daemon: daemonArguments + ["--motion"])
        #expect(r.status == 0, "\(r.stderr)")
        func deltas(_ node: String) -> [[Int]] {
            r.objects(type: "motion", device: node).map { [$0["dx_units"] as! Int, $0["dy_units"] as! Int] }
        }
        #expect(deltas("/dev/input/event5") == [[65, 0], [0, 136], [-130, -272], [13, 27]])
        #expect(deltas("/dev/input/event6") == [[5, -3], [10, 0], [-4, 7]])
        // Cells are 10 ms apart on one grid: every motion time is a multiple of 10 ms.
        for m in r.objects(type: "motion") {
            let t = (m["t"] as! Double) * 1000
            #expect(abs(t - (t / 10).rounded() * 10) < 0.01)
        }
    }

    @Test func aRemovedDeviceIsDroppedAndANewOneIsPickedUp() throws {
        let r = try Executables.timeline(
            TestBed.touchpad + TestBed.touchpadStroke
                + [
                    "start", "wait-for", "\"added\",\"device\":\"/dev/input/event5\"",
                    "wait-for", "\"dy_units\":27",
                    "unplug", TestBed.touchpadSysfs,
                    "wait-for", "\"removed\",\"device\":\"/dev/input/event5\""
                ]
                + TestBed.mouse + TestBed.mouseStroke
                + [
                    "wait-for", "\"added\",\"device\":\"/dev/input/event6\"",
                    "wait-for", "\"dy_units\":7", "stop"
                ],
            daemon: daemonArguments + ["--motion"])
        #expect(r.status == 0, "\(r.stderr)")
        let events = r.objects(type: "device").map { "\($0["event"]!) \($0["device"]!)" }
        #expect(events == ["added /dev/input/event5", "removed /dev/input/event5", "added /dev/input/event6"])
        #expect(
            r.objects(type: "device").first { $0["event"] as? String == "removed" }?["reason"] as? String == "unplugged"
        )
        #expect(r.objects(type: "motion", device: "/dev/input/event6").count == 3)
    }

    /// A daemon that falls behind (frozen for 1.5 s while about 16 KB of events queue up) keeps the
    /// device and every frame. umockdev's node is a pty holding 4095 bytes, so the read after the
    /// freeze ends 15 bytes into an event: libevdev alone rejected it (EINVAL), the reopened node
    /// stayed misaligned, and the device was dropped for good.
    @Test func aDaemonThatFallsBehindKeepsTheDeviceAndEveryFrame() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = SourceStreams.touchpad(touches: 3, frames: 150)
        let stream = dir.appendingPathComponent("dense.events")
        try SourceStreams.write(source, to: stream)
        let r = try Executables.timeline(
            TestBed.touchpad + [
                "events", "/dev/input/event5=\(stream.path)", "start", "sleep", "1", "freeze", "1.5", "sleep", "6",
                "stop"
            ],
            daemon: daemonArguments + ["--motion"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("read failed"), "\(r.stderr)")
        #expect(r.objects(type: "device").map { $0["event"] as? String } == ["added"])
        // Every frame is read: the motion cells add up to the strokes' whole displacement. (umockdev
        // paces the stream by its own times and waits while the pty is full, so the freeze delays the
        // rest of the 5.3 s stream by 1.5 s: it has ended 1.7 s before the stop.) Before, the device
        // was dropped at the freeze, a second into the first of three strokes.
        var first: (x: Int32, y: Int32)?
        var last = (x: Int32(0), y: Int32(0))
        var expected = (dx: 0, dy: 0)
        for e in source where e.type == EventType.abs {
            if e.code == AbsCode.mtTrackingID, e.value < 0, let f = first {
                expected = (expected.dx + Int(last.x - f.x), expected.dy + Int(last.y - f.y))
                first = nil
            } else if e.code == AbsCode.x || e.code == AbsCode.y {
                if e.code == AbsCode.x { last.x = e.value } else { last.y = e.value }
                if first == nil && e.code == AbsCode.y { first = last }
            }
        }
        let motion = r.objects(type: "motion")
        #expect(motion.map { $0["dx_units"] as! Int }.reduce(0, +) == expected.dx)
        #expect(motion.map { $0["dy_units"] as! Int }.reduce(0, +) == expected.dy)
    }

    @Test func aPinnedDeviceIsTheOnlyOneRead() throws {
        let r = try Executables.timeline(
            TestBed.touchpad + TestBed.mouse + TestBed.touchpadWithoutUdev
                + ["start", "wait-for", "event7\"", "sleep", "0.3", "stop"],
            daemon: daemonArguments + ["--device", "/dev/input/event7"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.objects(type: "device").map { $0["device"] as! String } == ["/dev/input/event7"])
    }

    @Test func aPinnedKeyboardIsRefused() throws {
        let r = try Executables.umockdevRun(
            ["-d", "keyboard.umockdev", "-i", "/dev/input/event3=keyboard.ioctl"],
            daemon: daemonArguments + ["--device", "/dev/input/event3"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("/dev/input/event3: udev says it is a keyboard"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// A pinned keyboard is refused from udev's record without its node being opened: here the node has no
    /// evdev emulation at all (no ioctl script), so opening it would have failed another way.
    @Test func aPinnedKeyboardIsRefusedBeforeItsNodeIsOpened() throws {
        let r = try Executables.umockdevRun(
            ["-d", "keyboard.umockdev"], daemon: daemonArguments + ["--device", "/dev/input/event3"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("/dev/input/event3: udev says it is a keyboard"), "\(r.stderr)")
        #expect(!r.stderr.contains("evdev"), "\(r.stderr)")
    }

    /// The daemon writes into a FIFO, read here while it runs: the timeline stops it once the
    /// device and all four motion cells have come through (or after 30 s).
    @Test func theFifoReceivesTheLines() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("hand").path
        let seen = dir.appendingPathComponent("seen").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        nonisolated(unsafe) var result: Result<Executables.Result, any Error>?
        let finished = DispatchSemaphore(value: 0)
        let arguments = daemonArguments + ["--motion", "--output", "fifo:" + fifo]
        DispatchQueue.global().async {
            result = Result {
                try Executables.timeline(
                    TestBed.touchpad + TestBed.touchpadStroke
                        + ["start", "wait-for-file", seen, "stop"], daemon: arguments)
            }
            finished.signal()
        }
        var data = Data()
        func lines() -> [Substring] { String(decoding: data, as: UTF8.self).split(separator: "\n") }
        func drain() {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while case let n = read(reader, &buffer, buffer.count), n > 0 { data.append(contentsOf: buffer[0..<n]) }
        }
        let deadline = Date() + 30
        while Date() < deadline, lines().filter({ $0.contains("\"type\":\"motion\"") }).count < 4 {
            var p = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 100) > 0 { drain() }
            if p.revents & Int16(POLLHUP) != 0 { usleep(20_000) }  // no writer (yet, or any more)
        }
        #expect(FileManager.default.createFile(atPath: seen, contents: nil))
        finished.wait()
        drain()
        let r = try #require(try result?.get())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(lines().contains { $0.contains("\"event\":\"added\",\"device\":\"/dev/input/event5\"") })
        #expect(lines().filter { $0.contains("\"type\":\"motion\"") }.count == 4)
    }

    /// A reader that connects to the FIFO after the device was added gets the device's `added` line
    /// again, then its hand, at the time it connected: a follower needs no earlier line.
    @Test func aLateFifoReaderGetsTheDevicesAndTheirHands() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("hand").path
        let seen = dir.appendingPathComponent("seen").path
        #expect(mkfifo(fifo, 0o600) == 0)
        nonisolated(unsafe) var result: Result<Executables.Result, any Error>?
        let finished = DispatchSemaphore(value: 0)
        let arguments = daemonArguments + ["--output", "fifo:" + fifo]
        DispatchQueue.global().async {
            result = Result {
                try Executables.timeline(TestBed.touchpad + ["start", "wait-for-file", seen, "stop"], daemon: arguments)
            }
            finished.signal()
        }
        sleep(3)  // the daemon has opened the pad, with nobody reading: its `added` line was dropped
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        var data = Data()
        func lines() -> [Substring] { String(decoding: data, as: UTF8.self).split(separator: "\n") }
        let deadline = Date() + 30
        while Date() < deadline, !lines().contains(where: { $0.contains("\"type\":\"hand\"") }) {
            var p = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 100) > 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while case let n = read(reader, &buffer, buffer.count), n > 0 { data.append(contentsOf: buffer[0..<n]) }
            }
            if p.revents & Int16(POLLHUP) != 0 { usleep(20_000) }
        }
        #expect(FileManager.default.createFile(atPath: seen, contents: nil))
        finished.wait()
        let r = try #require(try result?.get())
        #expect(r.status == 0, "\(r.stderr)")
        let objects = lines().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        try #require(objects.count >= 2, "\(lines())")
        #expect(objects[0]["type"] as? String == "device" && objects[0]["event"] as? String == "added")
        #expect(objects[0]["device"] as? String == "/dev/input/event5" && objects[0]["kind"] as? String == "touchpad")
        #expect(objects[1]["type"] as? String == "hand" && objects[1]["hand"] as? String == "unknown")
        #expect(objects[0]["t"] as? Double == objects[1]["t"] as? Double, "both written when the reader connected")
    }
}
