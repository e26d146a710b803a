import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// The recorder's live status on standard output. On a terminal: one line rewritten in place a
/// few times a second (elapsed time, events, touches, seconds of motion, SYN_DROPPED, and an idle
/// warning). Otherwise (a pipe, a log): a plain line every `interval`, and one line when the
/// pointer goes idle, so logs stay readable.
struct RecordStatus {
    let terminal: Bool
    let interval: Int64
    let idleWarning: Int64
    let hand: [UInt8]
    private var lastLine: Int64
    private var warnedIdle = false
    private var line = LineBuffer()

    init(terminal: Bool, interval: Int64, idleWarning: Int64, hand: [UInt8], now: Int64) {
        self.terminal = terminal
        self.interval = interval
        self.idleWarning = idleWarning
        self.hand = hand
        lastLine = now
    }

    /// Shows the status at `now`; `idleSince` is when the pointer last moved (or the start).
    mutating func update(_ stats: TimingStatistics, elapsed: Int64, idleSince: Int64, now: Int64) {
        let idle = now - idleSince
        let isIdle = idle >= idleWarning
        line.removeAll()
        if terminal {
            line.append("\r\u{1b}[K")
            line.append("REC ")
            line.append(contentsOf: hand)
            line.append("  ")
            clock(elapsed)
            counters(stats)
            if isIdle {
                line.append("  | idle ")
                line.append(decimal: idle / 1_000_000)
                line.append(" s: keep moving with the ")
                line.append(contentsOf: hand)
                line.append(" hand")
            }
        } else {
            let due = now - lastLine >= interval
            let idleNews = isIdle && !warnedIdle
            warnedIdle = isIdle
            guard due || idleNews else { return }
            if due { lastLine = now }
            line.append("recording ")
            clock(elapsed)
            counters(stats)
            if isIdle {
                line.append("; idle for ")
                line.append(decimal: idle / 1_000_000)
                line.append(" s: keep moving with the ")
                line.append(contentsOf: hand)
                line.append(" hand")
            }
            line.append("\n")
        }
        write()
    }

    /// Ends the in-place line on a terminal.
    mutating func finish() {
        guard terminal else { return }
        line.removeAll()
        line.append("\n")
        write()
    }

    private mutating func clock(_ elapsed: Int64) {
        let s = elapsed / 1_000_000
        line.append(unsignedDecimal: UInt64(s / 3600), minimumDigits: 2)
        line.append(":")
        line.append(unsignedDecimal: UInt64(s % 3600 / 60), minimumDigits: 2)
        line.append(":")
        line.append(unsignedDecimal: UInt64(s % 60), minimumDigits: 2)
    }

    private mutating func counters(_ stats: TimingStatistics) {
        line.append(terminal ? "  events " : ": events ")
        line.append(decimal: Int64(stats.events))
        line.append(
            stats.source == .relative
                ? (terminal ? "  strokes " : ", strokes ") : (terminal ? "  touches " : ", touches "))
        line.append(decimal: Int64(stats.touches))
        line.append(terminal ? "  motion " : ", motion ")
        line.append(fixed: stats.motionCells * MotionGrid.cellMicroseconds / 100_000, decimals: 1)
        line.append(" s")
        if stats.dropped > 0 {
            line.append(terminal ? "  SYN_DROPPED " : ", SYN_DROPPED ")
            line.append(decimal: Int64(stats.dropped))
        }
    }

    private mutating func write() {
        line.withBytes { try? FileDescriptor.standardOutput.writeAll($0) }
    }
}
