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
}
