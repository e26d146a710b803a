import DeepMouseFollow
import Foundation
import TestSupport
import Testing

/// The built `deepmouse-follow`: its FIFO, its command line.
@Suite struct FollowCommandLineTests {
    typealias L = DaemonLines

    static func follower() throws -> BuiltProduct {
        try #require(BuiltProduct("deepmouse-follow"), "deepmouse-follow was not built")
    }

    /// The daemon stops and starts again: the follower reads the FIFO again, learns the devices anew
    /// and does not repeat what it already applied.
    @Test func aFifoIsFollowedAcrossDaemonRestarts() throws {
        let dir = try TestTemporaryDirectory.make("follow-fifo")
        let fifo = dir.appendingPathComponent("hand").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let bin = try FollowEndToEndTests.standIns(["gsettings"], in: dir)
        let log = dir.appendingPathComponent("calls.log")
        let process = Process()
        process.executableURL = try Self.follower().url
        process.arguments = ["--from", fifo, "--desktop", "gnome"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["PATH": bin.path + ":/usr/bin:/bin", "FOLLOW_LOG": log.path]) { $1 }
        let err = Pipe()
        process.standardError = err
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let pad = "/dev/input/event5"
        func writer(_ lines: [String]) {
            let fd = open(fifo, O_WRONLY)  // waits for the follower to (re)open the FIFO
            let bytes = Array(lines.joined().utf8)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        func calls() -> [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        writer([L.added(pad, "Pad", .touchpad), L.hand(.left, pad)])
        let first = Date() + 20
        while Date() < first && calls().isEmpty { usleep(20_000) }
        usleep(300_000)  // the follower has read the end of the stream, and waits for the next daemon
        // The new daemon repeats the device and its hand to the reader, then the hand changes.
        writer([L.added(pad, "Pad", .touchpad), L.hand(.left, pad), L.hand(.right, pad)])
        let deadline = Date() + 20
        while Date() < deadline && calls().count < 2 { usleep(20_000) }
        usleep(200_000)  // nothing more may come
        process.terminate()
        let stop = Date() + 5
        while process.isRunning && Date() < stop { usleep(20_000) }
        #expect(!process.isRunning, "SIGTERM must end the follower")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let key = "gsettings [set] [org.gnome.desktop.peripherals.touchpad] [left-handed] "
        #expect(calls() == [key + "[left]", key + "[right]"])
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("the daemon restarted; following its new stream"), "\(stderr)")
    }

    @Test func badInvocationsSayWhatToDo() throws {
        let f = try Self.follower()
        let missing = try f.run(["--from", "/nonexistent/hand", "--desktop", "gnome"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("/nonexistent/hand: no such file (start the daemon first"), "\(missing.stderr)")
        let none = try f.run([], environment: ["DISPLAY": "", "SWAYSOCK": "", "XDG_CURRENT_DESKTOP": ""])
        #expect(none.status == 64)
        #expect(none.stderr.contains("give --desktop gnome|sway|x11 or --exec PROGRAM"), "\(none.stderr)")
        let both = try f.run(["--desktop", "x11", "--exec", "true"])
        #expect(both.status == 64 && both.stderr.contains("--exec and --desktop exclude each other"))
        let help = try f.run(["--help"])
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for phrase in ["'unknown' (the pointer is idle) keeps the last setting", "is up:", "--dry-run prints"] {
            #expect(text.contains(phrase), "\(phrase)")
        }
    }

    /// Text-format lines and unknown line types are skipped with the line number; the rest is followed.
    @Test func linesItCannotReadAreSkippedWithTheirNumber() throws {
        let dir = try TestTemporaryDirectory.make("follow-bad")
        let stream = dir.appendingPathComponent("mixed.jsonl")
        let pad = "/dev/input/event5"
        try Data(
            ("0.001 /dev/input/event5 added touchpad \"Pad\"\n" + L.added(pad, "Pad", .touchpad)
                + "{\"v\":1,\"type\":\"future\"}\n" + L.hand(.left, pad) + L.hand(.left, "/dev/input/event9")).utf8
        ).write(to: stream)
        let r = try Self.follower().run(["--from", stream.path, "--desktop", "gnome", "--dry-run"])
        #expect(r.status == 0)
        #expect(r.stdout == "gsettings set org.gnome.desktop.peripherals.touchpad left-handed left\n")
        #expect(r.stderr.contains("mixed.jsonl: line 1: not a JSON object"), "\(r.stderr)")
        #expect(!r.stderr.contains("line 3"))
        #expect(
            r.stderr.contains("line 5: a hand for /dev/input/event9 before its 'device' line (ignored"), "\(r.stderr)")
    }
}

extension FollowCommandLineTests {
    /// The stream on standard input is the follower's alone: a command that reads its standard input gets
    /// nothing from it, and every change is still followed.
    @Test func commandsDoNotReadTheStreamOnStandardInput() throws {
        let dir = try TestTemporaryDirectory.make("follow-stdin")
        let script = dir.appendingPathComponent("greedy")
        try Data("#!/bin/sh\ncat > /dev/null\necho \"$1\" >> \"$0.log\"\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let pad = "/dev/input/event5"
        let first = dir.appendingPathComponent("first.jsonl")
        let second = dir.appendingPathComponent("second.jsonl")
        try Data((L.added(pad, "Pad", .touchpad) + L.hand(.left, pad)).utf8).write(to: first)
        try Data(L.hand(.right, pad).utf8).write(to: second)
        // The second part comes later on the same pipe, while the first command runs.
        let shell = BuiltProduct(url: URL(fileURLWithPath: "/bin/sh"))
        let r = try shell.run(
            [
                "-c", "{ cat \"$2\"; sleep 0.5; cat \"$3\"; } | \"$0\" --exec \"$1\"", try Self.follower().url.path,
                script.path, first.path, second.path
            ], timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: script.path + ".log", encoding: .utf8) == "left\nright\n")
    }
}
