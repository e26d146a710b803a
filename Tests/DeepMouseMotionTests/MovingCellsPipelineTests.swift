import DeepMouseCore
import DeepMouseMotion
import MallocCounter
import TestSupport
import Testing

/// A model trained on moving samples only (`InputCells.moving`) gets the cells with motion and
/// nothing else; stillness only counts time, and long stillness makes the hand `unknown`.
@Suite struct MovingCellsPipelineTests {
    static func run(
        _ events: [InputEvent], until end: Int64, skipsIdle: Bool = true,
        decisions: DecisionParameters = DecisionParameters()
    ) throws -> (PipelineRecorder, HandPipeline) {
        let m = LoadedFixtureModel.movingOnly
        let device = TestDevices.touchpad
        let mapping = try UnitMapping.forDevice(
            device, source: TouchTracker(device: device).source,
            modelUnit: m.model.architecture.inputUnit, pixelsPerMillimetre: 8)
        var p = try HandPipeline(
            device: device, model: m.model, arena: m.arena(), mapping: mapping,
            decisionParameters: decisions, skipsIdle: skipsIdle)
        #expect(p.movingCellsOnly)
        var out = PipelineRecorder()
        p.start(at: 10_000_000)
        for e in events {
            p.advance(to: e.time - 1_000, output: &out)
            p.process(.event(e), output: &out)
        }
        p.advance(to: end, output: &out)
        return (out, p)
    }

    /// The classifier sees exactly the non-empty cells, scaled, in order: a classifier fed those
    /// cells directly gives the same decisions at the same cells.
    @Test func onlyMovingCellsReachTheClassifier() throws {
        var events = strokeEvents(start: 10_000_000, frames: 200, seed: 4, trackingID: 1)
        events += strokeEvents(start: 13_500_000, frames: 200, seed: 5, trackingID: 2)  // after a 1.9 s pause
        let (out, p) = try Self.run(events, until: 16_000_000)
        let moving = out.cells.filter { !$0.isEmpty }
        #expect(moving.count > 300)
        #expect(out.cells.count > moving.count + 150)  // the pause produced empty cells
        #expect(p.cellsPushed == Int64(moving.count))

        let m = LoadedFixtureModel.movingOnly
        var reference = try StreamingClassifier(model: m.model, arena: m.arena())
        var expected: [(Int64, Int16)] = []
        for c in moving {
            let q = p.scaler.scaled(dx: c.dx, dy: c.dy)
            if let d = reference.push(dx: q.dx, dy: q.dy), !d.idle {
                expected.append((c.startTime + MotionGrid.cellMicroseconds, d.pLeftQ15))
            }
        }
        let active = out.decisions.filter { !$0.idle }
        #expect(active.count == expected.count && active.count > 20)
        #expect(active.map { [$0.time, Int64($0.p)] } == expected.map { [$0.0, Int64($0.1)] })
    }

    /// Idle hops start after `window` empty cells and come every hop; the hand becomes unknown.
    @Test func longStillnessMakesTheHandUnknown() throws {
        let events = strokeEvents(start: 10_000_000, frames: 400, seed: 6, trackingID: 1)
        let lift = events.last!.time
        // A threshold of 1 (Q8) declares a hand on the first non-neutral hop.
        let (out, p) = try Self.run(
            events, until: lift + 5_000_000, skipsIdle: false,
            decisions: DecisionParameters(thresholdQ8: 1))
        #expect(out.changes.contains { $0.to != .unknown })
        let idle = out.decisions.filter(\.idle)
        #expect(!idle.isEmpty)
        let window = p.idleCells * MotionGrid.cellMicroseconds
        #expect(idle.allSatisfy { $0.time >= lift + window - MotionGrid.cellMicroseconds })
        #expect(zip(idle, idle.dropFirst()).allSatisfy { $1.time - $0.time == 8 * MotionGrid.cellMicroseconds })
        #expect(out.changes.last?.to == .unknown)
        #expect(p.hand == .unknown)
    }

    /// With N idle hops to `unknown`, the hand turns `unknown` on the N-th: the first comes with the `window`-th
    /// empty cell in a row, then one per hop, so after window + (N - 1) * hop cells of rest.
    @Test func theHandBecomesUnknownOnTheNthIdleHop() throws {
        let events = strokeEvents(start: 10_000_000, frames: 400, seed: 6, trackingID: 1)
        let cell = MotionGrid.cellMicroseconds
        for n in [Int32(1), 3] {
            let (out, p) = try Self.run(
                events, until: events.last!.time + 5_000_000, skipsIdle: false,
                decisions: DecisionParameters(thresholdQ8: 1, idleHopsToUnknown: n))
            let lastMoving = try #require(out.cells.last { !$0.isEmpty })
            let rest = lastMoving.startTime + cell  // the end of the last cell with motion
            let idle = out.decisions.filter(\.idle)
            #expect(idle.first?.time == rest + p.idleCells * cell)
            let changes = out.changes.filter { $0.time > rest }
            #expect(changes.count == 1 && changes.first?.to == .unknown, "n \(n): \(changes)")
            #expect(changes.first?.time == rest + (p.idleCells + Int64(n - 1) * 8) * cell, "n \(n)")
        }
    }

    /// Skipping saturated stillness changes no decision and no hand change, and allocates nothing.
    @Test func skippingStillnessIsExactAndAllocationFree() throws {
        var events = strokeEvents(start: 10_000_000, frames: 300, seed: 7, trackingID: 1)
        events += strokeEvents(start: 40_000_000, frames: 300, seed: 8, trackingID: 2)
        let (fast, pf) = try Self.run(events, until: 50_000_000)
        let (full, _) = try Self.run(events, until: 50_000_000, skipsIdle: false)
        #expect(pf.cellsSkipped > 2_000)
        #expect(
            fast.decisions.filter { !$0.idle }.map { [$0.time, Int64($0.p)] }
                == full.decisions.filter { !$0.idle }.map { [$0.time, Int64($0.p)] })
        #expect(
            fast.changes.map { [$0.time, Int64($0.to.rawValue)] }
                == full.changes.map { [$0.time, Int64($0.to.rawValue)] })

        struct Count: PipelineOutput {
            var n = 0
            mutating func motionCell(_ cell: MotionCell) {}
            mutating func decision(_ d: StreamingDecision, hand: HandState, time: Int64) { n += 1 }
            mutating func handChanged(_ c: HandChange, time: Int64) {}
        }
        var p = try LoadedFixtureModel.movingOnly.pipeline()
        var out = Count()
        p.start(at: 10_000_000)
        var tick: Int64 = 10_010_000
        var next = 0
        var ticks = 0
        while tick < 50_000_000 {
            if ticks == 200 { malloc_counter_start() }
            while next < events.count && events[next].time < tick {
                p.process(.event(events[next]), output: &out)
                next += 1
            }
            p.advance(to: tick, output: &out)
            tick += 10_000
            ticks += 1
        }
        #expect(malloc_counter_stop() == 0)
        #expect(ticks > 3_000 && out.n > 50)
    }
}
