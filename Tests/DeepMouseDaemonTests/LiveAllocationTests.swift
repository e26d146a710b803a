import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion
import Foundation
import MallocCounter
import TestSupport
import Testing

@testable import DeepMouseDaemon

/// The daemon's live path allocates nothing: events through the pipeline, lines formatted and written into a
/// FIFO with a reader, over >= 10,000 timer ticks.
@Suite struct LiveAllocationTests {
    /// The live path (events in, decisions and lines out) allocates nothing over >= 10,000 ticks.
    @Test func liveProcessingAllocatesNothing() throws {
        let m = LoadedFixtureModel.shared
        var p = try m.pipeline()
        var q = try m.pipeline()
        let formatter = LineFormatter(format: .json)
        struct Lines: PipelineOutput {
            var formatter: LineFormatter
            var line = LineBuffer()
            var count = 0
            var bytes = 0
            let device = Array("/dev/input/event5".utf8)
            mutating func motionCell(_ cell: MotionCell) {
                if !cell.isEmpty {
                    formatter.motion(cell, device: device, into: &line)
                    bytes += line.count
                }
            }
            mutating func decision(_ d: StreamingDecision, hand: HandState, time: Int64) {
                formatter.decision(d, hand: hand, time: time, device: device, into: &line)
                count += 1
                bytes += line.count
            }
            mutating func handChanged(_ c: HandChange, time: Int64) {
                formatter.hand(c.to, pLeftQ15: c.pLeftQ15, time: time, device: device, into: &line)
                bytes += line.count
            }
        }
        var out = Lines(formatter: formatter)
        // The same lines also go through the daemon's emitter into a FIFO with a reader.
        let fifo = try TemporaryDirectory.make().appendingPathComponent("hand").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        let emitter = UnsafeMutablePointer<LineEmitter>.allocate(capacity: 1)
        emitter.initialize(
            to: LineEmitter(
                format: .json, sink: try OutputSink.fifo(path: fifo, now: 0),
                printDecisions: true, printMotion: true))
        defer {
            emitter.deinitialize(count: 1)
            emitter.deallocate()
        }
        struct Emitting: PipelineOutput {
            let emitter: UnsafeMutablePointer<LineEmitter>
            let device = Array("/dev/input/event5".utf8)
            mutating func motionCell(_ cell: MotionCell) { emitter.pointee.motion(cell, device: device) }
            mutating func decision(_ d: StreamingDecision, hand: HandState, time: Int64) {
                emitter.pointee.decision(d, hand: hand, time: time, device: device)
            }
            mutating func handChanged(_ c: HandChange, time: Int64) {
                emitter.pointee.hand(c.to, pLeftQ15: c.pLeftQ15, time: time, device: device)
            }
        }
        var emitting = Emitting(emitter: emitter)
        let drain = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { drain.deallocate() }
        var received = 0
        // 130 s of use: strokes of 3 s with 1 s pauses; the timer ticks every 10 ms.
        var events: [InputEvent] = []
        var start: Int64 = 1_000_000
        var id: Int32 = 1
        while start < 131_000_000 {
            events += strokeEvents(start: start, frames: 375, seed: UInt64(id), trackingID: id)
            start += 4_000_000
            id += 1
        }
        p.start(at: 1_000_000)
        q.start(at: 1_000_000)
        var next = 0
        var tick: Int64 = 1_010_000
        var ticks = 0
        while tick < 131_000_000 {
            if ticks == 200 { malloc_counter_start() }  // after warm-up (first-use metadata)
            emitter.pointee.now = tick
            while next < events.count && events[next].time < tick {
                p.process(.event(events[next]), output: &out)
                q.process(.event(events[next]), output: &emitting)
                next += 1
            }
            p.advance(to: tick, output: &out)
            q.advance(to: tick, output: &emitting)
            let n = read(reader, drain.baseAddress, drain.count)
            if n > 0 { received += n }
            tick += 10_000
            ticks += 1
        }
        let mallocs = malloc_counter_stop()
        #expect(ticks >= 10_000)
        #expect(mallocs == 0)
        #expect(out.count > 1_000)  // decisions really came out
        #expect(out.bytes > 100_000)
        #expect(received > 100_000)  // the FIFO reader got the lines
        #expect(emitter.pointee.sink.fifoCounters.full == 0)
    }
}
