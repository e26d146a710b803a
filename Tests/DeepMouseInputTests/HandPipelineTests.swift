import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion
import Foundation
import MallocCounter
import Testing

@testable import DeepMouseDaemon

/// A model loaded once for the pipeline tests (its bytes and arenas live for the process).
final class LoadedFixtureModel: @unchecked Sendable {
    let model: ModelFile
    let arenaBytes: Int

    init(movingSamplesOnly: Bool = false) throws {
        let bytes = try ModelFixture.bytes(movingSamplesOnly: movingSamplesOnly)
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        raw.copyBytes(from: bytes)
        model = try ModelFile(bytes: UnsafeRawBufferPointer(raw))
        arenaBytes = try StreamingClassifier.arenaByteCount(for: model)
    }

    func arena() -> UnsafeMutableRawBufferPointer { .allocate(byteCount: arenaBytes, alignment: 16) }

    func pipeline(skipsIdle: Bool = true) throws -> HandPipeline {
        let device = UmockdevFixtures.touchpad
        let mapping = try UnitMapping.forDevice(
            device, source: TouchTracker(device: device).source, modelUnit: model.architecture.inputUnit,
            pixelsPerMillimetre: 8)
        return try HandPipeline(
            device: device, model: model, arena: arena(), mapping: mapping,
            decisionParameters: DecisionParameters(), skipsIdle: skipsIdle)
    }

    static let shared = try! LoadedFixtureModel()
    static let movingOnly = try! LoadedFixtureModel(movingSamplesOnly: true)
}

/// Collects what a pipeline reports.
struct Recorder: PipelineOutput {
    var cells: [MotionCell] = []
    var decisions: [(time: Int64, p: Int16, idle: Bool)] = []
    var changes: [(time: Int64, to: HandState)] = []
    mutating func motionCell(_ cell: MotionCell) { cells.append(cell) }
    mutating func decision(_ d: StreamingDecision, hand: HandState, time: Int64) {
        decisions.append((time, d.pLeftQ15, d.idle))
    }
    mutating func handChanged(_ c: HandChange, time: Int64) { changes.append((time, c.to)) }
}

/// A finger stroke on the fixture touchpad: `frames` frames every 8 ms from `start`.
func strokeEvents(start: Int64, frames: Int, seed: UInt64, trackingID: Int32) -> [InputEvent] {
    var rng = seed
    func next() -> Int32 {
        rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int32(truncatingIfNeeded: (rng >> 33) % 121) - 60
    }
    var e: [InputEvent] = []
    var x: Int32 = 3000
    var y: Int32 = 4000
    func add(_ t: Int64, _ type: UInt16, _ code: UInt16, _ v: Int32) {
        e.append(InputEvent(time: t, type: type, code: code, value: v))
    }
    add(start, EventType.abs, AbsCode.mtSlot, 0)
    add(start, EventType.abs, AbsCode.mtTrackingID, trackingID)
    add(start, EventType.abs, AbsCode.mtPositionX, x)
    add(start, EventType.abs, AbsCode.mtPositionY, y)
    add(start, EventType.key, KeyCode.btnTouch, 1)
    add(start, EventType.key, KeyCode.btnToolFinger, 1)
    add(start, EventType.syn, SynCode.report, 0)
    var t = start
    for _ in 0..<frames {
        t += 8_000
        x = min(max(x + next(), 0), 6500)
        y = min(max(y + next() * 2, 0), 8160)
        add(t, EventType.abs, AbsCode.mtPositionX, x)
        add(t, EventType.abs, AbsCode.mtPositionY, y)
        add(t, EventType.syn, SynCode.report, 0)
    }
    t += 8_000
    add(t, EventType.abs, AbsCode.mtTrackingID, -1)
    add(t, EventType.key, KeyCode.btnTouch, 0)
    add(t, EventType.key, KeyCode.btnToolFinger, 0)
    add(t, EventType.syn, SynCode.report, 0)
    return e
}

@Suite struct HandPipelineTests {
    /// Skipping saturated idle cells changes nothing: every non-idle decision and every hand
    /// change is identical to pushing every cell (and the skipped stretch is counted).
    @Test func skippingLongIdleIsExact() throws {
        let m = LoadedFixtureModel.shared
        var events = strokeEvents(start: 10_000_000, frames: 300, seed: 1, trackingID: 1)
        events += strokeEvents(start: 45_003_000, frames: 300, seed: 2, trackingID: 2)  // after ~32 s of idle
        events += strokeEvents(start: 47_551_000, frames: 150, seed: 3, trackingID: 3)  // after a short pause
        var results: [Recorder] = []
        var skipped: [Int64] = []
        for skips in [true, false] {
            var p = try m.pipeline(skipsIdle: skips)
            var out = Recorder()
            p.start(at: 10_000_000)
            for e in events {
                p.advance(to: e.time - 1_000, output: &out)  // the timer, as the daemon runs it
                p.process(.event(e), output: &out)
            }
            p.advance(to: 60_000_000, output: &out)
            results.append(out)
            skipped.append(p.cellsSkipped)
        }
        let (fast, full) = (results[0], results[1])
        #expect(fast.cells == full.cells)
        #expect(skipped[0] > 2_500 && skipped[1] == 0)
        let active = { (r: Recorder) in r.decisions.filter { !$0.idle }.map { [$0.time, Int64($0.p)] } }
        #expect(active(fast).count > 50)
        #expect(active(fast) == active(full))
        #expect(
            fast.changes.map { [$0.time, Int64($0.to.rawValue)] }
                == full.changes.map { [$0.time, Int64($0.to.rawValue)] })
        #expect(fast.decisions.count < full.decisions.count)
    }

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
