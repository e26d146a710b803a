import CLinux
import DeepMouseCore
import DeepMouseMotion

/// Where the daemon's lines go: `--output -` (stdout, the default) or `--output fifo:PATH`.
public struct OutputSink {
    private enum Kind {
        case standardOutput
        case fifo(FifoSink)
    }

    private var kind: Kind
    /// Lines not written because they would have exceeded `LineBuffer.capacity` (never expected).
    public private(set) var droppedTooLong = 0
    /// True once stdout's reader went away (EPIPE): the daemon then stops.
    public private(set) var standardOutputClosed = false

    /// Lines to standard output (blocking writes, as any filter; a closed pipe ends the daemon).
    public static var standardOutput: OutputSink { OutputSink(kind: .standardOutput) }

    /// Lines into the FIFO at `path`, created when missing and given `permissions` and `group`
    /// (see `FifoSink`).
    public static func fifo(path: String, permissions: UInt32 = 0o600, group: UInt32? = nil, now: Int64)
        throws(FifoError) -> OutputSink
    {
        OutputSink(
            kind: .fifo(
                try FifoSink(path: path, permissions: mode_t(permissions), group: group.map { gid_t($0) }, now: now)))
    }

    /// The id of the group `name` (for `--fifo-group`), or nil when there is none.
    public static func groupID(named name: String) -> UInt32? {
        name.withCString { Syscalls.groupID(named: $0).map { UInt32($0) } }
    }

    private init(kind: Kind) { self.kind = kind }

    /// Ignores SIGPIPE for the process, so that a reader that leaves is an EPIPE the sink handles
    /// (a FIFO is reopened later, stdout ends the run) and not a signal that kills the writer.
    public static func ignoreBrokenPipeSignal() { Syscalls.ignoreSIGPIPE() }

    /// Writes one formatted line; says whether it was written (see `FifoSink.write`, `counted` too).
    @discardableResult
    public mutating func write(_ line: inout LineBuffer, now: Int64, counted: Bool = true) -> FifoSink.WriteOutcome {
        guard !line.overflowed else {
            droppedTooLong += 1
            return .written
        }
        switch kind {
        case .standardOutput:
            guard !standardOutputClosed else { return .noReader }
            let failed: Bool = line.withBytes { bytes in
                do throws(Errno) {
                    try FileDescriptor.standardOutput.writeAll(bytes)
                    return false
                } catch {
                    return true
                }
            }
            if failed { standardOutputClosed = true }
            return failed ? .noReader : .written
        case .fifo(var sink):
            let outcome = line.withBytes { sink.write($0, now: now, counted: counted) }
            kind = .fifo(sink)
            return outcome
        }
    }

    /// Retries a disconnected FIFO; returns true when a reader just connected (the daemon then
    /// repeats the current hand of each device for the newcomer).
    public mutating func poll(now: Int64) -> Bool {
        guard case .fifo(var sink) = kind else { return false }
        sink.reconnect(now: now)
        let connected = sink.takeConnected()
        kind = .fifo(sink)
        return connected
    }

    /// At the end of a run: opens the FIFO if a reader is waiting, whatever the retry interval;
    /// returns true when one just connected (it then gets the last lines, and end of file at close).
    public mutating func connectWaitingReader(now: Int64) -> Bool {
        guard case .fifo(var sink) = kind else { return false }
        sink.connect(now: now)
        let connected = sink.takeConnected()
        kind = .fifo(sink)
        return connected
    }

    /// What happened to the FIFO since the last call (see `FifoSink.takeNotice()`), or nil.
    public mutating func takeFifoNotice() -> FifoNotice? {
        guard case .fifo(var sink) = kind else { return nil }
        let notice = sink.takeNotice()
        kind = .fifo(sink)
        return notice
    }

    /// The FIFO's path (nil for stdout).
    public var fifoPath: [UInt8]? {
        if case .fifo(let s) = kind { return s.path }
        return nil
    }

    /// True when a FIFO reader is connected (false for stdout).
    public var fifoConnected: Bool {
        if case .fifo(let s) = kind { return s.isConnected }
        return false
    }

    /// Counters of a FIFO sink (no reader, pipe full, reader left), or zeros.
    public var fifoCounters: (noReader: Int, full: Int, readerLeft: Int) {
        if case .fifo(let s) = kind { return (s.droppedNoReader, s.droppedFull, s.readerLeft) }
        return (0, 0, 0)
    }

    public mutating func close() {
        if case .fifo(var s) = kind {
            s.close()
            kind = .fifo(s)
        }
    }
}
