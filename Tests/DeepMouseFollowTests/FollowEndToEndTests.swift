import DeepMouseMotion
import Foundation
import TestSupport
import Testing

/// deepmouse-follow on a real stream: deepmoused replays a touchpad recording made of the left hand's
/// recording then the right hand's (../shared, converted), and a mouse recording of the right hand
/// then the left; each has a button held across its second change of hand. The two streams, merged on
/// their clocks, go to the follower with stand-in `gsettings`, `swaymsg` and `xinput` first on PATH,
/// which log their arguments.
@Suite(.enabled(if: SharedData.available, SharedData.skipMessage), .serialized)
struct FollowEndToEndTests {
    static let padPath = "/follow/pad.events"
    static let mousePath = "/follow/mouse.events"

    /// The merged stream and the facts the assertions need.
    struct Fixture {
        var lines: [String]
        var padLeft: Double
        var padRelease: Double
        var mouseRight: Double
        var mouseRelease: Double
        var directory: URL
    }

    static let fixture: Result<Fixture, any Error> = Result { try makeFixture() }

    static func positions(_ relative: String, count: Int) throws -> [(x: Double, y: Double)] {
        let text = try String(contentsOf: SharedData.deepmouse(relative), encoding: .utf8)
        return text.split(separator: "\n").prefix(count).map {
            let f = $0.split(separator: ",")
            return (Double(f[0])!, Double(f[1])!)
        }
    }

    /// Replays `recording` (evemu) and returns its JSON objects, with `device` renamed `path` and the
    /// line as written (so renamed) under `line`.
    static func replay(_ recording: [UInt8], model: String, extra: [String], path: String, in dir: URL) throws
        -> [[String: Any]]
    {
        let daemon = try #require(BuiltProduct("deepmoused"), "deepmoused was not built")
        let file = dir.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent)
        try Data(recording).write(to: file)
        let model = SharedData.repositoryRoot.appendingPathComponent("firmware-models/\(model)").path
        let r = try daemon.run(["--model", model, "--replay", file.path] + extra)
        try #require(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").compactMap {
            let line = $0.replacingOccurrences(of: "\"device\":\"\(file.path)\"", with: "\"device\":\"\(path)\"")
            guard var o = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                return nil
            }
            o["line"] = line
            return o
        }
    }

    /// `recording` with a button pressed at `down` and released at `up` (seconds), as evemu lines.
    static func withClick(_ recording: [UInt8], down: Double, up: Double) -> [UInt8] {
        var out: [String] = []
        var pending = [(down, 1), (up, 0)]
        for line in String(decoding: recording, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        {
            if line.hasPrefix("E: "), let t = Double(line.split(separator: " ")[1]) {
                while let (time, value) = pending.first, time <= t {
                    let us = Int64((time * 1e6).rounded())
                    out.append("E: \(us / 1_000_000).\(us % 1_000_000) 0001 0110 \(value)")
                    out.append("E: \(us / 1_000_000).\(us % 1_000_000) 0000 0000 0")
                    pending.removeFirst()
                }
            }
            out.append(String(line))
        }
        return Array(out.joined(separator: "\n").utf8)
    }

    static func hands(_ objects: [[String: Any]]) -> [(hand: String, t: Double)] {
        objects.filter { $0["type"] as? String == "hand" && $0["hand"] as? String != "unknown" }
            .map { ($0["hand"] as! String, $0["t"] as! Double) }
    }

    static func makeFixture() throws -> Fixture {
        let dir = try TestTemporaryDirectory.make("follow")
        // Touchpad: 40 s of the left hand, then 40 s of the right, one continuous touch.
        let left = try positions("touchpad/left.txt", count: 4000)
        var right = try positions("touchpad/right.txt", count: 4000)
        let shift = (left.last!.x - right[0].x, left.last!.y - right[0].y)
        right = right.map { ($0.x + shift.0, $0.y + shift.1) }
        let pad = try LegacyConversion.evemu(positions: left + right)
        let padArguments = ["--px-per-mm", String(LegacyConversion.replayPadUnitsPerMillimetre)]
        let padPlain = try replay(pad, model: "touchpad.dmm", extra: padArguments, path: padPath, in: dir)
        let padRight = try #require(hands(padPlain).first { $0.hand == "right" }?.t)
        let padClicked = try replay(
            withClick(pad, down: padRight - 1, up: padRight + 2), model: "touchpad.dmm", extra: padArguments,
            path: padPath, in: dir)
        // Mouse: the right hand's motion, then the left's, as relative counts (the small mouse model: the
        // shipped one takes seconds per replay in a debug build).
        let motion = try positions("mouse/right-2.txt", count: 4000) + positions("mouse/left-2.txt", count: 4000)
        var mouse: [UInt8] = []
        RecordingLabels.writeHeader(TestDevices.mouse, labels: RecordingLabels(), to: &mouse)
        for i in 1..<motion.count {
            let dx = Int32((motion[i].x - motion[i - 1].x).rounded())
            let dy = Int32((motion[i].y - motion[i - 1].y).rounded())
            guard dx != 0 || dy != 0 || i == 1 else { continue }
            let t = Int64(i) * 10_000 + 5_000
            if dx != 0 {
                EvemuWriter.writeEvent(InputEvent(time: t, type: 2, code: 0, value: dx), style: .unpadded, to: &mouse)
            }
            if dy != 0 {
                EvemuWriter.writeEvent(InputEvent(time: t, type: 2, code: 1, value: dy), style: .unpadded, to: &mouse)
            }
            EvemuWriter.writeEvent(InputEvent(time: t, type: 0, code: 0, value: 0), style: .unpadded, to: &mouse)
        }
        let mousePlain = try replay(mouse, model: "mouse-small.dmm", extra: [], path: mousePath, in: dir)
        let mouseLeft = try #require(hands(mousePlain).first { $0.hand == "left" }?.t)
        let mouseClicked = try replay(
            withClick(mouse, down: mouseLeft - 1, up: mouseLeft + 2), model: "mouse-small.dmm", extra: [],
            path: mousePath,
            in: dir)
        // The clicks change no decision: the same hands at the same times.
        #expect(hands(padClicked).map(\.hand) == hands(padPlain).map(\.hand))
        #expect(hands(mouseClicked).map(\.t) == hands(mousePlain).map(\.t))
        func releases(_ objects: [[String: Any]]) -> [Double] {
            objects.filter { $0["type"] as? String == "buttons" && $0["state"] as? String == "up" }.map {
                $0["t"] as! Double
            }
        }
        let padHands = hands(padClicked)
        let mouseHands = hands(mouseClicked)
        // Left then right on the pad, right then left on the mouse (repeats aside).
        func changes(_ h: [(hand: String, t: Double)]) -> [String] {
            h.map(\.hand).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        }
        try #require(changes(padHands) == ["left", "right"], "\(padHands)")
        try #require(changes(mouseHands) == ["right", "left"], "\(mouseHands)")
        // Both streams on one clock, as one daemon reading both devices would write them.
        let merged =
            (padClicked.enumerated().map { (0, $0.offset, $0.element) }
            + mouseClicked.enumerated().map { (1, $0.offset, $0.element) })
            .sorted { ($0.2["t"] as! Double, $0.0, $0.1) < ($1.2["t"] as! Double, $1.0, $1.1) }
            .map { $0.2["line"] as! String }
        return Fixture(
            lines: merged, padLeft: padHands[0].t, padRelease: try #require(releases(padClicked).first),
            mouseRight: mouseHands[0].t, mouseRelease: try #require(releases(mouseClicked).first), directory: dir)
    }

    /// A folder of stand-ins that append `NAME [arg] [arg]...` to $FOLLOW_LOG.
    static func standIns(_ names: [String], in dir: URL) throws -> URL {
        let bin = dir.appendingPathComponent("bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for name in names {
            let script = bin.appendingPathComponent(name)
            try Data(
                """
                #!/bin/sh
                { printf '%s' "${0##*/}"; for a in "$@"; do printf ' [%s]' "$a"; done; \
                [ -n "$DEEPMOUSE_HAND" ] && printf ' hand=%s' "$DEEPMOUSE_HAND"; printf '\\n'; } >> "$FOLLOW_LOG"

                """.utf8
            ).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
        return bin
    }

    struct Run {
        var result: BuiltProduct.Result
        var calls: [String]
    }

    /// Runs the follower on `lines` with the stand-ins first on PATH.
    static func follow(_ lines: [String], _ arguments: [String], in dir: URL) throws -> Run {
        let follower = try #require(BuiltProduct("deepmouse-follow"), "deepmouse-follow was not built")
        let stream = dir.appendingPathComponent("stream-\(UUID().uuidString).jsonl")
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: stream)
        let bin = try standIns(["gsettings", "swaymsg", "xinput", "on-hand"], in: dir)
        let log = dir.appendingPathComponent("calls-\(UUID().uuidString).log")
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let r = try follower.run(
            ["--from", stream.path] + arguments, environment: ["PATH": path, "FOLLOW_LOG": log.path], timeout: 60)
        let calls = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        return Run(result: r, calls: calls)
    }

    /// The switches in the order they must come: each change at its hand line, the held ones at their release.
    static func ordered(_ f: Fixture, mouse: (Bool) -> String, pad: (Bool) -> String) -> [String] {
        [
            (f.mouseRight, mouse(false)), (f.padLeft, pad(true)), (f.padRelease, pad(false)),
            (f.mouseRelease, mouse(true))
        ]
        .sorted { $0.0 < $1.0 }.map(\.1)
    }

    @Test func gnomeGetsOneCallPerChangeNoneWhileAButtonIsHeld() throws {
        let f = try Self.fixture.get()
        let run = try Self.follow(f.lines, ["--desktop", "gnome"], in: f.directory)
        #expect(run.result.status == 0, "\(run.result.stderr)")
        let expected = Self.ordered(
            f, mouse: { "gsettings [set] [org.gnome.desktop.peripherals.mouse] [left-handed] [\($0)]" },
            pad: { "gsettings [set] [org.gnome.desktop.peripherals.touchpad] [left-handed] [\($0 ? "left" : "right")]" }
        )
        #expect(run.calls == expected)
        // Cut just before the pad's release: its right-hand switch has not run, though the hand line came.
        let release = try #require(
            f.lines.firstIndex { $0.contains("\"state\":\"up\"") && $0.contains(Self.padPath) })
        let before = try Self.follow(Array(f.lines[..<release]), ["--desktop", "gnome"], in: f.directory)
        #expect(!before.calls.contains { $0.contains("touchpad] [left-handed] [right]") }, "\(before.calls)")
        #expect(f.lines[..<release].contains { $0.contains("\"hand\":\"right\"") && $0.contains(Self.padPath) })
        let upTo = try Self.follow(Array(f.lines[...release]), ["--desktop", "gnome"], in: f.directory)
        #expect(upTo.calls.last == "gsettings [set] [org.gnome.desktop.peripherals.touchpad] [left-handed] [right]")
        #expect(upTo.calls.count == before.calls.count + 1)
    }

    @Test func swayAndX11NameEachDevice() throws {
        let f = try Self.fixture.get()
        let sway = try Self.follow(f.lines, ["--desktop", "sway"], in: f.directory)
        #expect(sway.result.status == 0, "\(sway.result.stderr)")
        #expect(
            sway.calls
                == Self.ordered(
                    f,
                    mouse: {
                        "swaymsg [input] [1133:49271:DeepMouse_Test_Mouse] [left_handed] [\($0 ? "enabled" : "disabled")]"
                    },
                    pad: {
                        "swaymsg [input] [1:1:DeepMouse_legacy_replay_pad] [left_handed] [\($0 ? "enabled" : "disabled")]"
                    }))
        let x11 = try Self.follow(f.lines, ["--desktop", "x11"], in: f.directory)
        #expect(
            x11.calls
                == Self.ordered(
                    f,
                    mouse: {
                        "xinput [set-prop] [pointer:DeepMouse Test Mouse] [libinput Left Handed Enabled] [\($0 ? 1 : 0)]"
                    },
                    pad: {
                        "xinput [set-prop] [pointer:DeepMouse legacy replay pad] [libinput Left Handed Enabled] [\($0 ? 1 : 0)]"
                    }))
        // Each switch is logged on standard error, naming the device and the command.
        #expect(
            x11.result.stderr.contains(
                "deepmouse-follow: /follow/pad.events (touchpad 'DeepMouse legacy replay pad'): left hand, left-handed buttons: xinput set-prop"
            ))
    }

    @Test func execGetsTheHandAsArgumentsAndEnvironment() throws {
        let f = try Self.fixture.get()
        let run = try Self.follow(f.lines, ["--exec", "on-hand", "--exec-arg", "switch"], in: f.directory)
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(
            run.calls
                == Self.ordered(
                    f,
                    mouse: {
                        "on-hand [switch] [\($0 ? "left" : "right")] [mouse] [\(Self.mousePath)] [DeepMouse Test Mouse] hand=\($0 ? "left" : "right")"
                    },
                    pad: {
                        "on-hand [switch] [\($0 ? "left" : "right")] [touchpad] [\(Self.padPath)] [DeepMouse legacy replay pad] hand=\($0 ? "left" : "right")"
                    }))
    }

    @Test func aDryRunPrintsTheCommandsAndRunsNothing() throws {
        let f = try Self.fixture.get()
        let run = try Self.follow(f.lines, ["--desktop", "x11", "--dry-run"], in: f.directory)
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(run.calls.isEmpty)
        #expect(
            run.result.stdout.split(separator: "\n").map(String.init)
                == Self.ordered(
                    f,
                    mouse: {
                        "xinput set-prop 'pointer:DeepMouse Test Mouse' 'libinput Left Handed Enabled' \($0 ? 1 : 0)"
                    },
                    pad: {
                        "xinput set-prop 'pointer:DeepMouse legacy replay pad' 'libinput Left Handed Enabled' \($0 ? 1 : 0)"
                    }))
    }

    /// The stand-ins' commands are the ones the real programs accept: GNOME's touchpad key is an enum.
    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/gsettings"), "gsettings is not installed"))
    func theRealGsettingsAcceptsTheCommands() throws {
        let gsettings = BuiltProduct(url: URL(fileURLWithPath: "/usr/bin/gsettings"))
        for (kind, value) in [("mouse", "true"), ("mouse", "false"), ("touchpad", "left"), ("touchpad", "right")] {
            let r = try gsettings.run(
                ["set", "org.gnome.desktop.peripherals.\(kind)", "left-handed", value],
                environment: ["GSETTINGS_BACKEND": "memory"])
            #expect(r.status == 0, "\(kind) \(value): \(r.stderr)")
        }
        let wrong = try gsettings.run(
            ["set", "org.gnome.desktop.peripherals.touchpad", "left-handed", "true"],
            environment: ["GSETTINGS_BACKEND": "memory"])
        #expect(wrong.status != 0)
    }
}
