import DeepMouseInput
import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct FifoSinkTests {
    init() { signal(SIGPIPE, SIG_IGN) }  // as the daemon does (SignalFD)

    func line(_ text: String) -> [UInt8] { Array((text + "\n").utf8) }

    @Test func noReaderThenReaderThenReaderLeaves() throws {
        let path = try TestTemporaryDirectory.make("deepmouse-test").appendingPathComponent("hand").path
        var sink = try FifoSink(path: path, now: 0)
        var s = stat()
        #expect(lstat(path, &s) == 0 && s.st_mode & S_IFMT == S_IFIFO && s.st_mode & 0o777 == 0o600)
        #expect(!sink.isConnected)
        line("lost").withUnsafeBytes { sink.write($0, now: 1) }
        #expect(sink.droppedNoReader == 1)

        let reader = open(path, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        line("too soon").withUnsafeBytes { sink.write($0, now: 100_000) }  // retry interval not passed
        #expect(sink.droppedNoReader == 2)
        line("hello").withUnsafeBytes { sink.write($0, now: 600_000) }
        #expect(sink.isConnected)
        #expect(sink.takeConnected() && !sink.takeConnected())
        var buffer = [UInt8](repeating: 0, count: 100)
        let n = read(reader, &buffer, 100)
        #expect(String(decoding: buffer[0..<max(n, 0)], as: UTF8.self) == "hello\n")

        close(reader)  // the reader leaves: EPIPE, no crash, reopen later
        line("after").withUnsafeBytes { sink.write($0, now: 700_000) }
        #expect(sink.readerLeft == 1)
        #expect(!sink.isConnected)
        let again = open(path, O_RDONLY | O_NONBLOCK)
        defer { close(again) }
        line("back").withUnsafeBytes { sink.write($0, now: 1_300_000) }
        #expect(sink.isConnected)
        let m = read(again, &buffer, 100)
        #expect(String(decoding: buffer[0..<max(m, 0)], as: UTF8.self) == "back\n")
        sink.close()
    }

    @Test func aFullPipeDropsAndCountsWithoutBlocking() throws {
        let path = try TestTemporaryDirectory.make("deepmouse-test").appendingPathComponent("full").path
        #expect(mkfifo(path, 0o600) == 0)
        let reader = open(path, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        var sink = try FifoSink(path: path, now: 0)
        #expect(sink.isConnected)
        let big = line(String(repeating: "x", count: 3000))
        for _ in 0..<200 { big.withUnsafeBytes { sink.write($0, now: 1) } }  // 600 KB into a 64 KB pipe
        #expect(sink.droppedFull > 150)
        // Whatever was written is whole lines (writes under PIPE_BUF are atomic).
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = read(reader, &buffer, buffer.count)
            if n <= 0 { break }
            total += n
        }
        #expect(total % big.count == 0)
        #expect(total / big.count + sink.droppedFull == 200)
        sink.close()
    }

    @Test func refusesWhatIsNotOurFifo() throws {
        let dir = try TestTemporaryDirectory.make("deepmouse-test")
        let regular = dir.appendingPathComponent("file").path
        FileManager.default.createFile(atPath: regular, contents: Data("x".utf8))
        #expect(throws: FifoError.isRegularFile) { try FifoSink(path: regular, now: 0) }
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let link = dir.appendingPathComponent("link").path
        #expect(symlink(fifo, link) == 0)
        #expect(throws: FifoError.isSymbolicLink) { try FifoSink(path: link, now: 0) }
        #expect(throws: FifoError.notAFifo) { try FifoSink(path: dir.path, now: 0) }
        if geteuid() == 0 {
            #expect(chown(fifo, 65534, 65534) == 0)  // nobody
            #expect(throws: FifoError.ownedByAnotherUser) { try FifoSink(path: fifo, now: 0) }
        }
    }

    /// No FIFO writable by its group or others: not created so, not accepted when found so.
    @Test func aFifoWritableByOthersIsRefused() throws {
        let dir = try TestTemporaryDirectory.make("deepmouse-test")
        let path = dir.appendingPathComponent("hand").path
        #expect(throws: FifoError.writableByOthers(mode: 0o666)) {
            try FifoSink(path: path, permissions: 0o666, now: 0)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(mkfifo(path, 0o600) == 0 && chmod(path, 0o622) == 0)
        #expect(throws: FifoError.writableByOthers(mode: 0o622)) { try FifoSink(path: path, now: 0) }
    }

    /// Every folder of the path is opened without following links, and checked.
    @Test func everyFolderOfThePathIsChecked() throws {
        let dir = try TestTemporaryDirectory.make("deepmouse-test")
        let real = dir.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        #expect(symlink(real.path, dir.appendingPathComponent("link").path) == 0)
        FileManager.default.createFile(atPath: dir.appendingPathComponent("file").path, contents: Data())
        let open = dir.appendingPathComponent("open")
        let sticky = dir.appendingPathComponent("sticky")
        for d in [open, sticky] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        #expect(chmod(open.path, 0o777) == 0 && chmod(sticky.path, 0o1777) == 0)
        func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
        #expect(throws: FifoError.folderIsSymbolicLink(folder: bytes(dir.path + "/link"))) {
            try FifoSink(path: dir.path + "/link/hand", now: 0)
        }
        #expect(throws: FifoError.folderIsSymbolicLink(folder: bytes(dir.path + "/link"))) {
            try FifoSink(path: dir.path + "/link/../real/hand", now: 0)
        }
        #expect(throws: FifoError.folderMissing(folder: bytes(dir.path + "/gone"))) {
            try FifoSink(path: dir.path + "/gone/deeper/hand", now: 0)
        }
        #expect(throws: FifoError.folderNotAFolder(folder: bytes(dir.path + "/file"))) {
            try FifoSink(path: dir.path + "/file/hand", now: 0)
        }
        #expect(throws: FifoError.folderUnsafe(folder: bytes(open.path), owner: UInt32(geteuid()), mode: 0o777)) {
            try FifoSink(path: open.path + "/hand", now: 0)
        }
        #expect(throws: FifoError.noName) { try FifoSink(path: real.path + "/", now: 0) }
        var inSticky = try FifoSink(path: sticky.path + "/hand", now: 0)  // like /tmp: entries stay their owners'
        inSticky.close()
        var viaDots = try FifoSink(path: dir.path + "/./real//hand", now: 0)
        viaDots.close()
        #expect(FileManager.default.fileExists(atPath: real.path + "/hand"))
    }

    /// The FIFO gets its mode and group whatever the umask, created or found.
    @Test func modeAndGroupAreGivenWhateverTheUmask() throws {
        let path = try TestTemporaryDirectory.make("deepmouse-test").appendingPathComponent("hand").path
        let old = umask(0o077)
        defer { umask(old) }
        let group = geteuid() == 0 ? gid_t(65534) : getegid()
        var sink = try FifoSink(path: path, permissions: 0o640, group: group, now: 0)
        sink.close()
        var s = stat()
        #expect(lstat(path, &s) == 0 && s.st_mode & 0o7777 == 0o640 && s.st_gid == group)
        var again = try FifoSink(path: path, permissions: 0o600, now: 0)
        again.close()
        #expect(lstat(path, &s) == 0 && s.st_mode & 0o7777 == 0o600)
    }

    /// A FIFO removed after startup is created again, one replaced by an unsafe one is refused, a safe
    /// replacement used: each reported once.
    @Test func aFifoChangedAfterStartupIsReported() throws {
        let path = try TestTemporaryDirectory.make("deepmouse-test").appendingPathComponent("hand").path
        var sink = try FifoSink(path: path, permissions: 0o640, now: 0)
        defer { sink.close() }
        #expect(sink.takeNotice() == nil)
        #expect(unlink(path) == 0)
        sink.reconnect(now: 1_000_000)
        #expect(sink.takeNotice() == .recreated)
        var s = stat()
        #expect(lstat(path, &s) == 0 && s.st_mode & S_IFMT == S_IFIFO && s.st_mode & 0o777 == 0o640)

        #expect(unlink(path) == 0 && mkfifo(path, 0o600) == 0 && chmod(path, 0o666) == 0)
        let unsafeReader = open(path, O_RDONLY | O_NONBLOCK)
        defer { close(unsafeReader) }
        sink.reconnect(now: 2_000_000)
        #expect(sink.takeNotice() == .refused(.writableByOthers(mode: 0o666)))
        #expect(!sink.isConnected)
        sink.reconnect(now: 3_000_000)
        #expect(sink.takeNotice() == nil)  // the same refusal is not repeated every retry
        if geteuid() == 0 {
            #expect(chmod(path, 0o600) == 0 && chown(path, 65534, 65534) == 0)
            sink.reconnect(now: 4_000_000)
            #expect(sink.takeNotice() == .refused(.ownedByAnotherUser))
        }

        #expect(unlink(path) == 0 && mkfifo(path, 0o600) == 0)
        let reader = open(path, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        sink.reconnect(now: 5_000_000)
        #expect(sink.takeNotice() == .replaced)
        #expect(sink.isConnected)
    }
}
