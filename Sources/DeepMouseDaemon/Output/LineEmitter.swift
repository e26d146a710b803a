import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// Formats and writes the daemon's lines: one `LineBuffer`, one sink, no allocation per line.
public struct LineEmitter {
    public var formatter: LineFormatter
    public var sink: OutputSink
    public var printDecisions: Bool
    public var printMotion: Bool
    /// Monotonic now, for the FIFO's retry pacing (updated by the loop).
    public var now: Int64 = 0
    private var line = LineBuffer()

    public init(format: OutputFormat, sink: OutputSink, printDecisions: Bool, printMotion: Bool) {
        formatter = LineFormatter(format: format)
        self.sink = sink
        self.printDecisions = printDecisions
        self.printMotion = printMotion
    }

    public mutating func hand(_ hand: HandState, pLeftQ15: Int32, time: Int64, device: [UInt8]) {
        formatter.hand(hand, pLeftQ15: pLeftQ15, time: time, device: device, into: &line)
        sink.write(&line, now: now)
    }

    public mutating func decision(_ d: StreamingDecision, hand: HandState, time: Int64, device: [UInt8]) {
        guard printDecisions else { return }
        formatter.decision(d, hand: hand, time: time, device: device, into: &line)
        sink.write(&line, now: now)
    }

    public mutating func motion(_ cell: MotionCell, device: [UInt8]) {
        guard printMotion, !cell.isEmpty else { return }
        formatter.motion(cell, device: device, into: &line)
        sink.write(&line, now: now)
    }

    public mutating func buttons(held: Bool, time: Int64, device: [UInt8]) {
        formatter.buttons(held: held, time: time, device: device, into: &line)
        sink.write(&line, now: now)
    }

    public mutating func deviceAdded(_ facts: LineFormatter.DeviceFacts, time: Int64) {
        formatter.deviceAdded(facts, time: time, into: &line)
        sink.write(&line, now: now)
    }

    public mutating func deviceRemoved(path: [UInt8], reason: StaticString, time: Int64) {
        formatter.deviceRemoved(path: path, reason: reason, time: time, into: &line)
        sink.write(&line, now: now)
    }
}

/// Routes one device's pipeline results to the shared emitter (held by pointer: the emitter
/// owns a 4 KB line buffer that must not be copied per call).
struct DeviceOutput: PipelineOutput {
    let emitter: UnsafeMutablePointer<LineEmitter>
    let device: [UInt8]

    @inline(__always)
    mutating func motionCell(_ cell: MotionCell) {
        if emitter.pointee.printMotion { emitter.pointee.motion(cell, device: device) }
    }

    @inline(__always)
    mutating func decision(_ decision: StreamingDecision, hand: HandState, time: Int64) {
        if emitter.pointee.printDecisions { emitter.pointee.decision(decision, hand: hand, time: time, device: device) }
    }

    @inline(__always)
    mutating func handChanged(_ change: HandChange, time: Int64) {
        emitter.pointee.hand(change.to, pLeftQ15: change.pLeftQ15, time: time, device: device)
    }

    @inline(__always)
    mutating func buttonsChanged(held: Bool, time: Int64) {
        emitter.pointee.buttons(held: held, time: time, device: device)
    }
}
