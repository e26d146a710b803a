import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion
import Foundation
import TestSupport
import Testing

/// `RecordingFile` on a disk that fills up (a 16 KiB tmpfs, smaller than its 64 KiB buffer): the file keeps
/// every whole line that fitted, not only what an earlier write-out had flushed, and says when it ends.
@Suite(.enabled(if: TinyDisk.available, "needs root to mount a tmpfs"), .serialized)
struct RecordingFileDiskFullTests {
    @Test func aFullDiskKeepsEveryWholeLineThatFittedAndSaysWhenItEnds() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let disk = dir.appendingPathComponent("disk")
        try TinyDisk.mount(at: disk, size: "16k")
        defer { TinyDisk.unmount(disk) }
        let path = disk.appendingPathComponent("full.events").path
        var file = try RecordingFile.create(path: path, replacing: false, now: 0)
        try file.append { EvemuWriter.writeDescription(TestDevices.mouse, to: &$0) }
        var source: [InputEvent] = []
        var failure: Errno?
        var i = 0
        while failure == nil && i < 100_000 {
            let t = Int64(i) * 5_000
            let frame = [
                InputEvent(time: t, type: EventType.rel, code: RelCode.x, value: Int32(i % 7) - 3),
                InputEvent(time: t, type: EventType.syn, code: SynCode.report, value: 0)
            ]
            for e in frame where failure == nil {
                do throws(Errno) {
                    try file.append(e, origin: 0)
                    source.append(e)
                } catch { failure = error }
            }
            i += 1
        }
        #expect(failure?.rawValue == ENOSPC)
        let kept = file.keepAfterFailure()
        #expect(kept == path)
        let back = try RecordedFile(URL(fileURLWithPath: kept))
        #expect(back.bytes.last == 0x0a)
        #expect(back.bytes.count > 12 * 1024, "\(back.bytes.count) bytes kept of a 16 KiB disk")
        #expect(back.events.count > 300)
        #expect(back.events == Array(source.prefix(back.events.count)))
        // The time it gives is the time of the file's last event.
        #expect(file.keptUntil == back.events.last?.time)
    }
}
