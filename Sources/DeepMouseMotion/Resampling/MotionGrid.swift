/// Motion summed over one 10 ms cell of the 100 Hz grid, in device units.
public struct MotionCell: Equatable, Sendable {
    /// Cell number on the event clock: the cell covers `[index * 10 ms, (index + 1) * 10 ms)`.
    public var index: Int64
    public var dx: Int32
    public var dy: Int32

    public init(index: Int64, dx: Int32, dy: Int32) {
        self.index = index
        self.dx = dx
        self.dy = dy
    }

    /// Start of the cell, microseconds on the event clock.
    public var startTime: Int64 { index &* MotionGrid.cellMicroseconds }
    /// True when nothing moved during the cell.
    public var isEmpty: Bool { dx == 0 && dy == 0 }
}

/// The 100 Hz resampler: puts frame motion into fixed 10 ms cells by event timestamp.
///
/// Cells are aligned to the event clock (cell `k` is `[k * 10 ms, (k + 1) * 10 ms)`), so the grid
/// is a pure function of the timestamps: when the process wakes up late it only emits the same
/// cells later (latency, never error or drift), and an hour of events gives exactly 360,000 cells.
/// Motion is summed per cell; cells without frames are zero motion. Cells are emitted in order,
/// each exactly once, when time has moved past them: on a frame in a later cell (`add`) or when
/// the caller says the clock has passed (`close(through:)`, driven by the daemon's timer or by the
/// end of a replay). A frame older than the open cell (only possible with a converted clock or a
/// recording whose time goes backwards) is added to the open cell and counted in `lateFrames`.
///
/// Time gaps: a clock that jumps (a wall-clock step, a suspend, a corrupt timestamp) would mean
/// one empty cell per 10 ms of the jump. The grid emits at most `pauseCells` empty cells for a gap
/// (the pause: longer than any model window, so every window after it sees only stillness before
/// its motion) and then opens the frame's cell directly (the resync), counting the cells it left out
/// in `cellsCut`. So a gap costs O(1) in time and memory, and cell indices jump at a resync;
/// `HandPipeline` counts the missing cells as stillness, exactly.
public struct MotionGrid: Sendable {
    /// Cell length: 10 ms.
    public static let cellMicroseconds: Int64 = 10_000
    /// Most empty cells emitted for one gap: 60 s.
    public static let pauseCells: Int64 = 6_000

    /// The cell being filled, or nil before the first frame/`start`.
    public private(set) var openCell: Int64?
    private var dx: Int32 = 0
    private var dy: Int32 = 0
    /// Frames that arrived for a cell already emitted (added to the open cell instead).
    public private(set) var lateFrames: Int = 0
    /// Cells emitted so far.
    public private(set) var emittedCells: Int64 = 0
    /// Gaps longer than `pauseCells` (each a pause and a resync), and the empty cells they left out.
    public private(set) var resyncs: Int = 0
    public private(set) var cellsCut: Int64 = 0

    public init() {}

    /// The cell containing `time` (microseconds).
    @inline(__always)
    public static func cell(containing time: Int64) -> Int64 { time.flooredDivided(by: cellMicroseconds) }

    /// Opens the grid at the cell containing `time` without waiting for motion (the live daemon
    /// starts its clock here so that idle time is counted from startup).
    public mutating func start(at time: Int64) {
        if openCell == nil { openCell = MotionGrid.cell(containing: time) }
    }

    /// Adds one frame's motion, first emitting every cell that ends at or before the frame's cell.
    @inline(__always)
    public mutating func add(_ frame: FrameMotion, emit: (MotionCell) -> Void) {
        let k = MotionGrid.cell(containing: frame.time)
        if let open = openCell {
            if k > open {
                advance(to: k, emit: emit)
            } else if k < open {
                lateFrames += 1
            }
        } else {
            openCell = k
        }
        dx = dx.addingSaturated(frame.dx)
        dy = dy.addingSaturated(frame.dy)
    }

    /// Emits every cell that ends at or before `time`: the clock has reached `time`, so no frame
    /// can still arrive for them. The daemon calls this from its timer after draining the devices.
    @inline(__always)
    public mutating func close(through time: Int64, emit: (MotionCell) -> Void) {
        guard let open = openCell else { return }
        let k = MotionGrid.cell(containing: time)  // the cell `time` is in stays open
        if k > open { advance(to: k, emit: emit) }
    }

    /// Emits the open cell (end of a recording) and leaves the grid empty.
    public mutating func flush(emit: (MotionCell) -> Void) {
        guard let open = openCell else { return }
        emit(MotionCell(index: open, dx: dx, dy: dy))
        emittedCells += 1
        dx = 0
        dy = 0
        openCell = nil
    }

    /// The index of the next cell to be emitted (nil before the first frame).
    public var nextCellToEmit: Int64? { openCell }

    /// Emits the open cell and the empty cells before `cell` (at most `pauseCells` of them), and opens
    /// `cell`.
    private mutating func advance(to cell: Int64, emit: (MotionCell) -> Void) {
        let open = openCell!
        emit(MotionCell(index: open, dx: dx, dy: dy))
        dx = 0
        dy = 0
        // Cells strictly between `open` and `cell` (Int64.max when the difference overflows).
        let (span, overflow) = cell.subtractingReportingOverflow(open)
        let between = overflow ? Int64.max : span - 1
        let pause = min(between, MotionGrid.pauseCells)
        var k: Int64 = 1
        while k <= pause {
            emit(MotionCell(index: open + k, dx: 0, dy: 0))
            k += 1
        }
        if between > pause {
            resyncs += 1
            cellsCut = cellsCut.addingSaturated(between - pause)
        }
        emittedCells += 1 + pause
        openCell = cell
    }
}

extension FixedWidthInteger where Self: SignedInteger {
    /// `self + other`, clamped to the type's range instead of trapping or wrapping.
    @inlinable @inline(__always)
    public func addingSaturated(_ other: Self) -> Self {
        let (r, o) = addingReportingOverflow(other)
        return o ? (other > 0 ? .max : .min) : r
    }
}
