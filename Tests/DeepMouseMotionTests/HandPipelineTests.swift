import DeepMouseCore
import DeepMouseMotion
import Foundation
import TestSupport
import Testing

@Suite struct HandPipelineTests {
    /// Skipping saturated idle cells changes nothing: every non-idle decision and every hand
    /// change is identical to pushing every cell (and the skipped stretch is counted).
    @Test func skippingLongIdleIsExact() throws {
        let m = LoadedFixtureModel.shared
        var events = strokeEvents(start: 10_000_000, frames: 300, seed: 1, trackingID: 1)
        events += strokeEvents(start: 45_003_000, frames: 300, seed: 2, trackingID: 2)  // after ~32 s of idle
        events += strokeEvents(start: 47_551_000, frames: 150, seed: 3, trackingID: 3)  // after a short pause
        var results: [PipelineRecorder] = []
        var skipped: [Int64] = []
        for skips in [true, false] {
            var p = try m.pipeline(skipsIdle: skips)
            var out = PipelineRecorder()
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
        let active = { (r: PipelineRecorder) in r.decisions.filter { !$0.idle }.map { [$0.time, Int64($0.p)] } }
        #expect(active(fast).count > 50)
        #expect(active(fast) == active(full))
        #expect(
            fast.changes.map { [$0.time, Int64($0.to.rawValue)] }
                == full.changes.map { [$0.time, Int64($0.to.rawValue)] })
        #expect(fast.decisions.count < full.decisions.count)
    }

    /// With the change detector, skipping waits for its pause: a long rest still gives it `pauseHops` idle hops
    /// before cells are skipped (every-cell models saturate sooner), so its head start after the rest, and every
    /// hand change, are those of pushing every cell.
    @Test(arguments: [false, true])
    func skippingLongIdleKeepsTheChangeDetectorsPause(movingOnly: Bool) throws {
        let m = movingOnly ? LoadedFixtureModel.movingOnly : LoadedFixtureModel.shared
        let detector = ChangeDetectorParameters(thresholdQ12: 4096, headStartQ12: 4096, pauseHops: 13)
        var events = strokeEvents(start: 10_000_000, frames: 300, seed: 1, trackingID: 1)
        events += strokeEvents(start: 45_003_000, frames: 300, seed: 2, trackingID: 2)  // after ~32 s of idle
        var results: [PipelineRecorder] = []
        for skips in [true, false] {
            var p = try m.pipeline(skipsIdle: skips, changeDetector: detector)
            var out = PipelineRecorder()
            p.start(at: 10_000_000)
            for e in events {
                p.advance(to: e.time - 1_000, output: &out)
                p.process(.event(e), output: &out)
            }
            p.advance(to: 60_000_000, output: &out)
            results.append(out)
            #expect(p.cellsSkipped > 0 || !skips)
        }
        let (fast, full) = (results[0], results[1])
        let idleInRest = fast.decisions.filter { $0.idle && $0.time > 13_000_000 && $0.time < 45_003_000 }.count
        #expect(idleInRest >= 13)
        #expect(full.changes.count >= 1)
        #expect(
            fast.changes.map { [$0.time, Int64($0.to.rawValue)] }
                == full.changes.map { [$0.time, Int64($0.to.rawValue)] })
    }

    /// A clock jump longer than the grid's pause gives the decisions and hand changes of the full
    /// run of empty cells: against pushing every cell (`skipsIdle: false`) over a 150 s gap, and a
    /// 10^8 s gap against a short gap of the same phase (shifted in time), for both input kinds.
    @Test(arguments: [false, true])
    func aClockJumpDecidesAsTheFullStillnessWould(movingOnly: Bool) throws {
        let m = movingOnly ? LoadedFixtureModel.movingOnly : LoadedFixtureModel.shared
        func run(gap: Int64, skipsIdle: Bool) throws -> (PipelineRecorder, HandPipeline) {
            var events = strokeEvents(start: 10_000_000, frames: 300, seed: 1, trackingID: 1)
            let second = events.last!.time + gap
            events += strokeEvents(start: second, frames: 300, seed: 2, trackingID: 2)
            var p = try m.pipeline(skipsIdle: skipsIdle)
            var out = PipelineRecorder()
            for e in events { p.process(.event(e), output: &out) }
            p.advance(to: events.last!.time + 20_000_000, output: &out)
            return (out, p)
        }
        func active(_ r: PipelineRecorder, after t: Int64 = 0, shift: Int64 = 0) -> [[Int64]] {
            r.decisions.filter { !$0.idle && $0.time > t }.map { [$0.time - shift, Int64($0.p)] }
        }
        func changes(_ r: PipelineRecorder, after t: Int64 = 0, shift: Int64 = 0) -> [[Int64]] {
            r.changes.filter { $0.time > t }.map { [$0.time - shift, Int64($0.to.rawValue)] }
        }
        let gap: Int64 = 150_037_000  // not a whole number of skip periods
        let (cut, cutPipeline) = try run(gap: gap, skipsIdle: true)
        let (full, _) = try run(gap: gap, skipsIdle: false)
        #expect(cut.cells.count < full.cells.count)
        #expect(active(cut).count > 50)
        #expect(active(cut) == active(full))
        #expect(changes(cut) == changes(full))

        let huge: Int64 = 100_000_000 * 1_000_000
        let period = cutPipeline.skipPeriod * MotionGrid.cellMicroseconds
        let short = gap + (huge - gap) % period  // same phase as `huge`, modulo the skip period
        let (far, farPipeline) = try run(gap: huge, skipsIdle: true)
        let (near, _) = try run(gap: short, skipsIdle: true)
        let resumed: Int64 = 10_000_000 + 302 * 8_000 + short
        #expect(far.cells.count < Int(2 * MotionGrid.pauseCells))
        #expect(farPipeline.cellsSkipped > huge / MotionGrid.cellMicroseconds - 2 * MotionGrid.pauseCells)
        #expect(active(far, after: resumed + huge - short, shift: huge - short) == active(near, after: resumed))
        #expect(active(far, after: resumed).count > 20)
        #expect(changes(far, after: resumed + huge - short, shift: huge - short) == changes(near, after: resumed))
    }
}
