import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion
import Foundation
import TestSupport
import Testing

@testable import DeepMouseDaemon

/// `--output fifo:PATH` under readers that come late or stall: nothing they are owed is lost.
@Suite(.serialized) struct FifoOutputTests {
    init() { signal(SIGPIPE, SIG_IGN) }  // as the daemon does

    /// Everything a non-blocking reader can read now.
    static func readAvailable(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A hand change that a full pipe drops is written once the reader drains it, the newest per device only,
    /// before any later line; the drops are counted and summed up at exit.
    @Test func aHandChangeDroppedOnAFullPipeIsResentNewestFirst() throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("hand").path
        #expect(mkfifo(path, 0o600) == 0)
        let reader = open(path, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        var emitter = LineEmitter(
            format: .json, sink: try OutputSink.fifo(path: path, now: 0), printDecisions: false, printMotion: false)
        #expect(emitter.sink.fifoConnected)
        // Another writer fills the pipe to the last byte.
        let filler = open(path, O_WRONLY | O_NONBLOCK)
        defer { close(filler) }
        let block = [UInt8](repeating: 0x2e, count: 4096)
        while write(filler, block, block.count) > 0 {}
        var one: UInt8 = 0x2e
        while write(filler, &one, 1) > 0 {}
        let pad = Array("/dev/input/event5".utf8)
        let mouse = Array("/dev/input/event6".utf8)
        emitter.hand(.left, pLeftQ15: 30_000, time: 1_000_000, device: pad)
        emitter.hand(.right, pLeftQ15: 2_000, time: 2_000_000, device: pad)
        emitter.hand(.left, pLeftQ15: 31_000, time: 2_500_000, device: mouse)
        #expect(emitter.hasPendingHands)
        #expect(emitter.sink.fifoCounters.full == 3)
        emitter.resendPending()  // still full: nothing written, nothing counted twice
        #expect(emitter.sink.fifoCounters.full == 3)

        let stalled = Self.readAvailable(reader)
        #expect(!stalled.contains("hand"))
        emitter.resendPending()
        #expect(!emitter.hasPendingHands)
        #expect(emitter.handsResent == 2)
        let lines = Self.readAvailable(reader).split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.contains("\"hand\":\"right\"") == true && lines.first?.contains("event5") == true)
        #expect(lines.last?.contains("\"hand\":\"left\"") == true && lines.last?.contains("event6") == true)

        var summary = LineBuffer()
        emitter.writeDropSummary(to: &summary, path: path)
        let text = summary.withBytes { String(decoding: $0, as: UTF8.self) }
        #expect(
            text
                == "output fifo:\(path): 0 lines dropped without a reader, 3 on a full pipe "
                + "(2 hand changes re-sent, 0 lost); the reader left 0 times")
    }

    /// A recording in `frames` frames of mouse motion, 10 ms apart from `start`, without a header.
    static func mouseEvents(frames: Range<Int>, start: Int64 = 0) -> [UInt8] {
        var text: [UInt8] = []
        for i in frames {
            let t = start + Int64(i) * 10_000
            EvemuWriter.writeEvent(InputEvent(time: t, type: 2, code: 0, value: Int32(i % 7) - 3), to: &text)
            EvemuWriter.writeEvent(InputEvent(time: t, type: 2, code: 1, value: 2), to: &text)
            EvemuWriter.writeEvent(InputEvent(time: t, type: 0, code: 0, value: 0), to: &text)
        }
        return text
    }

    /// `deepmoused --replay /dev/stdin --output fifo:PATH` fed through a pipe, so the test decides when the
    /// replay is halfway: the reader opens the FIFO once the daemon has read and processed the first megabyte
    /// of `events` (more than that) and waits for more; `rest` is then written and the input closed. The
    /// reader drains the FIFO while the daemon runs. Returns the status, stderr and what the reader got.
    func replayThroughAPipe(
        fifo: String, events: [UInt8], rest: [UInt8], arguments: [String] = []
    ) throws -> (status: Int32, stderr: String, received: String) {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        var first: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.mouse, to: &first)
        first += events
        #expect(first.count > (1 << 20) + (1 << 17))
        let process = Process()
        process.executableURL = daemon
        process.arguments =
            ["--model", ModelFixture.file().path, "--replay", "/dev/stdin", "--output", "fifo:" + fifo] + arguments
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // Written (into a 64 KiB pipe) only once the daemon has read all but the last 64 KiB: it has parsed
        // its first chunk, processed every event in it and waits in read(2) for the rest of the second.
        input.fileHandleForWriting.write(Data(first))
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        // A 1 MiB pipe (F_SETPIPE_SZ): a reader slowed by a loaded machine must not lose lines to a full
        // pipe here (that case has its own test).
        _ = fcntl(reader, 1031, Int32(1 << 20))
        nonisolated(unsafe) var received = ""
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            // A FIFO without a writer reads as end of file too: drain until the daemon has gone.
            while process.isRunning {
                received += Self.readAvailable(reader)
                usleep(1_000)
            }
            received += Self.readAvailable(reader)
            done.signal()
        }
        input.fileHandleForWriting.write(Data(rest))
        try input.fileHandleForWriting.close()
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: killer)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        killer.cancel()
        done.wait()
        return (process.terminationStatus, stderr, received)
    }

    /// A reader that connects while a replay runs is picked up on the recording's clock (the retry interval of
    /// 0.5 s of recording time) and told the current hand, then gets the lines that follow.
    @Test func aLateReaderOfAReplayGetsTheCurrentHandAndWhatFollows() throws {
        let fifo = try TemporaryDirectory.make().appendingPathComponent("hand").path
        let r = try replayThroughAPipe(
            fifo: fifo, events: Self.mouseEvents(frames: 0..<16_000),
            rest: Self.mouseEvents(frames: 16_000..<17_000), arguments: ["--motion"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.received.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("\"type\":\"hand\"") == true, "\(lines.prefix(3))")
        // Motion of the part read after it connected (t >= 120 s: near the end of the first 1 MiB) reached it, up to the
        // end of the replay.
        let motionTimes = BuiltProduct.Result(status: 0, stdout: r.received, stderr: "").objects(type: "motion")
            .compactMap { $0["t"] as? Double }
        #expect(motionTimes.count > 1_000 && motionTimes.allSatisfy { $0 >= 120 }, "\(motionTimes.prefix(3))")
        #expect(lines.last?.contains("\"event\":\"removed\"") == true)
        #expect(r.stderr.contains("output fifo:\(fifo): "), "\(r.stderr)")
        #expect(r.stderr.contains("the reader left 0 times"), "\(r.stderr)")
    }

    /// A reader that connects after the last retry (the recording's clock stands still from then on) is still
    /// served when the run ends: the current hand, the `removed` line, then end of file (not an open(2) that
    /// waits forever).
    @Test func aReaderWaitingWhenAReplayEndsGetsTheLastLinesAndEndOfFile() throws {
        let fifo = try TemporaryDirectory.make().appendingPathComponent("hand").path
        // Retries at 0, 0.5, ... 99.5 s; from frame 9,999 (99.99 s) on the clock stays there.
        let still = Self.mouseEvents(frames: 9_999..<10_000)
        let events = Self.mouseEvents(frames: 0..<9_999) + Array([[UInt8]](repeating: still, count: 8_000).joined())
        let r = try replayThroughAPipe(fifo: fifo, events: events, rest: [])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.received.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines.prefix(4))")
        #expect(lines.first?.contains("\"type\":\"hand\"") == true, "\(lines.prefix(4))")
        #expect(lines.last?.contains("\"event\":\"removed\"") == true, "\(lines.prefix(4))")
    }
}
