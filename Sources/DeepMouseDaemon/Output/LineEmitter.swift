import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// Formats and writes the daemon's lines: one `LineBuffer`, one sink, no allocation per line.
///
/// A hand change that a full FIFO drops is kept (the newest per device) and written again, before
/// any later line, as soon as the pipe has room: a reader that stalls misses decisions and motion
/// but never the hand it is left with. `resendPending()` retries it while no other line is written.
public struct LineEmitter {
    public var formatter: LineFormatter
    public var sink: OutputSink
    public var printDecisions: Bool
    public var printMotion: Bool
    /// The clock of the FIFO's retry pacing, updated by the loop (monotonic live, the recording's in replay).
    public var now: Int64 = 0
    private var line = LineBuffer()
    /// Hand changes a full pipe dropped, the newest per device (few: one per device at most).
    private var pending: [PendingHand] = []
    /// Hand changes dropped on a full pipe and written later.
    public private(set) var handsResent = 0

    /// A hand change waiting for room in the pipe.
    private struct PendingHand {
        var hand: HandState
        var pLeftQ15: Int32
        var time: Int64
        var device: [UInt8]
    }

    public init(format: OutputFormat, sink: OutputSink, printDecisions: Bool, printMotion: Bool) {
        formatter = LineFormatter(format: format)
        self.sink = sink
        self.printDecisions = printDecisions
        self.printMotion = printMotion
        pending.reserveCapacity(8)
    }

    /// True while a dropped hand change waits to be written again.
    public var hasPendingHands: Bool { !pending.isEmpty }

    public mutating func hand(_ hand: HandState, pLeftQ15: Int32, time: Int64, device: [UInt8]) {
        resendPending()
        formatter.hand(hand, pLeftQ15: pLeftQ15, time: time, device: device, into: &line)
        let outcome = sink.write(&line, now: now)
        let waiting = pending.firstIndex { $0.device == device }
        if outcome == .full {
            let p = PendingHand(hand: hand, pLeftQ15: pLeftQ15, time: time, device: device)
            if let waiting { pending[waiting] = p } else { pending.append(p) }
        } else if let waiting {
            // Written, or no reader: a reader that connects is told every device's hand anyway.
            pending.remove(at: waiting)
        }
    }

    /// Tells a reader that just connected the current hand of a device (p_left 0.5: not a decision).
    public mutating func repeatHand(_ hand: HandState, time: Int64, device: [UInt8]) {
        self.hand(hand, pLeftQ15: 16_384, time: time, device: device)
    }

    /// Writes the hand changes a full pipe dropped, oldest device first, while the pipe takes them.
    public mutating func resendPending() {
        while let p = pending.first {
            formatter.hand(p.hand, pLeftQ15: p.pLeftQ15, time: p.time, device: p.device, into: &line)
            switch sink.write(&line, now: now, counted: false) {
            case .full: return
            case .written: handsResent += 1
            case .noReader: break
            }
            pending.removeFirst()
        }
    }

    public mutating func decision(_ d: StreamingDecision, hand: HandState, time: Int64, device: [UInt8]) {
        guard printDecisions else { return }
        resendPending()
        formatter.decision(d, hand: hand, time: time, device: device, into: &line)
        sink.write(&line, now: now)
    }

    public mutating func motion(_ cell: MotionCell, device: [UInt8]) {
        guard printMotion, !cell.isEmpty else { return }
        resendPending()
        formatter.motion(cell, device: device, into: &line)
        sink.write(&line, now: now)
    }

    public mutating func buttons(held: Bool, time: Int64, device: [UInt8]) {
        resendPending()
        formatter.buttons(held: held, time: time, device: device, into: &line)
        sink.write(&line, now: now)
    }

    public mutating func deviceAdded(_ facts: LineFormatter.DeviceFacts, time: Int64) {
        resendPending()
        formatter.deviceAdded(facts, time: time, into: &line)
        sink.write(&line, now: now)
    }

    public mutating func deviceRemoved(path: [UInt8], reason: StaticString, time: Int64) {
        resendPending()
        formatter.deviceRemoved(path: path, reason: reason, time: time, into: &line)
        sink.write(&line, now: now)
    }

    /// At exit, for `--output fifo:`: "output fifo:PATH: N lines dropped without a reader, M on a
    /// full pipe (K hand changes re-sent, J lost at exit); the reader left L times".
    public func writeDropSummary(to l: inout LineBuffer, path: String) {
        let c = sink.fifoCounters
        l.append("output fifo:")
        l.append(terminalSafe: Array(path.utf8))
        l.append(": ")
        l.append(decimal: Int64(c.noReader))
        l.append(" lines dropped without a reader, ")
        l.append(decimal: Int64(c.full))
        l.append(" on a full pipe (")
        l.append(decimal: Int64(handsResent))
        l.append(" hand changes re-sent, ")
        l.append(decimal: Int64(pending.count))
        l.append(" lost); the reader left ")
        l.append(decimal: Int64(c.readerLeft))
        l.append(c.readerLeft == 1 ? " time" : " times")
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
