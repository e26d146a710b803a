import DeepMouseCore
import DeepMouseMotion
import Testing

extension SplitMix64 {
    /// Uniform in `range` (the irregular timings of these tests, reproducible).
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}

/// Runs frames through a grid, closing it at `wakeups` (times the daemon's timer would fire)
/// interleaved by time, then at `end`. Returns the emitted cells.
func resample(_ frames: [FrameMotion], wakeups: [Int64] = [], end: Int64) -> [MotionCell] {
    var grid = MotionGrid()
    var out: [MotionCell] = []
    var w = 0
    for f in frames {
        while w < wakeups.count && wakeups[w] <= f.time {
            grid.close(through: wakeups[w]) { out.append($0) }
            w += 1
        }
        grid.add(f) { out.append($0) }
    }
    grid.close(through: end) { out.append($0) }
    return out
}

@Suite struct MotionGridTests {
    @Test func handWorkedIrregularStrokeGivesTheExactGrid() {
        // Frames 6-20 ms apart, a burst of three within one cell, a 200 ms stall.
        let frames = [
            FrameMotion(time: 1_000_000, dx: 1, dy: 1),  // cell 100
            FrameMotion(time: 1_006_000, dx: 2, dy: 0),  // cell 100
            FrameMotion(time: 1_026_000, dx: 3, dy: -1),  // cell 102 (gap 20 ms: cell 101 empty)
            FrameMotion(time: 1_032_000, dx: 4, dy: 0),  // cell 103
            FrameMotion(time: 1_033_000, dx: 5, dy: 0),  // cell 103 (burst)
            FrameMotion(time: 1_039_999, dx: 6, dy: 2),  // cell 103 (last microsecond of the cell)
            FrameMotion(time: 1_040_000, dx: -7, dy: 0),  // cell 104 (first microsecond)
            FrameMotion(time: 1_240_000, dx: 8, dy: 8)  // cell 124 after a 200 ms stall
        ]
        let cells = resample(frames, end: 1_250_000)
        var expected: [MotionCell] = [
            MotionCell(index: 100, dx: 3, dy: 1),
            MotionCell(index: 101, dx: 0, dy: 0),
            MotionCell(index: 102, dx: 3, dy: -1),
            MotionCell(index: 103, dx: 15, dy: 2),
            MotionCell(index: 104, dx: -7, dy: 0)
        ]
        for k in Int64(105)...123 { expected.append(MotionCell(index: k, dx: 0, dy: 0)) }
        expected.append(MotionCell(index: 124, dx: 8, dy: 8))
        #expect(cells == expected)
        // The cell of `end` stays open: 1_250_000 is the start of cell 125.
        #expect(cells.last?.index == 124)
    }

    @Test(arguments: [UInt64(1), 2, 3, 42])
    func randomIrregularTimingMatchesAnIndependentBucketing(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var frames: [FrameMotion] = []
        var t: Int64 = 5_000_000 + rng.int(0...9_999)
        for _ in 0..<3000 {
            switch rng.int(0...19) {
            case 0: t += 200_000  // stall
            case 1, 2: t += rng.int(0...1_500)  // burst
            default: t += rng.int(6_000...20_000)  // 6-20 ms
            }
            frames.append(FrameMotion(time: t, dx: Int32(rng.int(-40...40)), dy: Int32(rng.int(-40...40))))
        }
        // Wake-ups: every 10 ms with 0-30 ms of lateness, sometimes skipped entirely.
        var wakeups: [Int64] = []
        var w = frames[0].time
        while w < t {
            w += 10_000
            if rng.int(0...9) != 0 { wakeups.append(w + rng.int(0...30_000)) }
        }
        wakeups.sort()
        let end = t + 10_000
        let cells = resample(frames, wakeups: wakeups, end: end)

        var buckets: [Int64: (Int32, Int32)] = [:]
        for f in frames {
            let k = f.time / 10_000
            let old = buckets[k] ?? (0, 0)
            buckets[k] = (old.0 + f.dx, old.1 + f.dy)
        }
        let first = frames[0].time / 10_000
        let last = end / 10_000 - 1
        let expected = (first...last).map { k in MotionCell(index: k, dx: buckets[k]?.0 ?? 0, dy: buckets[k]?.1 ?? 0) }
        #expect(cells.count == expected.count)
        #expect(cells == expected)
    }

    @Test func anHourOfEventsGivesExactly360000Ticks() {
        // 125 Hz device clock with +-1 ms jitter; timer deadlines every 10 ms (absolute), each
        // wake-up 0-15 ms late; a wake-up closes the grid only after the frames before it were
        // read, as the daemon does. Exactly 360,000 cells, every frame in its own cell.
        var grid = MotionGrid()
        var frameClock = SplitMix64(seed: 7)
        var lateness = SplitMix64(seed: 8)
        let start: Int64 = 123_456_789_000  // 123456.789 s: not cell aligned
        let end = start + 3_600_000_000
        grid.start(at: start)
        var ticks: Int64 = 0
        var sum: Int64 = 0
        var expectedSum: Int64 = 0
        var deadline = start + 10_000
        var wake = deadline + lateness.int(0...15_000)
        var t = start
        while true {
            t += 8_000 + frameClock.int(-1_000...1_000)
            let now = min(t, end)
            while wake <= now {
                grid.close(through: wake) {
                    sum += Int64($0.dx)
                    ticks += 1
                }
                deadline += 10_000
                wake = max(wake, deadline + lateness.int(0...15_000))
            }
            if t >= end { break }
            grid.add(FrameMotion(time: t, dx: 1, dy: 0)) {
                sum += Int64($0.dx)
                ticks += 1
            }
            if t / 10_000 < end / 10_000 { expectedSum += 1 }
        }
        grid.close(through: end) {
            sum += Int64($0.dx)
            ticks += 1
        }
        #expect(ticks == 360_000)
        #expect(grid.openCell == end / 10_000)
        #expect(grid.lateFrames == 0)
        #expect(sum == expectedSum)
    }

    @Test func lateFramesGoToTheOpenCellAndAreCounted() {
        var grid = MotionGrid()
        var out: [MotionCell] = []
        grid.add(FrameMotion(time: 100_000, dx: 1, dy: 0)) { out.append($0) }
        grid.close(through: 130_000) { out.append($0) }
        grid.add(FrameMotion(time: 105_000, dx: 5, dy: 0)) { out.append($0) }  // cell 10, already emitted
        grid.flush { out.append($0) }
        #expect(
            out == [
                MotionCell(index: 10, dx: 1, dy: 0), MotionCell(index: 11, dx: 0, dy: 0),
                MotionCell(index: 12, dx: 0, dy: 0), MotionCell(index: 13, dx: 5, dy: 0)
            ])
        #expect(grid.lateFrames == 1)
        #expect(grid.emittedCells == 4)
    }

    @Test(arguments: [Int64(10_000_000), 100_000_000, Int64.max / 2])
    func aClockJumpBecomesAPauseAndAResync(seconds: Int64) {
        // A jump of 10^7 s or more is one pause of `pauseCells` empty cells, then the frame's own cell.
        var grid = MotionGrid()
        var out: [MotionCell] = []
        let jump = seconds > Int64.max / 2_000_000 ? Int64.max - 2_000_000 : seconds * 1_000_000
        grid.add(FrameMotion(time: 1_000_000, dx: 1, dy: 0)) { out.append($0) }
        grid.add(FrameMotion(time: 1_000_000 + jump, dx: 2, dy: 0)) { out.append($0) }
        grid.flush { out.append($0) }
        let pause = MotionGrid.pauseCells
        #expect(out.count == Int(pause) + 2)
        #expect(out.first == MotionCell(index: 100, dx: 1, dy: 0))
        #expect(out[1...Int(pause)].allSatisfy { $0.isEmpty })
        #expect(out.last == MotionCell(index: MotionGrid.cell(containing: 1_000_000 + jump), dx: 2, dy: 0))
        #expect(grid.resyncs == 1)
        #expect(grid.cellsCut == MotionGrid.cell(containing: 1_000_000 + jump) - 100 - 1 - pause)
        // close(through:) after a jump of the clock alone cuts the same way.
        var idle = MotionGrid()
        var cells = 0
        idle.start(at: 0)
        idle.close(through: jump) { _ in cells += 1 }
        #expect(cells == Int(pause) + 1 && idle.resyncs == 1)
    }

    @Test func aGapUpToThePauseIsKeptWhole() {
        var grid = MotionGrid()
        var out: [MotionCell] = []
        let end = (100 + MotionGrid.pauseCells + 1) * MotionGrid.cellMicroseconds
        grid.add(FrameMotion(time: 1_000_000, dx: 1, dy: 0)) { out.append($0) }
        grid.add(FrameMotion(time: end, dx: 2, dy: 0)) { out.append($0) }
        #expect(out.count == Int(MotionGrid.pauseCells) + 1 && grid.resyncs == 0 && grid.cellsCut == 0)
    }

    @Test func negativeTimesUseFloorCells() {
        #expect(MotionGrid.cell(containing: -1) == -1)
        #expect(MotionGrid.cell(containing: -10_000) == -1)
        #expect(MotionGrid.cell(containing: -10_001) == -2)
        #expect(MotionGrid.cell(containing: 9_999) == 0)
    }
}
