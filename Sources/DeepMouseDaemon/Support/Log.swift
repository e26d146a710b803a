import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// Diagnostics on standard error, one line each, prefixed `deepmoused: ` (setup paths: may
/// build the line in a `LineBuffer` of their own).
public enum Log {
    /// Writes "deepmoused: " + what `body` appends + "\n" to stderr.
    public static func line(_ body: (inout LineBuffer) -> Void) {
        var l = LineBuffer()
        l.append("deepmoused: ")
        body(&l)
        l.append("\n")
        l.withBytes { try? FileDescriptor.standardError.writeAll($0) }
    }

    /// "deepmoused: NODE: stream realigned: ...": the device's stream held events missing a byte
    /// or stray bytes (`EvdevDevice`), with the running totals.
    @inline(never)
    public static func realigned(_ device: EvdevDevice) {
        line { l in
            l.append(terminalSafe: device.path)
            l.append(": stream realigned on whole events (an emulated node losing bytes?): ")
            l.append(decimal: Int64(device.repairedEvents))
            l.append(" events completed, ")
            l.append(decimal: Int64(device.skippedBytes))
            l.append(" bytes skipped so far (said at most once a minute)")
        }
    }

    /// "deepmoused: FILE: text": one shared, non-generic body for the messages about a file (each
    /// `line(_:)` closure is specialised at its call site, which the small-target builds pay for).
    @inline(never)
    public static func line(file: String, _ text: StaticString) {
        line { l in
            l.append(terminalSafe: Array(file.utf8))
            l.append(": ")
            l.append(text)
        }
    }

    /// "deepmoused: output fifo:PATH: what happened" when the FIFO was removed, replaced or made
    /// unsafe since the last call (each change once).
    public static func fifoChanges(of sink: inout OutputSink) {
        guard let notice = sink.takeFifoNotice(), let path = sink.fifoPath else { return }
        line { l in
            l.append("output fifo:")
            l.append(terminalSafe: path)
            l.append(": ")
            notice.write(to: &l)
        }
    }
}
