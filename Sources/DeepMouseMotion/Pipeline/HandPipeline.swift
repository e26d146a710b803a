import DeepMouseCore

/// Where a pipeline's results go. Generic, not an existential: the daemon, the replay driver and
/// the tests each pass their own concrete type and the calls are specialized.
public protocol PipelineOutput {
    /// A closed 100 Hz cell (every cell, empty ones included, in order).
    mutating func motionCell(_ cell: MotionCell)
    /// The classifier's per-hop decision and the hand after it; `time` is the end of the cell
    /// that completed the hop (microseconds, event clock).
    mutating func decision(_ decision: StreamingDecision, hand: HandState, time: Int64)
    /// The reported hand changed.
    mutating func handChanged(_ change: HandChange, time: Int64)
    /// Some pointer button is now held (`held`), or every button is up again (`PointerButtons`);
    /// `time` is the event time of the frame. The default ignores it.
    mutating func buttonsChanged(held: Bool, time: Int64)
}

extension PipelineOutput {
    /// Ignores button changes (outputs that only want motion and hands).
    @inline(__always)
    public mutating func buttonsChanged(held: Bool, time: Int64) {}
}

/// One device's path from evdev events to hand changes:
/// events -> `TouchTracker` -> `MotionGrid` (100 Hz) -> `InputScaler` -> `StreamingClassifier`
/// -> `HandDecisionLayer` (the vote, or the calibrated change detector when given); beside it `PointerButtons`
/// reports when every button is up. Prepared once (the classifier's arena is the caller's); `process` and
/// `advance` allocate nothing. The daemon and `--replay` run this same code, so they print the same.
///
/// Models trained on moving samples only (`InputCells.moving`) are fed the cells with motion
/// only. Their idle rule is time-based instead: the `window`-th empty cell in a row is one idle hop
/// for the decider, and so is every `hop`-th empty cell after it (the same W cells of stillness that
/// make an every-cell window idle), so with N idle hops to `unknown` the hand becomes `unknown` after
/// window + (N - 1) * hop cells of rest.
///
/// Long idle: once the classifier has seen `saturationCells` empty cells its state no longer
/// changes except for the hop and pooling phases, so further empty cells are counted and skipped
/// in whole periods of `skipPeriod` (a multiple of the hop and of 2^conv layers), which keeps the
/// state and every later decision bit-identical while letting an idle daemon sleep.
///
/// Time gaps: the grid cuts a gap to a pause of `MotionGrid.pauseCells` and resyncs, so cell
/// indices jump. The cells left out are stillness: fed one by one until the pipeline is saturated
/// idle (so no bound on a model's window or idle rule is assumed), then counted like skipped cells,
/// so a clock jump of any size costs O(1) and every decision is the one the full run of empty cells
/// gives.
public struct HandPipeline {
    public private(set) var tracker: TouchTracker
    private var grid = MotionGrid()
    public let scaler: InputScaler
    private var classifier: StreamingClassifier
    public private(set) var decider: HandDecisionLayer
    /// The pointer buttons held (reported through `PipelineOutput.buttonsChanged`).
    public private(set) var buttons = PointerButtons()
    /// Cells pushed to the classifier, and cells skipped while saturated idle.
    public private(set) var cellsPushed: Int64 = 0
    public private(set) var cellsSkipped: Int64 = 0
    public private(set) var decisions: Int64 = 0
    private var emptyRun: Int64 = 0
    private var pendingEmpty: Int64 = 0
    /// The index the next cell should have (nil before the first cell).
    private var nextCell: Int64?
    /// Empty cells after which the classifier's state is all-idle.
    public let saturationCells: Int64
    /// Empty cells skipped at a time once saturated.
    public let skipPeriod: Int64
    /// The model reads moving cells only (empty cells never reach the classifier).
    public let movingCellsOnly: Bool
    /// Moving-cells models: empty cells in a row before the first idle hop.
    public let idleCells: Int64

    /// Prepares the pipeline. `arena` must hold `StreamingClassifier.arenaByteCount(for:)` bytes
    /// and outlive the pipeline, as must the model's bytes. With `changeDetector` the hand is decided by the
    /// `ChangeDetector` instead of the vote with `decisionParameters`.
    public init(
        device: DeviceDescription, model: ModelFile, arena: UnsafeMutableRawBufferPointer,
        mapping: UnitMapping, decisionParameters: DecisionParameters, changeDetector: ChangeDetectorParameters? = nil,
        hop: Int32? = nil, skipsIdle: Bool = true
    ) throws(ModelFileError) {
        tracker = TouchTracker(device: device)
        scaler = try InputScaler(model: model, modelUnitsPerDeviceUnit: (mapping.x, mapping.y))
        classifier = try StreamingClassifier(model: model, arena: arena, hop: hop)
        decider = HandDecisionLayer(vote: decisionParameters, changeDetector: changeDetector)
        let pooling = Int64(model.architecture.poolingFactor)
        let h = Int64(classifier.hop)
        var period = h
        while period % pooling != 0 { period += h }
        skipPeriod = period
        movingCellsOnly = model.architecture.inputCells == .moving
        idleCells = Int64(classifier.window)
        if movingCellsOnly {
            // The N-th idle hop (at window + (N - 1) * hop) makes the decider `unknown`; past this bound,
            // one hop later still, further empty cells change nothing.
            let unknownAfter = idleCells + h * Int64(max(1, decider.idleHopsUntilSteady))
            saturationCells = skipsIdle ? unknownAfter + h : Int64.max
        } else {
            // The change detector counts idle hops to a pause: they must reach it before cells are skipped.
            let idleHops = changeDetector != nil ? h * Int64(decider.idleHopsUntilSteady) : 0
            saturationCells = skipsIdle ? Int64(classifier.window) + 2 * period + 16 + idleHops : Int64.max
        }
    }

    /// The current hand.
    public var hand: HandState { decider.hand }
    /// True when the pipeline is skipping empty cells (the daemon may stop its timer).
    public var isSaturatedIdle: Bool { emptyRun >= saturationCells && tracker.fingerCount == 0 }
    /// Frames that arrived for cells already closed.
    public var lateFrames: Int { grid.lateFrames }
    /// The cell being filled, if any.
    public var openCell: Int64? { grid.openCell }

    /// Starts the grid's clock at `time` (live: at device open).
    public mutating func start(at time: Int64) { grid.start(at: time) }

    /// Feeds one read result.
    @inline(__always)
    public mutating func process<Output: PipelineOutput>(_ input: DeviceInput, output: inout Output) {
        switch input {
        case .resync:
            tracker.breakTouch()
        case .event(let e):
            if let held = buttons.process(e) { output.buttonsChanged(held: held, time: e.time) }
            guard let frame = tracker.process(e) else { return }
            var g = grid  // (a copy of a few integers: lets the closure mutate self)
            g.add(frame) { cell in self.consume(cell, output: &output) }
            grid = g
        }
    }

    /// The clock reached `time`: closes every cell that ends by then.
    @inline(__always)
    public mutating func advance<Output: PipelineOutput>(to time: Int64, output: inout Output) {
        var g = grid
        g.close(through: time) { cell in self.consume(cell, output: &output) }
        grid = g
    }

    /// Feeds one already resampled 100 Hz cell (device units), bypassing the tracker and the
    /// grid: for streams that are fixed-rate already (the legacy cursor data in benchmarks).
    public mutating func process<Output: PipelineOutput>(cell: MotionCell, output: inout Output) {
        consume(cell, output: &output)
    }

    // Not inlined: process and advance each reach it, and two inlined copies of the whole chain cost the
    // Embedded daemon 26 KB (it runs once per 10 ms cell, so the call is free).
    @inline(never)
    private mutating func consume<Output: PipelineOutput>(_ cell: MotionCell, output: inout Output) {
        if let next = nextCell, cell.index > next { consumeStillness(from: next, to: cell.index, output: &output) }
        nextCell = cell.index &+ 1
        consumeCell(cell, output: &output)
    }

    /// Cells `first..<end`, left out by the grid at a resync, were empty: fed one by one until the
    /// pipeline is saturated idle, then counted as the skip rules would count them.
    private mutating func consumeStillness<Output: PipelineOutput>(
        from first: Int64, to end: Int64, output: inout Output
    ) {
        var k = first
        while k < end && emptyRun < saturationCells {
            consumeCell(MotionCell(index: k, dx: 0, dy: 0), output: &output)
            k += 1
        }
        let (difference, overflow) = end.subtractingReportingOverflow(k)
        let rest = overflow ? Int64.max : difference
        guard rest > 0 else { return }
        emptyRun = emptyRun.addingSaturated(rest)
        if movingCellsOnly {
            cellsSkipped = cellsSkipped.addingSaturated(rest)
            return
        }
        let partial = rest % skipPeriod
        let pending = pendingEmpty + partial
        cellsSkipped = cellsSkipped.addingSaturated(rest - partial + pending / skipPeriod * skipPeriod)
        pendingEmpty = pending % skipPeriod
    }

    @inline(__always)
    private mutating func consumeCell<Output: PipelineOutput>(_ cell: MotionCell, output: inout Output) {
        output.motionCell(cell)
        if movingCellsOnly {
            consumeMoving(cell, output: &output)
            return
        }
        if cell.isEmpty {
            emptyRun &+= 1
            if emptyRun > saturationCells {
                pendingEmpty &+= 1
                if pendingEmpty == skipPeriod {
                    pendingEmpty = 0
                    cellsSkipped &+= skipPeriod
                }
                return
            }
        } else {
            emptyRun = 0
            var k = pendingEmpty  // fewer than skipPeriod: push them to keep the phases
            pendingEmpty = 0
            while k > 0 {  // cells index-k ... index-1, each ending (k-1) cells before this one starts
                push(0, 0, time: cell.startTime &- (k &- 1) &* MotionGrid.cellMicroseconds, output: &output)
                k -= 1
            }
        }
        let q = scaler.scaled(dx: cell.dx, dy: cell.dy)
        push(q.dx, q.dy, time: cell.startTime &+ MotionGrid.cellMicroseconds, output: &output)
    }

    /// `InputCells.moving`: motion goes to the classifier, stillness only counts time.
    @inline(__always)
    private mutating func consumeMoving<Output: PipelineOutput>(_ cell: MotionCell, output: inout Output) {
        let end = cell.startTime &+ MotionGrid.cellMicroseconds
        guard cell.isEmpty else {
            emptyRun = 0
            let q = scaler.scaled(dx: cell.dx, dy: cell.dy)
            push(q.dx, q.dy, time: end, output: &output)
            return
        }
        if emptyRun < Int64.max { emptyRun &+= 1 }
        guard emptyRun <= saturationCells else {
            cellsSkipped &+= 1
            return
        }
        guard emptyRun >= idleCells, (emptyRun - idleCells) % Int64(classifier.hop) == 0 else { return }
        decide(.idleDecision, time: end, output: &output)
    }

    @inline(__always)
    private mutating func push<Output: PipelineOutput>(_ dx: Int16, _ dy: Int16, time: Int64, output: inout Output) {
        cellsPushed &+= 1
        guard let d = classifier.push(dx: dx, dy: dy) else { return }
        decide(d, time: time, output: &output)
    }

    /// One decision (the classifier's, or an idle hop's) through the decider to the output.
    @inline(__always)
    private mutating func decide<Output: PipelineOutput>(_ d: StreamingDecision, time: Int64, output: inout Output) {
        decisions &+= 1
        let change = decider.update(d)
        output.decision(d, hand: decider.hand, time: time)
        if let change { output.handChanged(change, time: time) }
    }
}
