/// Acquisition statistics of an event stream: what the recorder shows live and prints at the
/// end, and what `stats` prints for any recording.
///
/// The unit of timing is the *frame*: the events up to a `SYN_REPORT`, which the kernel stamps
/// with one time. A frame interval is the time between two consecutive `SYN_REPORT`s, in file
/// order. Intervals longer than `gapThreshold` are *gaps* (the finger lifted, the mouse rested);
/// the rest are *activity*, and the 10 ms cells spanned by activity are the cells the 100 Hz
/// grid should fill. Motion goes through the same `TouchTracker` and `MotionGrid` as the
/// daemon, so "motion seconds" are the non-empty 100 Hz cells the models would see.
///
/// Memory: 8 bytes per frame (the frame times, kept for percentiles and plots); `add` is
/// otherwise allocation-free.
public struct TimingStatistics {
    /// Intervals above this are gaps (microseconds).
    public let gapThreshold: Int64
    /// How motion is read from the device (touches for pads, strokes for mice).
    public let source: TouchTracker.Source
    private var tracker: TouchTracker
    private var grid = MotionGrid()
    private var fingers: Int32 = 0

    /// Events seen, `SYN_REPORT` frames, `SYN_DROPPED` events.
    public private(set) var events = 0
    public private(set) var frames = 0
    public private(set) var dropped = 0
    /// Times of the first and last event.
    public private(set) var firstTime: Int64?
    public private(set) var lastTime: Int64?
    /// Events whose time is earlier than the event before them.
    public private(set) var backwardSteps = 0
    /// The `SYN_REPORT` times, in file order (microseconds).
    public private(set) var frameTimes: [Int64] = []
    /// Touch-downs (touchpads: the finger count leaving 0) or strokes (mice: motion after a gap).
    public private(set) var touches = 0
    /// Non-empty 100 Hz cells emitted so far (the open cell is counted by `summary()`).
    public private(set) var motionCells: Int64 = 0
    /// Time of the last frame with motion.
    public private(set) var lastMotionTime: Int64?

    public init(device: DeviceDescription, gapThreshold: Int64 = TimingStatistics.defaultGapThreshold) {
        self.gapThreshold = gapThreshold
        tracker = TouchTracker(device: device)
        source = tracker.source
    }

    /// 100 ms: longer than any device's report interval during motion, shorter than a pause.
    public static let defaultGapThreshold: Int64 = 100_000

    /// Counts one event; returns the frame's motion at a `SYN_REPORT` that moved the pointer.
    @discardableResult
    public mutating func add(_ e: InputEvent) -> FrameMotion? {
        events += 1
        if let last = lastTime, e.time < last { backwardSteps += 1 }
        if firstTime == nil { firstTime = e.time }
        lastTime = e.time
        if e.isDropped { dropped += 1 }
        let motion = tracker.process(e)
        guard e.isFrameEnd else { return motion }
        frames += 1
        frameTimes.append(e.time)
        if case .relative = source {
            if let m = motion, lastMotionTime.map({ m.time - $0 > gapThreshold }) ?? true { touches += 1 }
        } else {
            let now = tracker.fingerCount
            if fingers == 0 && now > 0 { touches += 1 }
            fingers = now
        }
        if let m = motion {
            lastMotionTime = m.time
            var cells: Int64 = 0
            grid.add(m) { cell in if !cell.isEmpty { cells += 1 } }
            motionCells += cells
        }
        return motion
    }

    /// The statistics so far.
    public func summary() -> TimingSummary {
        var s = TimingSummary()
        s.events = events
        s.frames = frames
        s.dropped = dropped
        s.backwardSteps = backwardSteps
        s.touches = touches
        s.touchesAreStrokes = source == .relative
        s.gapThreshold = gapThreshold
        if let first = firstTime, let last = lastTime { s.duration = last - first }
        var g = grid
        var open: Int64 = 0
        g.flush { cell in if !cell.isEmpty { open += 1 } }
        s.motionCells = motionCells + open

        var all: [Int64] = []
        var active: [Int64] = []
        all.reserveCapacity(max(frameTimes.count - 1, 0))
        var i = 1
        while i < frameTimes.count {
            let d = frameTimes[i] - frameTimes[i - 1]
            if d >= 0 {
                all.append(d)
                if d <= gapThreshold {
                    active.append(d)
                } else {
                    s.gaps += 1
                    s.gapTime += d
                    if d > s.longestGap {
                        s.longestGap = d
                        s.longestGapStart = frameTimes[i - 1]
                    }
                }
            }
            i += 1
        }
        s.intervals = IntervalSummary(all)
        s.activeIntervals = IntervalSummary(active)
        s.grid = GridCoverage(frameTimes: frameTimes, gapThreshold: gapThreshold)
        return s
    }
}

/// Min, median, p99, max and mean of a set of intervals (microseconds). Percentiles are
/// nearest-rank: the smallest value with at least p% of the intervals at or below it (the
/// median of 1, 2, 3, 4 is 2), so `sort -n | awk` reproduces them exactly.
public struct IntervalSummary: Equatable, Sendable {
    public var count = 0
    public var minimum: Int64 = 0
    public var median: Int64 = 0
    public var p99: Int64 = 0
    public var maximum: Int64 = 0
    /// Sum of the intervals (mean = total / count).
    public var total: Int64 = 0

    public init() {}

    public init(_ values: [Int64]) {
        guard !values.isEmpty else { return }
        let sorted = values.sorted()
        count = sorted.count
        minimum = sorted[0]
        maximum = sorted[sorted.count - 1]
        median = sorted[IntervalSummary.rank(percent: 50, of: sorted.count)]
        p99 = sorted[IntervalSummary.rank(percent: 99, of: sorted.count)]
        for v in sorted { total += v }
    }

    /// The 0-based index of the nearest-rank `percent` percentile of `n` sorted values.
    public static func rank(percent: Int, of n: Int) -> Int {
        max((percent * n + 99) / 100 - 1, 0)
    }

    /// The mean in microseconds (0 when empty).
    public var mean: Int64 { count == 0 ? 0 : total / Int64(count) }
}

/// How well the frames fill the 100 Hz grid: of the 10 ms cells spanned by activity (frames
/// no more than the gap threshold apart), how many hold at least one frame.
public struct GridCoverage: Equatable, Sendable {
    /// Cells from the first frame's cell to the last frame's cell.
    public var spannedCells: Int64 = 0
    /// Cells within activity (each run of frames counts from its first to its last cell).
    public var activeCells: Int64 = 0
    /// Cells holding one frame or more, and two or more.
    public var coveredCells: Int64 = 0
    public var multiFrameCells: Int64 = 0

    public init() {}

    public init(frameTimes: [Int64], gapThreshold: Int64) {
        guard !frameTimes.isEmpty else { return }
        var lowest = Int64.max
        var highest = Int64.min
        var runStart = MotionGrid.cell(containing: frameTimes[0])
        var previousCell = runStart
        var previousTime = frameTimes[0]
        var framesInCell: Int64 = 0
        for t in frameTimes {
            let c = MotionGrid.cell(containing: t)
            lowest = min(lowest, c)
            highest = max(highest, c)
            let d = t - previousTime
            if d > gapThreshold || d < 0 {
                activeCells += previousCell - runStart + 1
                runStart = c
            }
            if c != previousCell || framesInCell == 0 {
                if framesInCell >= 2 { multiFrameCells += 1 }
                coveredCells += 1
                framesInCell = 0
            }
            framesInCell += 1
            previousCell = c
            previousTime = t
        }
        if framesInCell >= 2 { multiFrameCells += 1 }
        activeCells += previousCell - runStart + 1
        spannedCells = highest - lowest + 1
    }

    /// Covered cells per active cell, in per mille (0 when there is no activity).
    public var coveragePerMille: Int64 { activeCells == 0 ? 0 : (coveredCells * 1000 + activeCells / 2) / activeCells }
}

/// Everything `TimingStatistics` reports (times in microseconds).
public struct TimingSummary: Equatable, Sendable {
    public var events = 0
    public var frames = 0
    public var dropped = 0
    public var backwardSteps = 0
    /// First to last event.
    public var duration: Int64 = 0
    public var touches = 0
    /// True for mice and pointing sticks: `touches` counts strokes (motion after a gap).
    public var touchesAreStrokes = false
    public var motionCells: Int64 = 0
    public var gapThreshold: Int64 = TimingStatistics.defaultGapThreshold
    /// Every frame interval, and those within activity (at most the gap threshold).
    public var intervals = IntervalSummary()
    public var activeIntervals = IntervalSummary()
    public var gaps = 0
    public var gapTime: Int64 = 0
    public var longestGap: Int64 = 0
    /// Time of the frame before the longest gap.
    public var longestGapStart: Int64 = 0
    public var grid = GridCoverage()

    public init() {}

    /// Motion in microseconds: non-empty 100 Hz cells x 10 ms.
    public var motionTime: Int64 { motionCells * MotionGrid.cellMicroseconds }
}
