import Foundation
import TestSupport
import Testing

/// `make demo`: its recording (tools/demo/demo.events) is what its generator writes, the shipped touchpad model
/// tells its left-hand strokes from its right-hand ones through the replay path, and tools/demo/run-demo shows
/// both hands live from an emulated touchpad.
@Suite struct DemoTests {
    static let root = SharedData.repositoryRoot
    static let recording = root.appendingPathComponent("tools/demo/demo.events")
    static let model = root.appendingPathComponent("firmware-models/touchpad.dmm")

    /// The time the right-hand strokes start at, from the generator's "# right hand from S s" comment.
    static func rightHandStart() throws -> Double {
        let text = try String(contentsOf: recording, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("# right hand from ") })
        return try #require(Double(line.split(separator: " ")[4]))
    }

    @Test func theRecordingIsWhatItsGeneratorWrites() throws {
        let awk = BuiltProduct(url: URL(fileURLWithPath: "/usr/bin/awk"))
        let r = try awk.run(["-f", "tools/demo/make-demo-recording.awk"], in: Self.root)
        #expect(r.status == 0, "\(r.stderr)")
        let committed = try String(contentsOf: Self.recording, encoding: .utf8)
        #expect(r.stdout == committed, "tools/demo/demo.events differs from its generator's output: regenerate it")
        // umockdev reads a microsecond field with a leading zero as octal: none may have one.
        let leadingZero = committed.split(separator: "\n").filter {
            $0.hasPrefix("E: ") && $0.split(separator: " ")[1].split(separator: ".")[1].count > 1
                && $0.split(separator: " ")[1].split(separator: ".")[1].hasPrefix("0")
        }
        #expect(leadingZero.isEmpty, "\(leadingZero.prefix(3))")
    }

    /// Replayed with the shipped touchpad model (the recording's description is demo.desc next to it): left
    /// during the left-hand strokes, then right during the right-hand ones, and nothing else.
    @Test func theReplayDecidesLeftThenRight() throws {
        let deepmoused = try #require(Executables.deepmoused, "deepmoused not built")
        let r = try Executables.run(deepmoused, ["--model", Self.model.path, "--replay", Self.recording.path])
        #expect(r.status == 0, "\(r.stderr)")
        let hands = r.objects(type: "hand")
        #expect(hands.map { $0["hand"] as? String } == ["left", "right"], "\(r.stdout)")
        let switchAt = try Self.rightHandStart()
        #expect((hands.first?["t"] as? Double ?? .infinity) < switchAt)
        #expect((hands.last?["t"] as? Double ?? 0) > switchAt)
    }

    /// A daemon that fails, or never reads the pad (umockdev-run then hangs, deaf to SIGTERM, with the events it
    /// could not pass on): run-demo still ends, with a failure status and the messages, and leaves nothing running.
    @Test(.enabled(if: Executables.umockdevAvailable, "umockdev is not installed (apt install umockdev)"))
    func runDemoEndsWhenTheDaemonFailsOrNeverReads() throws {
        let dir = try TemporaryDirectory.make()
        let script = Self.root.appendingPathComponent("tools/demo/run-demo")
        let events = dir.appendingPathComponent("short.events")
        let lines = try String(contentsOf: Self.recording, encoding: .utf8).split(separator: "\n").prefix(1000)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: events)
        let deaf = dir.appendingPathComponent("never-reads")
        try Data("#!/bin/sh\nexec sleep 1000\n".utf8).write(to: deaf)
        #expect(chmod(deaf.path, 0o755) == 0)

        let failing = try Executables.run(script, ["--daemon", "/bin/false", "--events", events.path], timeout: 60)
        #expect(failing.status == 1, "\(failing.stderr)")
        #expect(failing.stderr.contains("run-demo: deepmoused exited with status 1"), "\(failing.stderr)")

        let started = Date()
        let hung = try Executables.run(script, ["--daemon", deaf.path, "--events", events.path], timeout: 90)
        #expect(hung.status == 143, "\(hung.stderr)")  // the stand-in, stopped by SIGTERM
        #expect(Date().timeIntervalSince(started) < 40)  // 5 s of events: stopped after 17 s, then up to 5 s
        #expect(!hung.stdout.contains("has played"))
        // Nothing of this run is left: no umockdev-run and no daemon stand-in with its files.
        let left = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }.filter {
            let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\($0)/cmdline"))) ?? Data()
            return String(decoding: cmdline, as: UTF8.self).contains(dir.path)
        }
        #expect(left.isEmpty, "still running: \(left)")
    }

    /// `make run`'s hint (its `device-hint` step, with the daemon under test): given when the daemon would use no
    /// device, not when there is a touchpad.
    @Test(.enabled(if: Executables.umockdevAvailable, "umockdev is not installed (apt install umockdev)"))
    func makeRunPointsToTheDemoOnlyWithoutADevice() throws {
        let deepmoused = try #require(Executables.deepmoused, "deepmoused not built")
        let hint = "make run: no touchpad, mouse or pointing stick found"
        let make = ["make", "--no-print-directory", "-C", Self.root.path, "device-hint", "DAEMON=\(deepmoused.path)"]
        // Only a keyboard: nothing the daemon would read.
        let none = try Executables.umockdevRun(
            ["-d", "keyboard.umockdev", "-i", "/dev/input/event3=keyboard.ioctl"], command: make)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(
            none.stderr.contains(hint + " (deepmoused --list-devices says why); waiting for one."), "\(none.stderr)")
        #expect(none.stderr.contains("To see hand decisions without one: make demo"))
        let pad = try Executables.umockdevRun(
            ["-d", "touchpad.umockdev", "-i", "/dev/input/event5=touchpad.ioctl"], command: make)
        #expect(pad.status == 0, "\(pad.stderr)")
        #expect(!pad.stderr.contains(hint), "\(pad.stderr)")
    }

    /// The demo as `make demo` runs it (with the daemon under test): the pad found through udev, left then
    /// right read live, back to unknown when the strokes are over, exit 0.
    @Test(.enabled(if: Executables.umockdevAvailable, "umockdev is not installed (apt install umockdev)"))
    func runDemoShowsLeftThenRightLive() throws {
        let deepmoused = try #require(Executables.deepmoused, "deepmoused not built")
        let script = Self.root.appendingPathComponent("tools/demo/run-demo")
        var r = try Executables.run(script, ["--daemon", deepmoused.path], timeout: 120)
        // umockdev's socket can hand over part of an event on a loaded machine (libevdev: EINVAL, the pad is
        // dropped): an emulation fault, not the daemon's, so that run is tried once more.
        if r.status != 0 && r.stderr.contains("read failed (Invalid argument)") {
            r = try Executables.run(script, ["--daemon", deepmoused.path], timeout: 120)
        }
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasSuffix("/dev/input/event5 added touchpad \"DeepMouse Test Touchpad\"") })
        let hands = lines.compactMap { line -> Substring? in
            guard let range = line.range(of: " hand ") else { return nil }
            return line[range.upperBound...].split(separator: " ").first
        }
        #expect(hands == ["left", "right", "unknown"], "\(r.stdout)")
        #expect(lines.last == "demo: the recording has played", "\(r.stdout)")
    }
}
