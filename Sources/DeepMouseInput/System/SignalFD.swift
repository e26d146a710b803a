import CLinux

/// SIGINT and SIGTERM delivered as a readable descriptor in the poll loop (signalfd), so the
/// daemon stops between two iterations, never inside one; SIGPIPE is ignored (a FIFO reader
/// that leaves shows up as EPIPE on write instead of killing the daemon).
public struct SignalFD {
    public let descriptor: FileDescriptor

    /// Blocks SIGINT/SIGTERM for the process and opens a signalfd for them.
    public init() throws(Errno) {
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        try Syscalls.blockSignals(&mask)
        Syscalls.ignoreSIGPIPE()
        let fd = try Syscalls.signalfd(-1, &mask, Int32(SFD_NONBLOCK) | Int32(SFD_CLOEXEC))
        descriptor = FileDescriptor(rawValue: fd)
    }

    /// The pending signal number, or nil.
    public func take() -> Int32? {
        var info = signalfd_siginfo()
        let n = try? withUnsafeMutableBytes(of: &info) { (b) throws(Errno) in try descriptor.read(into: b) }
        guard let n, n == MemoryLayout<signalfd_siginfo>.size else { return nil }
        return Int32(info.ssi_signo)
    }

    public func close() { try? descriptor.close() }
}
