import Foundation
import TestSupport
import Testing

/// deepmoused's command line, replay and output refusals, run as built (no devices needed).
@Suite struct DaemonCommandLineTests {
    static let model: URL = ModelFixture.file()

    func run(_ arguments: [String]) throws -> Executables.Result {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        return try Executables.run(daemon, arguments)
    }

    @Test func helpIsAManualPage() throws {
        let r = try run(["--help"])
        #expect(r.status == 0)
        for section in [
            "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "OUTPUT", "UNITS", "TIMING", "SECURITY",
            "EXIT STATUS", "EXAMPLES"
        ] {
            #expect(r.stdout.contains("\n\(section)\n") || r.stdout.hasPrefix("\(section)\n"), "missing \(section)")
        }
        for option in [
            "--model", "--device", "--output", "--format", "--px-per-mm", "--replay", "--decisions",
            "--list-devices", "--version"
        ] {
            #expect(r.stdout.contains(option), "\(option) undocumented")
        }
        #expect(!r.stdout.split(separator: "\n").contains { $0.count > 100 })
    }

    @Test func versionNamesTheModelFormat() throws {
        let r = try run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("deepmoused "))
        #expect(r.stdout.contains("model format 1"))
    }

    @Test(arguments: [
        (["--bogus"], "unknown option '--bogus'"),
        (["--px-per-mm"], "option --px-per-mm needs a value"),
        (["--px-per-mm", "abc"], "--px-per-mm: 'abc' is not a number from 0.01 to 1000"),
        (["--px-per-mm=0"], "--px-per-mm: '0' is not a number from 0.01 to 1000"),
        (["--evidence-retention", "1"], "--evidence-retention: '1' is not a number from 0 to 0.9999"),
        (["--max-devices", "13"], "--max-devices: '13' is not an integer from 1 to 12"),
        (["--replay", "a.events", "--replay", "b.events"], "--replay given twice ('a.events', then 'b.events')"),
        (["--format", "xml"], "--format: expected 'json' or 'text', got 'xml'"),
        (["--output", "/tmp/x"], "--output: expected '-' or 'fifo:PATH'"),
        (["--fifo-mode", "666"], "--fifo-mode: 666 lets group or others write hand lines into the FIFO"),
        (["--fifo-mode", "622"], "--fifo-mode: 622 lets group or others write hand lines into the FIFO"),
        (["--fifo-mode", "606"], "--fifo-mode: 606 lets group or others write hand lines into the FIFO"),
        (["--fifo-mode", "660"], "--fifo-mode: 660 lets group or others write hand lines into the FIFO"),
        (["--fifo-mode", "400"], "--fifo-mode: 400 must give the owner read and write"),
        (["--fifo-mode", "700"], "--fifo-mode: 700 must give the owner read and write and nobody execute"),
        (["--fifo-mode", "6440"], "--fifo-mode: expected an octal mode such as 600 or 640, got '6440'"),
        (["--fifo-group", "no-such-group-here"], "--fifo-group: no group named 'no-such-group-here'"),
        (["--hop", "2.5"], "--hop: '2.5' is not an integer from 1 to 65536"),
        (["--replay", "x.events", "--device", "/dev/input/event1"], "--replay and --device cannot be combined"),
        (["--evidence-threshold", "3", "--evidence-cap", "2"], "--evidence-threshold must not exceed --evidence-cap")
    ])
    func badArgumentsExit64WithAReason(arguments: [String], message: String) throws {
        let r = try run(arguments)
        #expect(r.status == 64)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.contains("see deepmoused --help"))
    }

    @Test func aMissingModelIsNamed() throws {
        let r = try run(["--model", "/nonexistent/model.dmm", "--replay", "x.events"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("model /nonexistent/model.dmm: No such file or directory"))
    }

    /// The hop must fit the model (the fixture pools by 2): a wrong `--hop` is a usage error that names the factor.
    @Test func aHopTheModelCannotUseIsAUsageError() throws {
        let r = try run(["--model", Self.model.path, "--hop", "3", "--replay", "x.events"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(
            r.stderr.contains("--hop 3 must be a positive multiple of 2, the model's pooling factor"), "\(r.stderr)")
        #expect(r.stderr.contains("see deepmoused --help"))
    }

    @Test func aCorruptModelIsRejectedWithTheReason() throws {
        var bytes = try ModelFixture.bytes()
        bytes[bytes.count / 2] ^= 0x5a
        let url = try TemporaryDirectory.make().appendingPathComponent("bad.dmm")
        try Data(bytes).write(to: url)
        let r = try run(["--model", url.path, "--replay", "x.events"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("checksum mismatch"))
    }

    @Test func fifoOutputRefusesSymlinksAndRegularFiles() throws {
        let dir = try TemporaryDirectory.make()
        let regular = dir.appendingPathComponent("regular")
        try Data("keep me".utf8).write(to: regular)
        let link = dir.appendingPathComponent("link")
        let target = dir.appendingPathComponent("target-fifo")
        #expect(mkfifo(target.path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let events = try stroke(in: dir)
        for (path, message) in [(regular.path, "is a regular file"), (link.path, "is a symbolic link")] {
            let r = try run(["--model", Self.model.path, "--replay", events, "--output", "fifo:" + path])
            #expect(r.status == 73)
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
        #expect(try String(contentsOf: regular, encoding: .utf8) == "keep me")
    }

    /// A reader that leaves ends a replay with EPIPE handled (SIGPIPE ignored in every mode), not a kill by SIGPIPE.
    @Test func aReplayWhoseReaderLeftIsNotKilledBySIGPIPE() throws {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        let dir = try TemporaryDirectory.make()
        let process = Process()
        process.executableURL = daemon
        process.arguments = ["--model", Self.model.path, "--replay", try stroke(in: dir)]
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()  // the reader is gone before the first line
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        try pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 0)
    }

    @Test func aMissingFifoIsCreatedPrivate() throws {
        let dir = try TemporaryDirectory.make()
        let fifo = dir.appendingPathComponent("out").path
        let r = try run(["--model", Self.model.path, "--replay", try stroke(in: dir), "--output", "fifo:" + fifo])
        #expect(r.status == 0, "\(r.stderr)")  // no reader: lines dropped, no error, no block
        var s = stat()
        #expect(lstat(fifo, &s) == 0)
        #expect(s.st_mode & S_IFMT == S_IFIFO)
        #expect(s.st_mode & 0o777 == 0o600)
        // --fifo-group gives it a group that may read it (0640 whatever the umask, as systemd's UMask=0077).
        let shared = dir.appendingPathComponent("shared").path
        let old = umask(0o077)
        defer { umask(old) }
        let group = geteuid() == 0 ? gid_t(65534) : getegid()
        let name = try #require(getgrgid(group).map { String(cString: $0.pointee.gr_name) })
        let g = try run([
            "--model", Self.model.path, "--replay", try stroke(in: dir), "--output", "fifo:" + shared,
            "--fifo-group", name
        ])
        #expect(g.status == 0, "\(g.stderr)")
        #expect(lstat(shared, &s) == 0 && s.st_mode & 0o777 == 0o640 && s.st_gid == group)
        // --fifo-mode 644 lets anyone read it, still nobody else write.
        let m = try run([
            "--model", Self.model.path, "--replay", try stroke(in: dir), "--output", "fifo:" + shared,
            "--fifo-mode", "644"
        ])
        #expect(m.status == 0, "\(m.stderr)")
        #expect(lstat(shared, &s) == 0 && s.st_mode & 0o777 == 0o644)
    }

    /// The FIFO's folders are blamed by name: a missing one, a symbolic link, one another user may change.
    @Test func fifoOutputNamesTheFolderAtFault() throws {
        let dir = try TemporaryDirectory.make()
        let real = dir.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        let link = dir.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let open = dir.appendingPathComponent("open")
        try FileManager.default.createDirectory(at: open, withIntermediateDirectories: true)
        chmod(open.path, 0o777)
        let events = try stroke(in: dir)
        for (path, message) in [
            (dir.path + "/missing/hand", "folder \(dir.path)/missing does not exist"),
            (link.path + "/hand", "folder \(link.path) is a symbolic link"),
            (
                open.path + "/hand",
                "folder \(open.path) (owner uid \(geteuid()), mode 0777) may be changed by another user"
            )
        ] {
            let r = try run(["--model", Self.model.path, "--replay", events, "--output", "fifo:" + path])
            #expect(r.status == 73)
            #expect(r.stderr.contains("output \(path): " + message), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: real.path + "/hand"))
    }

    /// A folder that another user can reach wherever the clone lives (the clone may sit under a 0700 folder,
    /// such as root's home or `mktemp -d`): under /tmp, mode 0755, holding a copy of the daemon and the model.
    func reachableCopies() throws -> (dir: URL, daemon: URL, model: URL) {
        let daemon = try #require(Executables.deepmoused)
        var template = Array("/tmp/deepmouse-permission.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        try #require(made)
        let dir = URL(fileURLWithPath: String(cString: template), isDirectory: true)
        #expect(chmod(dir.path, 0o755) == 0)
        let copy = dir.appendingPathComponent("deepmoused")
        try FileManager.default.copyItem(at: daemon, to: copy)
        #expect(chmod(copy.path, 0o755) == 0)
        let model = dir.appendingPathComponent("model.dmm")
        try FileManager.default.copyItem(at: Self.model, to: model)
        #expect(chmod(model.path, 0o644) == 0)
        return (dir, copy, model)
    }

    /// `ARGUMENTS` run as nobody (uid and gid 65534, no groups).
    func runAsNobody(_ arguments: [String]) throws -> Executables.Result {
        try Executables.run(
            URL(fileURLWithPath: "/usr/bin/setpriv"), ["--reuid=65534", "--regid=65534", "--clear-groups"] + arguments)
    }

    /// Without read access to the device node the daemon exits 77 and names the group to join.
    @Test(
        .enabled(
            if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
            "needs root to drop to another user with setpriv"))
    func permissionDeniedNamesTheGroup() throws {
        let (dir, daemon, model) = try reachableCopies()
        defer { try? FileManager.default.removeItem(at: dir) }
        let node = dir.appendingPathComponent("event42").path
        FileManager.default.createFile(atPath: node, contents: Data(), attributes: [.posixPermissions: 0o660])
        #expect(chown(node, 0, 0) == 0)  // root:root, like /dev/input/event* (root:input on a real system)
        let r = try runAsNobody([daemon.path, "--model", model.path, "--device", node])
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains("\(node): Permission denied"))
        #expect(r.stderr.contains("add its user to the 'root' group"), "\(r.stderr)")
    }

    /// A file that exists but may not be read exits 77 (permission denied), a missing one 66, as --help says:
    /// the model and the replayed recording alike.
    @Test(
        .enabled(
            if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
            "needs root to drop to another user with setpriv"))
    func unreadableFilesExit77AndMissingOnes66() throws {
        let (dir, daemon, model) = try reachableCopies()
        defer { try? FileManager.default.removeItem(at: dir) }
        let recording = try stroke(in: dir)
        #expect(chmod(recording, 0o644) == 0)
        let locked = dir.appendingPathComponent("locked.dmm").path
        try FileManager.default.copyItem(atPath: model.path, toPath: locked)
        #expect(chmod(locked, 0o600) == 0)
        let closed = dir.appendingPathComponent("closed.events").path
        try FileManager.default.copyItem(atPath: recording, toPath: closed)
        #expect(chmod(closed, 0o600) == 0)
        let readable = try runAsNobody([daemon.path, "--model", model.path, "--replay", recording])
        #expect(readable.status == 0, "\(readable.stderr)")
        let lockedModel = try runAsNobody([daemon.path, "--model", locked, "--replay", recording])
        #expect(lockedModel.status == 77, "\(lockedModel.stderr)")
        #expect(lockedModel.stderr.contains("Permission denied"), "\(lockedModel.stderr)")
        let closedRecording = try runAsNobody([daemon.path, "--model", model.path, "--replay", closed])
        #expect(closedRecording.status == 77, "\(closedRecording.stderr)")
        let stats = try runAsNobody([daemon.path, "stats", closed])
        #expect(stats.status == 77, "\(stats.stderr)")
        let gone = dir.appendingPathComponent("gone.events").path
        #expect(try runAsNobody([daemon.path, "--model", model.path, "--replay", gone]).status == 66)
        #expect(try runAsNobody([daemon.path, "--model", gone, "--replay", recording]).status == 66)
    }

    /// A small touchpad recording with its description (evemu-record layout) in `dir`.
    func stroke(in dir: URL) throws -> String {
        var text = try String(contentsOf: UmockdevFixtures.url("touchpad-stroke.events"), encoding: .utf8)
        var desc: [UInt8] = []
        EvemuWriterBridge.description(TestDevices.touchpad, into: &desc)
        text = String(decoding: desc, as: UTF8.self) + text
        let url = dir.appendingPathComponent("stroke.events")
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
