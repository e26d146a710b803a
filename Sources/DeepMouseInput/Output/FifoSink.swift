import CLinux
import DeepMouseCore
import DeepMouseMotion

/// Why `--output fifo:PATH` was refused.
public enum FifoError: Error, Equatable, Sendable {
    /// The path is a symbolic link (never followed: O_NOFOLLOW).
    case isSymbolicLink
    /// The path exists and is a regular file (it would be overwritten).
    case isRegularFile
    /// The path exists and is neither a FIFO nor a regular file (directory, device, socket).
    case notAFifo
    /// The FIFO belongs to another user (someone else could read or feed it).
    case ownedByAnotherUser
    /// A system call failed.
    case system(Errno)

    /// A one-line explanation.
    public func write<Sink: ByteSink>(to sink: inout Sink) {
        switch self {
        case .isSymbolicLink: sink.append("is a symbolic link (refused; give the FIFO's real path)")
        case .isRegularFile: sink.append("is a regular file (refused; remove it or choose another path)")
        case .notAFifo: sink.append("exists and is not a FIFO")
        case .ownedByAnotherUser: sink.append("is a FIFO owned by another user (refused)")
        case .system(let e): e.write(to: &sink)
        }
    }
}

/// Writes lines into a named pipe without ever blocking the daemon.
///
/// - Created with mode 0600 when missing; an existing path must be a FIFO owned by us
///   (symbolic links and regular files are refused), checked again on the opened descriptor.
/// - No reader yet (ENXIO): lines are dropped and counted; the open is retried at most every
///   `retryInterval` of the caller's clock (the monotonic clock live, the recording's in replay;
///   a clock that goes back, such as a replay's after the startup attempt, retries at once).
///   A reader that leaves (EPIPE): the FIFO is closed, reopened later.
/// - Pipe full (EAGAIN): the line is dropped and counted (`WriteOutcome.full`: the daemon re-sends
///   a hand change lost so). Lines are under PIPE_BUF (4096) bytes, so each write is all or nothing.
public struct FifoSink {
    public let path: [UInt8]
    /// `path` with a terminating NUL, for open(2) without building a String on every retry.
    private let cPath: [CChar]
    private var descriptor: FileDescriptor?
    private var lastAttempt: Int64 = Int64.min / 2
    /// How often to retry opening while no reader is connected (microseconds).
    public var retryInterval: Int64 = 500_000
    public private(set) var droppedNoReader: Int = 0
    public private(set) var droppedFull: Int = 0
    public private(set) var readerLeft: Int = 0
    /// Set when a reader connected since the last call to `takeConnected()`.
    private var justConnected = false

    /// Validates `path` (creating the FIFO with `permissions` if missing) and tries to open it.
    public init(path: String, permissions: mode_t = 0o600, now: Int64) throws(FifoError) {
        self.path = Array(path.utf8)
        cPath = path.utf8.map { CChar(bitPattern: $0) } + [0]
        switch FifoSink.inspect(path) {
        case .usable:
            break
        case .refused(let problem):
            throw problem
        case .missing:
            do {
                try withCPath(path) { (p) throws(Errno) in try Syscalls.mkfifo(p, permissions) }
            } catch {
                guard error == .fileExists else { throw .system(error) }
                // Lost a race with another creator: check what is there now.
                if case .refused(let problem) = FifoSink.inspect(path) { throw problem }
            }
        }
        try reconnect(now: now)
    }

    private enum PathState {
        case missing, usable
        case refused(FifoError)
    }

    private static func inspect(_ path: String) -> PathState {
        do {
            let s = try withCPath(path) { (p) throws(Errno) in try Syscalls.lstat(p) }
            if let problem = check(s) { return .refused(problem) }
            return .usable
        } catch {
            return error == .noSuchFileOrDirectory ? .missing : .refused(.system(error))
        }
    }

    private static func check(_ s: stat) -> FifoError? {
        if deepmouse_is_symlink(s.st_mode) != 0 { return .isSymbolicLink }
        if deepmouse_is_regular(s.st_mode) != 0 { return .isRegularFile }
        if deepmouse_is_fifo(s.st_mode) == 0 { return .notAFifo }
        if s.st_uid != Syscalls.geteuid() { return .ownedByAnotherUser }
        return nil
    }

    /// True while a reader is connected.
    public var isConnected: Bool { descriptor != nil }

    /// True once after a reader connected (the daemon then repeats the current state).
    public mutating func takeConnected() -> Bool {
        defer { justConnected = false }
        return justConnected
    }

    /// Tries to open the FIFO for writing if no reader is connected and the retry interval has
    /// passed (or `now` is before the last attempt: another clock). A FIFO replaced by something
    /// else since startup is refused again.
    public mutating func reconnect(now: Int64) throws(FifoError) {
        guard descriptor == nil, now < lastAttempt || now - lastAttempt >= retryInterval else { return }
        try connect(now: now)
    }

    /// Tries to open the FIFO now whatever the retry interval (a run that ends: a reader waiting
    /// in open(2) then gets the last lines and end of file instead of waiting forever).
    public mutating func connect(now: Int64) throws(FifoError) {
        guard descriptor == nil else { return }
        lastAttempt = now
        let fd: FileDescriptor
        do {
            fd = FileDescriptor(
                rawValue: try cPath.withUnsafeBufferPointer { (p) throws(Errno) in
                    try Syscalls.open(p.baseAddress!, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0)
                })
        } catch {
            if error == .noDeviceOrAddress || error == .noSuchFileOrDirectory { return }  // no reader (yet)
            if error == .tooManySymbolicLinks { throw .isSymbolicLink }
            throw .system(error)
        }
        let problem: FifoError?
        do { problem = FifoSink.check(try fd.status()) } catch { problem = .system(error) }
        if let problem {
            try? fd.close()
            throw problem
        }
        descriptor = fd
        justConnected = true
    }

    /// What became of one line.
    public enum WriteOutcome: Equatable, Sendable {
        case written
        /// No reader (none yet, or it just left): dropped.
        case noReader
        /// A reader is connected but the pipe is full: dropped.
        case full
    }

    /// Writes one line (all or nothing), or drops it; a drop is counted unless `counted` is false
    /// (a line the caller retries, counted once when first dropped).
    @discardableResult
    public mutating func write(_ bytes: UnsafeRawBufferPointer, now: Int64, counted: Bool = true) -> WriteOutcome {
        if descriptor == nil { try? reconnect(now: now) }
        guard let fd = descriptor else {
            if counted { droppedNoReader += 1 }
            return .noReader
        }
        do {
            _ = try fd.write(bytes)
            return .written
        } catch {
            if error == .wouldBlock {
                if counted { droppedFull += 1 }
                return .full
            }
            // EPIPE (reader left) or worse: close, reopen later
            readerLeft += 1
            if counted { droppedNoReader += 1 }
            try? fd.close()
            descriptor = nil
            lastAttempt = now
            return .noReader
        }
    }

    public mutating func close() {
        if let fd = descriptor { try? fd.close() }
        descriptor = nil
    }
}
