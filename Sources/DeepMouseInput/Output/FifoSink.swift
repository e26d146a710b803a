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
    /// The FIFO may be written by its group or by others (`mode`): they could inject hand lines.
    case writableByOthers(mode: UInt32)
    /// The path ends in '/' or is empty: it names no FIFO.
    case noName
    /// A folder on the path (`folder`: the path up to it) does not exist.
    case folderMissing(folder: [UInt8])
    /// A folder on the path is a symbolic link (never followed).
    case folderIsSymbolicLink(folder: [UInt8])
    /// A component of the path before the last is not a folder.
    case folderNotAFolder(folder: [UInt8])
    /// A folder on the path belongs to another user than root or us, or may be written by its
    /// group or others without the sticky bit: the FIFO could be replaced under the daemon.
    case folderUnsafe(folder: [UInt8], owner: UInt32, mode: UInt32)
    /// A system call on a folder of the path failed.
    case folderFailed(folder: [UInt8], Errno)
    /// A system call failed.
    case system(Errno)

    /// A one-line explanation.
    public func write<Sink: ByteSink>(to sink: inout Sink) {
        switch self {
        case .isSymbolicLink: sink.append("is a symbolic link (refused; give the FIFO's real path)")
        case .isRegularFile: sink.append("is a regular file (refused; remove it or choose another path)")
        case .notAFifo: sink.append("exists and is not a FIFO")
        case .ownedByAnotherUser: sink.append("is a FIFO owned by another user (refused)")
        case .writableByOthers(let mode):
            sink.append("is a FIFO writable by its group or others (mode ")
            FifoSink.appendMode(mode, to: &sink)
            sink.append("; refused: they could write hand lines into it; remove it, the daemon creates its own)")
        case .noName: sink.append("names no FIFO (the path ends in '/')")
        case .folderMissing(let folder):
            sink.append("folder ")
            sink.append(terminalSafe: folder)
            sink.append(" does not exist (create it first: the daemon creates only the FIFO)")
        case .folderIsSymbolicLink(let folder):
            sink.append("folder ")
            sink.append(terminalSafe: folder)
            sink.append(" is a symbolic link (refused: no folder of the path is followed; give the real path)")
        case .folderNotAFolder(let folder):
            sink.append(terminalSafe: folder)
            sink.append(" is not a folder")
        case .folderUnsafe(let folder, let owner, let mode):
            sink.append("folder ")
            sink.append(terminalSafe: folder)
            sink.append(" (owner uid ")
            sink.append(decimal: Int64(owner))
            sink.append(", mode ")
            FifoSink.appendMode(mode, to: &sink)
            sink.append(") may be changed by another user, who could replace the FIFO (refused: use a folder")
            sink.append(" owned by root or by this user and writable only by its owner, or sticky like /tmp)")
        case .folderFailed(let folder, let e):
            sink.append("folder ")
            sink.append(terminalSafe: folder)
            sink.append(": ")
            e.write(to: &sink)
        case .system(let e): e.write(to: &sink)
        }
    }
}

/// What happened to the FIFO after startup, for the daemon to report once.
public enum FifoNotice: Equatable, Sendable {
    /// It was removed: created again (same mode and group).
    case recreated
    /// Another FIFO of ours, writable only by us, is at the path now: it is used.
    case replaced
    /// What is at the path now is refused: lines are dropped until it is fixed.
    case refused(FifoError)

    /// A one-line explanation.
    public func write<Sink: ByteSink>(to sink: inout Sink) {
        switch self {
        case .recreated: sink.append("was removed since startup: created again")
        case .replaced: sink.append("was replaced since startup by another FIFO of this user's: using it")
        case .refused(let e):
            sink.append("changed since startup and is refused now: ")
            e.write(to: &sink)
            sink.append("; lines are dropped until it is fixed")
        }
    }
}

/// Writes lines into a named pipe without ever blocking the daemon.
///
/// - The folder holding the FIFO is opened once, one component at a time, never following a
///   symbolic link, and must not be changeable by another user (each folder owned by root or us,
///   writable only by its owner unless sticky); the FIFO is then always opened relative to that
///   folder descriptor, with O_NOFOLLOW.
/// - The FIFO is created when missing, and given `permissions` (never writable by group or
///   others) and `group` whether created or found; an existing path must be a FIFO owned by us
///   and writable only by us (symbolic links and regular files are refused), checked again on
///   every opened descriptor. A FIFO removed, replaced or made unsafe after startup is reported
///   (`takeNotice()`): recreated, used, or refused.
/// - No reader yet (ENXIO): lines are dropped and counted; the open is retried at most every
///   `retryInterval` of the caller's clock (the monotonic clock live, the recording's in replay;
///   a clock that goes back, such as a replay's after the startup attempt, retries at once).
///   A reader that leaves (EPIPE): the FIFO is closed, reopened later.
/// - Pipe full (EAGAIN): the line is dropped and counted (`WriteOutcome.full`: the daemon re-sends
///   a hand change lost so). Lines are under PIPE_BUF (4096) bytes, so each write is all or nothing.
public struct FifoSink {
    public let path: [UInt8]
    /// The folder holding the FIFO (checked once), and the FIFO's name in it with a NUL.
    private let folder: FileDescriptor
    private let name: [CChar]
    private let permissions: mode_t
    private let group: gid_t?
    /// The FIFO last checked (st_dev, st_ino), to notice a replacement.
    private var identity: (UInt64, UInt64) = (0, 0)
    private var descriptor: FileDescriptor?
    private var lastAttempt: Int64 = Int64.min / 2
    /// How often to retry opening while no reader is connected (microseconds).
    public var retryInterval: Int64 = 500_000
    public private(set) var droppedNoReader: Int = 0
    public private(set) var droppedFull: Int = 0
    public private(set) var readerLeft: Int = 0
    /// Set when a reader connected since the last call to `takeConnected()`.
    private var justConnected = false
    private var notice: FifoNotice?
    /// The refusal last reported, so that a retry every half second does not repeat it.
    private var lastRefusal: FifoError?
    private var closed = false

    /// The mode a FIFO gets unless `--fifo-mode` says otherwise: 0600, or 0640 with a group.
    public static func defaultPermissions(withGroup: Bool) -> UInt32 { withGroup ? 0o640 : 0o600 }

    /// Checks the folders of `path`, creates the FIFO if missing, gives it `permissions` (refused
    /// when writable by group or others) and `group`, and tries to open it.
    public init(path: String, permissions: mode_t = 0o600, group: gid_t? = nil, now: Int64) throws(FifoError) {
        guard permissions & 0o022 == 0, permissions & ~0o777 == 0 else {
            throw .writableByOthers(mode: UInt32(permissions))
        }
        self.path = Array(path.utf8)
        (folder, name) = try FifoSink.openFolder(of: self.path)
        self.permissions = permissions
        self.group = group
        do throws(FifoError) {
            switch inspect() {
            case .usable:
                break
            case .refused(let problem):
                throw problem
            case .missing:
                try create()
            }
            try applyPermissions()
        } catch {
            try? folder.close()
            throw error
        }
        connect(now: now)
    }

    private enum PathState {
        case missing, usable
        case refused(FifoError)
    }

    private func inspect() -> PathState {
        do {
            let s = try name.withUnsafeBufferPointer { (p) throws(Errno) in
                try Syscalls.fstatat(folder.rawValue, p.baseAddress!, AT_SYMLINK_NOFOLLOW)
            }
            if let problem = FifoSink.check(s) { return .refused(problem) }
            return .usable
        } catch {
            return error == .noSuchFileOrDirectory ? .missing : .refused(.system(error))
        }
    }

    private func create() throws(FifoError) {
        do {
            try name.withUnsafeBufferPointer { (p) throws(Errno) in
                try Syscalls.mkfifoat(folder.rawValue, p.baseAddress!, permissions)
            }
        } catch {
            guard error == .fileExists else { throw .system(error) }
            // Lost a race with another creator: check what is there now.
            if case .refused(let problem) = inspect() { throw problem }
        }
    }

    /// Gives the FIFO its mode (the umask may have narrowed it) and group, through a descriptor
    /// (a non-blocking read end: opening it never waits) checked to be our FIFO.
    private mutating func applyPermissions() throws(FifoError) {
        let fd: FileDescriptor
        do {
            fd = FileDescriptor(
                rawValue: try name.withUnsafeBufferPointer { (p) throws(Errno) in
                    try Syscalls.openat(
                        folder.rawValue, p.baseAddress!, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0)
                })
        } catch {
            throw error == .tooManySymbolicLinks ? .isSymbolicLink : .system(error)
        }
        defer { try? fd.close() }
        let s: stat
        do { s = try fd.status() } catch { throw .system(error) }
        if let problem = FifoSink.check(s) { throw problem }
        do {
            try Syscalls.fchmod(fd.rawValue, permissions)
            // Only when it differs: a sandbox may forbid chown(2) (systemd's ~@privileged).
            if let group, s.st_gid != group { try Syscalls.fchown(fd.rawValue, uid_t.max, group) }
        } catch {
            throw .system(error)
        }
        identity = (UInt64(s.st_dev), UInt64(s.st_ino))
    }

    private static func check(_ s: stat) -> FifoError? {
        if deepmouse_is_symlink(s.st_mode) != 0 { return .isSymbolicLink }
        if deepmouse_is_regular(s.st_mode) != 0 { return .isRegularFile }
        if deepmouse_is_fifo(s.st_mode) == 0 { return .notAFifo }
        if s.st_uid != Syscalls.geteuid() { return .ownedByAnotherUser }
        if s.st_mode & 0o022 != 0 { return .writableByOthers(mode: UInt32(s.st_mode & 0o7777)) }
        return nil
    }

    /// Opens the folder of `path` one component at a time from `/` (or the working folder for a
    /// relative path) with O_PATH | O_NOFOLLOW, checking each; returns it and the last component.
    static func openFolder(of path: [UInt8]) throws(FifoError) -> (FileDescriptor, [CChar]) {
        let slash = UInt8(ascii: "/")
        let lastSlash = path.lastIndex(of: slash)
        let leaf = lastSlash.map { Array(path[($0 + 1)...]) } ?? path
        guard !leaf.isEmpty, leaf != [UInt8(ascii: ".")], leaf != [UInt8(ascii: "."), UInt8(ascii: ".")] else {
            throw .noName
        }
        let absolute = path.first == slash
        let start: [UInt8] = absolute ? [slash] : [UInt8(ascii: ".")]
        var current: FileDescriptor
        do {
            current = try FileDescriptor.open(
                String(decoding: start, as: UTF8.self), deepmouse_o_path() | O_DIRECTORY)
        } catch {
            throw .folderFailed(folder: start, error)
        }
        do {
            try checkFolder(current, named: start)
            var i = absolute ? 1 : 0
            let end = lastSlash ?? -1
            while i < end {
                var j = i
                while j < end && path[j] != slash { j += 1 }
                let component = Array(path[i..<j])
                let upTo = Array(path[0..<j])
                i = j + 1
                if component.isEmpty || component == [UInt8(ascii: ".")] { continue }
                let next = try openComponent(component, in: current, upTo: upTo)
                try? current.close()
                current = next
                try checkFolder(current, named: upTo)
            }
        } catch {
            try? current.close()
            throw error
        }
        return (current, leaf.map { CChar(bitPattern: $0) } + [0])
    }

    private static func openComponent(_ component: [UInt8], in folder: FileDescriptor, upTo: [UInt8]) throws(FifoError)
        -> FileDescriptor
    {
        let cName = component.map { CChar(bitPattern: $0) } + [0]
        do {
            return FileDescriptor(
                rawValue: try cName.withUnsafeBufferPointer { (p) throws(Errno) in
                    try Syscalls.openat(
                        folder.rawValue, p.baseAddress!, deepmouse_o_path() | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0)
                })
        } catch {
            if error == .noSuchFileOrDirectory { throw .folderMissing(folder: upTo) }
            if error.rawValue == ENOTDIR || error == .tooManySymbolicLinks {
                let s = try? cName.withUnsafeBufferPointer { (p) throws(Errno) in
                    try Syscalls.fstatat(folder.rawValue, p.baseAddress!, AT_SYMLINK_NOFOLLOW)
                }
                if let s, deepmouse_is_symlink(s.st_mode) != 0 { throw .folderIsSymbolicLink(folder: upTo) }
                throw .folderNotAFolder(folder: upTo)
            }
            throw .folderFailed(folder: upTo, error)
        }
    }

    /// A folder is safe when only root or we can change what it holds: owned by root or us, and
    /// not writable by group or others unless sticky (entries then belong to their owners).
    private static func checkFolder(_ fd: FileDescriptor, named: [UInt8]) throws(FifoError) {
        let s: stat
        do { s = try fd.status() } catch { throw .folderFailed(folder: named, error) }
        if deepmouse_is_symlink(s.st_mode) != 0 { throw .folderIsSymbolicLink(folder: named) }
        if deepmouse_is_directory(s.st_mode) == 0 { throw .folderNotAFolder(folder: named) }
        let trustedOwner = s.st_uid == 0 || s.st_uid == Syscalls.geteuid()
        let othersMayWrite = s.st_mode & 0o022 != 0 && s.st_mode & mode_t(S_ISVTX) == 0
        if !trustedOwner || othersMayWrite {
            throw .folderUnsafe(folder: named, owner: UInt32(s.st_uid), mode: UInt32(s.st_mode & 0o7777))
        }
    }

    /// Appends an octal mode with a leading zero ("0640").
    static func appendMode<Sink: ByteSink>(_ mode: UInt32, to sink: inout Sink) {
        sink.append("0")
        var digits = 0
        var m = mode
        while m > 0 || digits < 3 {
            m >>= 3
            digits += 1
        }
        while digits > 0 {
            digits -= 1
            sink.append(byte: UInt8(ascii: "0") + UInt8((mode >> (3 * UInt32(digits))) & 7))
        }
    }

    /// True while a reader is connected.
    public var isConnected: Bool { descriptor != nil }

    /// True once after a reader connected (the daemon then repeats the current state).
    public mutating func takeConnected() -> Bool {
        defer { justConnected = false }
        return justConnected
    }

    /// What happened to the FIFO since the last call (each change reported once), or nil.
    public mutating func takeNotice() -> FifoNotice? {
        defer { notice = nil }
        return notice
    }

    /// Tries to open the FIFO for writing if no reader is connected and the retry interval has
    /// passed (or `now` is before the last attempt: another clock).
    public mutating func reconnect(now: Int64) {
        guard descriptor == nil, now < lastAttempt || now - lastAttempt >= retryInterval else { return }
        connect(now: now)
    }

    /// Tries to open the FIFO now whatever the retry interval (a run that ends: a reader waiting
    /// in open(2) then gets the last lines and end of file instead of waiting forever). A FIFO
    /// removed since is created again; one replaced by something unsafe is refused (`takeNotice()`).
    public mutating func connect(now: Int64) {
        guard descriptor == nil else { return }
        lastAttempt = now
        let fd: FileDescriptor
        do {
            fd = FileDescriptor(
                rawValue: try name.withUnsafeBufferPointer { (p) throws(Errno) in
                    try Syscalls.openat(
                        folder.rawValue, p.baseAddress!, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0)
                })
        } catch {
            if error == .noDeviceOrAddress { return }  // no reader (yet)
            if error == .noSuchFileOrDirectory {
                do {
                    try create()
                    try applyPermissions()
                    notice = .recreated
                    lastRefusal = nil
                } catch let problem { refuse(problem) }
                return
            }
            refuse(error == .tooManySymbolicLinks ? .isSymbolicLink : .system(error))
            return
        }
        let s: stat
        do { s = try fd.status() } catch {
            try? fd.close()
            refuse(.system(error))
            return
        }
        if let problem = FifoSink.check(s) {
            try? fd.close()
            refuse(problem)
            return
        }
        let found = (UInt64(s.st_dev), UInt64(s.st_ino))
        if found != identity {
            identity = found
            notice = .replaced
        }
        lastRefusal = nil
        descriptor = fd
        justConnected = true
    }

    private mutating func refuse(_ problem: FifoError) {
        guard problem != lastRefusal else { return }
        lastRefusal = problem
        notice = .refused(problem)
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
        if descriptor == nil { reconnect(now: now) }
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

    /// Closes the FIFO and its folder (at exit).
    public mutating func close() {
        if let fd = descriptor { try? fd.close() }
        descriptor = nil
        if !closed { try? folder.close() }
        closed = true
    }
}
