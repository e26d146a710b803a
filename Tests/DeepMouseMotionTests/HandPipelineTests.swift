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
}
