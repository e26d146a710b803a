import DeepMouseInput
import DeepMouseMotion
import Foundation
import Glibc
import TestSupport
import Testing

/// `deepmoused record|stats|devices` as built, without devices: arguments, refusals and errors
/// (each with a clear message, its exit status, and nothing lost or half-written).
@Suite struct RecorderCommandLineTests {
    func run(_ arguments: [String], in directory: URL? = nil) throws -> Executables.Result {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        return try Executables.run(daemon, arguments, in: directory)
    }

    @Test(arguments: [
        (["record", "-o", "x.events"], "--hand left|right is required"),
        (["record", "--hand", "both", "-o", "x.events"], "--hand: expected 'left' or 'right', got 'both'"),
        (["record", "--hand", "left"], "-o FILE is required"),
        (["record", "--hand", "left", "-o", "x", "--duration", "soon"], "--duration: 'soon' is not a duration"),
        (["record", "--hand", "left", "-o", "x", "--bogus"], "unknown option '--bogus'"),
        (["stats"], "give one or more evemu recordings"),
        (["stats", "--gap-ms", "0", "x.events"], "--gap-ms: '0' is not a number of milliseconds"),
        (["devices", "--hop", "8"], "unknown option '--hop'")
    ])
    func badArgumentsExit64WithAReason(arguments: [String], message: String) throws {
        let r = try run(arguments)
        #expect(r.status == 64)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.contains("(see deepmoused \(arguments[0]) --help)"))
    }

    @Test func helpTextsAreManualPages() throws {
        for (command, options) in [
            ("record", ["--hand", "--device", "--duration", "--manifest", "--person", "--force"]),
            ("stats", ["--gap-ms"]), ("devices", ["--format"])
        ] {
            let r = try run([command, "--help"])
            #expect(r.status == 0)
            for section in ["NAME", "SYNOPSIS", "DESCRIPTION"] {
                #expect(r.stdout.contains("\(section)\n"), "\(command): \(section)")
            }
            for option in options { #expect(r.stdout.contains(option), "\(command): \(option) undocumented") }
            #expect(!r.stdout.split(separator: "\n").contains { $0.count > 100 })
        }
    }

    @Test func anUnknownDeviceIsNamedAndNothingIsWritten() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["record", "--hand", "left", "--device", "/dev/input/event99", "-o", "out.events"], in: dir)
        #expect(r.status == 66)
        #expect(
            r.stderr.contains(
                "/dev/input/event99: unknown device: No such file or directory ('deepmoused devices' lists the input devices)"
            ))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func existingRecordingsAreNeverOverwrittenByAccident() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("keep me\n".utf8).write(to: dir.appendingPathComponent("a.events"))
        var r = try run(["record", "--hand", "left", "-o", "a.events"], in: dir)
        #expect(r.status == 73)
        #expect(r.stderr.contains("a.events: exists; choose another name or pass --force to replace it"))
        try Data("half\n".utf8).write(to: dir.appendingPathComponent("b.events.partial"))
        r = try run(["record", "--hand", "left", "-o", "b.events", "--force"], in: dir)
        #expect(r.status == 73)
        #expect(r.stderr.contains("b.events.partial: exists (an interrupted recording"))
        #expect(try String(contentsOf: dir.appendingPathComponent("a.events"), encoding: .utf8) == "keep me\n")
    }

    /// A node the user cannot read: EACCES names the group that grants access (run as nobody).
    @Test(
        .enabled(if: getuid() == 0 && getgrnam("input") != nil, "needs root (to drop to nobody) and an 'input' group"))
    func permissionDeniedNamesTheGroupToJoin() throws {
        let daemon = try #require(Executables.deepmoused)
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        chmod(dir.path, 0o777)
        let node = dir.appendingPathComponent("event42")
        try Data().write(to: node)
        chown(node.path, 0, getgrnam("input")!.pointee.gr_gid)
        chmod(node.path, 0o660)
        let r = try Executables.run(
            URL(fileURLWithPath: "/usr/bin/setpriv"),
            [
                "--reuid=nobody", "--regid=nogroup", "--clear-groups", daemon.path, "record", "--hand", "left",
                "--device", node.path, "-o", dir.appendingPathComponent("x.events").path
            ])
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains("\(node.path): Permission denied"))
        #expect(r.stderr.contains("add its user to the 'input' group"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.events.partial").path))
    }

    @Test func statsNamesTheLineOfAMalformedRecording() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.mouse, to: &text)
        let headerLines = text.filter { $0 == 0x0a }.count
        text += Array("E: 0.0 0002 0000 1\nE: 0.0 0000 0000 0\nE: 0.10000 0002 zz 1\n".utf8)
        try Data(text).write(to: dir.appendingPathComponent("bad.events"))
        let r = try run(["stats", "bad.events", "missing.events"], in: dir)
        #expect(r.status == 66 || r.status == 65)
        #expect(
            r.stderr.contains("bad.events: line \(headerLines + 3): field 'code' is not a valid number"), "\(r.stderr)")
        #expect(r.stderr.contains("missing.events: No such file or directory"))
        #expect(r.stdout.contains("events        2 in 0.000 s: 1 frames"))  // the lines before the error
        let one = try run(["stats", "bad.events"], in: dir)
        #expect(one.status == 65)
    }

    /// `stats` on an empty `.events` (valid `.desc` next to it) or next to an empty `.desc`: exit 65, the file named.
    @Test func statsRefusesAnEmptyRecordingOrDescription() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        var desc: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.mouse, to: &desc)
        try Data(desc).write(to: dir.appendingPathComponent("empty.desc"))
        try Data().write(to: dir.appendingPathComponent("empty.events"))
        let r = try run(["stats", "empty.events"], in: dir)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("empty.events: no events"), "\(r.stderr)")
        try Data().write(to: dir.appendingPathComponent("blank.desc"))
        try Data("E: 0.0 0002 0000 1\nE: 0.0 0000 0000 0\n".utf8).write(to: dir.appendingPathComponent("blank.events"))
        let b = try run(["stats", "blank.events"], in: dir)
        #expect(b.status == 65, "\(b.stderr)")
        #expect(
            b.stderr.contains(
                "blank.desc: line 1: missing field 'device description (the .desc file is empty)'"),
            "\(b.stderr)")
    }

    @Test func devicesWithoutAnyInputDeviceSaysSoOnStandardError() throws {
        // a machine with devices: nothing to assert
        guard !FileManager.default.fileExists(atPath: "/dev/input") else { return }
        for arguments in [["devices"], ["--list-devices"]] {
            let r = try run(arguments)
            #expect(r.status == 0)
            #expect(r.stdout.isEmpty)
            #expect(
                r.stderr == "deepmoused: no input devices (/dev/input has none, or does not exist)\n", "\(r.stderr)")
        }
    }
}

/// `deepmoused stats` on the real recordings in ../shared/data/evemu against an independent
/// reading of the files (whitespace split, decimal microseconds, sort, nearest rank).
@Suite(.enabled(if: SharedData.available, SharedData.skipMessage))
struct RecordingStatsOnRealDataTests {
    static let files = [
        "alps-dualpoint-touchpad.events", "elantech-touchpad-samsung-700z3a.events", "elantech-touchpad.events",
        "ibm-trackpoint.events", "ps2-generic-mouse.events", "ultrathin-touch-mouse.events"
    ]

    @Test(arguments: files)
    func intervalsMatchAnIndependentCount(name: String) throws {
        let daemon = try #require(Executables.deepmoused)
        let url = SharedData.evemu(name)
        let r = try Executables.run(daemon, ["stats", url.path])
        #expect(r.status == 0, "\(r.stderr)")
        var reports: [Int64] = []
        var events = 0
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where line.hasPrefix("E:") {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let time = f[1].split(separator: ".")
            events += 1
            if f[2] == "0000" && f[3] == "0000" { reports.append(Int64(time[0])! * 1_000_000 + Int64(time[1])!) }
        }
        let intervals = zip(reports.dropFirst(), reports).map { $0 - $1 }.sorted()
        func rank(_ p: Int) -> Int64 { intervals[max((p * intervals.count + 99) / 100 - 1, 0)] }
        func ms(_ us: Int64) -> String { String(format: "%.3f ms", Double(us) / 1000) }
        let expected =
            "intervals     all \(intervals.count): min \(ms(intervals.first!)), median \(ms(rank(50))), "
            + "p99 \(ms(rank(99))), max \(ms(intervals.last!))\n"
        #expect(r.stdout.contains(expected), "\(r.stdout)")
        #expect(r.stdout.contains("events        \(events) in "))
        #expect(r.stdout.contains(": \(reports.count) frames (SYN_REPORT), 0 SYN_DROPPED"))
    }
}
