import DeepMouseMotion
import TestSupport
import Testing

@Suite struct TimingStatisticsTests {
    /// Mouse frames 8 ms apart, a 500 ms rest, three more frames: every figure worked out by hand.
    @Test func intervalsGapsGridAndStrokesOfAMouse() {
        var s = EventScript()
        for t: Int64 in [0, 8_000, 16_000, 24_000, 524_000, 532_000, 540_000] {
            s.time = 1_000_000 + t
            s.rel(RelCode.x, 1)
            s.syn()
        }
        var stats = TimingStatistics(device: TestDevices.mouse)
        for e in s.events { stats.add(e) }
        let r = stats.summary()
        #expect(r.events == 14)
        #expect(r.frames == 7)
        #expect(r.duration == 540_000)
        // Intervals 8,8,8,500,8,8 ms: nearest-rank median is the 3rd of 6 sorted, p99 the 6th.
        #expect(
            r.intervals == interval(count: 6, min: 8_000, median: 8_000, p99: 500_000, max: 500_000, total: 540_000))
        #expect(
            r.activeIntervals == interval(count: 5, min: 8_000, median: 8_000, p99: 8_000, max: 8_000, total: 40_000))
        #expect(r.gaps == 1 && r.gapTime == 500_000 && r.longestGap == 500_000 && r.longestGapStart == 1_024_000)
        // Cells 100 (two frames), 101, 102, then 152, 153, 154.
        #expect(r.grid.spannedCells == 55)
        #expect(r.grid.activeCells == 6)
        #expect(r.grid.coveredCells == 6)
        #expect(r.grid.multiFrameCells == 1)
        #expect(r.grid.coveragePerMille == 1000)
        #expect(r.motionCells == 6)
        #expect(r.touches == 2 && r.touchesAreStrokes)
    }

    @Test func touchesDroppedEventsAndBackwardTimeOnAPad() {
        var s = EventScript()
        for touch in 0..<2 {
            s.time = 2_000_000 + Int64(touch) * 1_000_000
            s.abs(AbsCode.mtSlot, 0)
            s.abs(AbsCode.mtTrackingID, Int32(touch + 1))
            s.abs(AbsCode.mtPositionX, 1000)
            s.abs(AbsCode.mtPositionY, 1000)
            s.key(KeyCode.btnTouch, 1)
            s.key(KeyCode.btnToolFinger, 1)
            s.syn()
            for i in 1...4 {
                s.time += 12_500
                s.mtMove(slot: 0, x: 1000 + Int32(i) * 65, y: 1000)
            }
            s.time += 12_500
            s.abs(AbsCode.mtTrackingID, -1)
            s.key(KeyCode.btnTouch, 0)
            s.key(KeyCode.btnToolFinger, 0)
            s.syn()
        }
        s.syn(SynCode.dropped)
        s.time -= 1_000
        s.syn()
        var stats = TimingStatistics(device: TestDevices.multitouchPad)
        var moved = 0
        for e in s.events where stats.add(e) != nil { moved += 1 }
        let r = stats.summary()
        #expect(moved == 8)
        #expect(r.touches == 2 && !r.touchesAreStrokes)
        #expect(r.dropped == 1)
        #expect(r.backwardSteps == 1)
        #expect(r.frames == 13)
        #expect(r.motionCells == 8)  // 12.5 ms apart: each frame in its own cell
        #expect(r.activeIntervals.median == 12_500)
        #expect(r.gaps == 1)  // the pause between the touches
        #expect(r.intervals.count == 11)  // the backward interval is not an interval
    }

    @Test func percentileRanksAreNearestRank() {
        #expect(IntervalSummary.rank(percent: 50, of: 1) == 0)
        #expect(IntervalSummary.rank(percent: 50, of: 4) == 1)
        #expect(IntervalSummary.rank(percent: 50, of: 5) == 2)
        #expect(IntervalSummary.rank(percent: 99, of: 100) == 98)
        #expect(IntervalSummary.rank(percent: 99, of: 101) == 99)
        #expect(IntervalSummary.rank(percent: 99, of: 1000) == 989)
        let s = IntervalSummary((1...200).map { Int64($0) }.reversed())
        #expect(s.minimum == 1 && s.median == 100 && s.p99 == 198 && s.maximum == 200 && s.mean == 100)
    }

    @Test func theReportNamesEveryFigure() {
        var s = EventScript()
        for t: Int64 in [0, 8_000, 16_000, 524_000] {
            s.time = t
            s.rel(RelCode.x, 2)
            s.syn()
        }
        var stats = TimingStatistics(device: TestDevices.mouse)
        for e in s.events { stats.add(e) }
        var out: [UInt8] = []
        TimingReport.write(stats.summary(), to: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.contains("events        8 in 0.524 s: 4 frames (SYN_REPORT), 0 SYN_DROPPED\n"))
        #expect(text.contains("intervals     all 3: min 8.000 ms, median 8.000 ms, p99 508.000 ms, max 508.000 ms\n"))
        #expect(
            text.contains(
                "activity      <= 100 ms 2: min 8.000 ms, median 8.000 ms, p99 8.000 ms, max 8.000 ms, mean 8.000 ms\n")
        )
        #expect(text.contains("gaps          > 100 ms 1: 0.508 s in total, longest 0.508 s at 0.016 s\n"))
        #expect(
            text.contains("100 Hz grid   53 cells spanned, 3 in activity, 3 with a frame (100.0%), 1 with 2 or more\n"))
        #expect(text.contains("motion        0.030 s (3 non-empty cells), 2 strokes\n"))  // cells 0 (two frames), 1, 52
    }

    private func interval(count: Int, min: Int64, median: Int64, p99: Int64, max: Int64, total: Int64)
        -> IntervalSummary
    {
        var i = IntervalSummary()
        i.count = count
        i.minimum = min
        i.median = median
        i.p99 = p99
        i.maximum = max
        i.total = total
        return i
    }
}
