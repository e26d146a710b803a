import DeepMouseCore

/// `TimingSummary` as text for people: what `deepmoused record` prints at the end and `stats`
/// prints for any recording. Times are exact (microseconds written as ms with 3 decimals).
///
///     events        1718 in 13.526 s: 301 frames (SYN_REPORT), 0 SYN_DROPPED
///     intervals     all 300: min 0.001 ms, median 12.503 ms, p99 108.010 ms, max 1203.512 ms
///     activity      <= 100 ms 296: min 0.001 ms, median 12.500 ms, p99 25.010 ms, max 37.505 ms, mean 12.611 ms
///     gaps          > 100 ms 4: 2.120 s in total, longest 1.204 s at 5.301 s
///     100 Hz grid   1353 cells spanned, 1008 in activity, 801 with a frame (79.5%), 3 with 2 or more
///     motion        6.930 s (693 non-empty cells), 3 touches
public enum TimingReport {
    /// Writes the report lines; `origin` is subtracted from the times shown (the first event).
    public static func write<Sink: ByteSink>(_ s: TimingSummary, origin: Int64 = 0, to out: inout Sink) {
        out.append("events        ")
        out.append(decimal: Int64(s.events))
        out.append(" in ")
        seconds(s.duration, &out)
        out.append(": ")
        out.append(decimal: Int64(s.frames))
        out.append(" frames (SYN_REPORT), ")
        out.append(decimal: Int64(s.dropped))
        out.append(" SYN_DROPPED")
        if s.backwardSteps > 0 {
            out.append(", ")
            out.append(decimal: Int64(s.backwardSteps))
            out.append(" times going backwards")
        }
        out.append("\nintervals     all ")
        intervals(s.intervals, mean: false, &out)
        out.append("\nactivity      <= ")
        milliseconds(s.gapThreshold, decimals: 0, &out)
        out.append(" ")
        intervals(s.activeIntervals, mean: true, &out)
        out.append("\ngaps          > ")
        milliseconds(s.gapThreshold, decimals: 0, &out)
        out.append(" ")
        out.append(decimal: Int64(s.gaps))
        if s.gaps > 0 {
            out.append(": ")
            seconds(s.gapTime, &out)
            out.append(" in total, longest ")
            seconds(s.longestGap, &out)
            out.append(" at ")
            seconds(s.longestGapStart - origin, &out)
        }
        out.append("\n100 Hz grid   ")
        out.append(decimal: s.grid.spannedCells)
        out.append(" cells spanned, ")
        out.append(decimal: s.grid.activeCells)
        out.append(" in activity, ")
        out.append(decimal: s.grid.coveredCells)
        out.append(" with a frame (")
        out.append(fixed: s.grid.coveragePerMille, decimals: 1)
        out.append("%), ")
        out.append(decimal: s.grid.multiFrameCells)
        out.append(" with 2 or more\nmotion        ")
        seconds(s.motionTime, &out)
        out.append(" (")
        out.append(decimal: s.motionCells)
        out.append(" non-empty cells), ")
        out.append(decimal: Int64(s.touches))
        if s.touches == 1 {
            out.append(s.touchesAreStrokes ? " stroke\n" : " touch\n")
        } else {
            out.append(s.touchesAreStrokes ? " strokes\n" : " touches\n")
        }
    }

    static func intervals<Sink: ByteSink>(_ i: IntervalSummary, mean: Bool, _ out: inout Sink) {
        out.append(decimal: Int64(i.count))
        guard i.count > 0 else { return }
        out.append(": min ")
        milliseconds(i.minimum, decimals: 3, &out)
        out.append(", median ")
        milliseconds(i.median, decimals: 3, &out)
        out.append(", p99 ")
        milliseconds(i.p99, decimals: 3, &out)
        out.append(", max ")
        milliseconds(i.maximum, decimals: 3, &out)
        if mean {
            out.append(", mean ")
            milliseconds(i.mean, decimals: 3, &out)
        }
    }

    /// `12.503 ms` from microseconds (`decimals` 0 or 3).
    static func milliseconds<Sink: ByteSink>(_ us: Int64, decimals: Int, _ out: inout Sink) {
        if decimals == 0 { out.append(decimal: us / 1000) } else { out.append(fixed: us, decimals: 3) }
        out.append(" ms")
    }

    /// `13.526 s` from microseconds (rounded down to the millisecond).
    public static func seconds<Sink: ByteSink>(_ us: Int64, _ out: inout Sink) {
        out.append(fixed: us / 1000, decimals: 3)
        out.append(" s")
    }
}
