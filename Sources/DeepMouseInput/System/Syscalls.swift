// The only file of DeepMouseInput that calls libc. Each wrapper makes one system call, retries
// it on EINTR, and turns -1 into a typed `Errno`.
import CLinux

/// Runs `call` until it does not fail with EINTR; -1 becomes the thrown `errno`.
@inline(__always)
func retryingOnInterrupt<T: FixedWidthInteger>(_ call: () -> T) throws(Errno) -> T {
    while true {
        let r = call()
        if r != -1 { return r }
        let e = Errno.current
        if e != .interrupted { throw e }
    }
}

enum Syscalls {
    static func open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) throws(Errno) -> Int32 {
        try retryingOnInterrupt { deepmouse_open(path, flags, mode) }
    }

    /// close(2) is not retried on EINTR: on Linux the descriptor is released anyway.
    static func close(_ fd: Int32) throws(Errno) {
        if CLinux.close(fd) == -1 {
            let e = Errno.current
            if e != .interrupted { throw e }
        }
    }

    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) throws(Errno) -> Int {
        try retryingOnInterrupt { CLinux.read(fd, buffer, count) }
    }

    static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) throws(Errno) -> Int {
        try retryingOnInterrupt { CLinux.write(fd, buffer, count) }
    }

    static func poll(_ fds: UnsafeMutablePointer<pollfd>, _ count: Int, _ timeout: Int32) throws(Errno) -> Int32 {
        try retryingOnInterrupt { CLinux.poll(fds, nfds_t(count), timeout) }
    }

    static func fcntl(_ fd: Int32, _ command: Int32, _ argument: Int32) throws(Errno) -> Int32 {
        try retryingOnInterrupt { deepmouse_fcntl(fd, command, argument) }
    }

    static func fstat(_ fd: Int32) throws(Errno) -> stat {
        var s = stat()
        _ = try retryingOnInterrupt { CLinux.fstat(fd, &s) }
        return s
    }

    /// stat(2): following symbolic links.
    static func statFollowing(_ path: UnsafePointer<CChar>) throws(Errno) -> stat {
        var s = stat()
        _ = try retryingOnInterrupt { CLinux.fstatat(AT_FDCWD, path, &s, 0) }
        return s
    }

    static func lstat(_ path: UnsafePointer<CChar>) throws(Errno) -> stat {
        var s = stat()
        _ = try retryingOnInterrupt { CLinux.lstat(path, &s) }
        return s
    }

    static func mkfifo(_ path: UnsafePointer<CChar>, _ mode: mode_t) throws(Errno) {
        _ = try retryingOnInterrupt { CLinux.mkfifo(path, mode) }
    }

    // Relative to a folder descriptor (the FIFO, opened under a folder checked once).
    static func openat(_ folder: Int32, _ name: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) throws(Errno)
        -> Int32
    {
        try retryingOnInterrupt { deepmouse_openat(folder, name, flags, mode) }
    }

    static func fstatat(_ folder: Int32, _ name: UnsafePointer<CChar>, _ flags: Int32) throws(Errno) -> stat {
        var s = stat()
        _ = try retryingOnInterrupt { CLinux.fstatat(folder, name, &s, flags) }
        return s
    }

    static func mkfifoat(_ folder: Int32, _ name: UnsafePointer<CChar>, _ mode: mode_t) throws(Errno) {
        _ = try retryingOnInterrupt { CLinux.mkfifoat(folder, name, mode) }
    }

    static func fchown(_ fd: Int32, _ user: uid_t, _ group: gid_t) throws(Errno) {
        _ = try retryingOnInterrupt { CLinux.fchown(fd, user, group) }
    }

    /// getgrnam(3): the group's id, or nil when there is no such group.
    static func groupID(named name: UnsafePointer<CChar>) -> gid_t? {
        guard let g = CLinux.getgrnam(name) else { return nil }
        return g.pointee.gr_gid
    }

    static func fchmod(_ fd: Int32, _ mode: mode_t) throws(Errno) {
        _ = try retryingOnInterrupt { CLinux.fchmod(fd, mode) }
    }

    static func geteuid() -> uid_t { CLinux.geteuid() }

    static func isatty(_ fd: Int32) -> Bool { CLinux.isatty(fd) == 1 }

    /// pipe(2): (read end, write end). (pipe2 needs _GNU_SOURCE, which the shim does not set.)
    static func pipe() throws(Errno) -> (Int32, Int32) {
        var ends: (Int32, Int32) = (-1, -1)
        _ = try withUnsafeMutableBytes(of: &ends) { (raw) throws(Errno) in
            try retryingOnInterrupt { CLinux.pipe(raw.baseAddress!.assumingMemoryBound(to: Int32.self)) }
        }
        return ends
    }

    static func clockGettime(_ clock: clockid_t) -> timespec {
        var ts = timespec()
        _ = CLinux.clock_gettime(clock, &ts)  // cannot fail for the clocks we use
        return ts
    }

    static func timerfdCreate(_ clock: clockid_t, _ flags: Int32) throws(Errno) -> Int32 {
        try retryingOnInterrupt { CLinux.timerfd_create(clock, flags) }
    }

    static func timerfdSettime(_ fd: Int32, _ flags: Int32, _ value: inout itimerspec) throws(Errno) {
        _ = try retryingOnInterrupt { CLinux.timerfd_settime(fd, flags, &value, nil) }
    }

    static func signalfd(_ fd: Int32, _ mask: inout sigset_t, _ flags: Int32) throws(Errno) -> Int32 {
        try retryingOnInterrupt { CLinux.signalfd(fd, &mask, flags) }
    }

    static func blockSignals(_ mask: inout sigset_t) throws(Errno) {
        let r = CLinux.sigprocmask(SIG_BLOCK, &mask, nil)
        if r != 0 { throw Errno(rawValue: r == -1 ? deepmouse_errno() : r) }
    }

    static func ignoreSIGPIPE() { _ = deepmouse_ignore_signal(SIGPIPE) }

    static func unlink(_ path: UnsafePointer<CChar>) throws(Errno) {
        _ = try retryingOnInterrupt { CLinux.unlink(path) }
    }

    // Durable files (the recorder): flush to the device, cut back to a length, replace atomically.
    static func fsync(_ fd: Int32) throws(Errno) {
        _ = try retryingOnInterrupt { CLinux.fsync(fd) }
    }

    static func fdatasync(_ fd: Int32) throws(Errno) {
        _ = try retryingOnInterrupt { CLinux.fdatasync(fd) }
    }

    static func ftruncate(_ fd: Int32, _ length: Int) throws(Errno) {
        _ = try retryingOnInterrupt { CLinux.ftruncate(fd, off_t(length)) }
    }

    static func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) throws(Errno) -> Int
    {
        try retryingOnInterrupt { CLinux.pread(fd, buffer, count, off_t(offset)) }
    }

    static func rename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) throws(Errno) {
        _ = try retryingOnInterrupt { CLinux.rename(from, to) }
    }

    /// realpath(3) into a fresh buffer; nil when the path does not resolve.
    static func realpath(_ path: UnsafePointer<CChar>) -> [UInt8]? {
        guard let resolved = CLinux.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        var out: [UInt8] = []
        var p = UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self)
        while p.pointee != 0 {
            out.append(p.pointee)
            p += 1
        }
        return out
    }
}

/// `String.withCString` with a typed error (the standard one rethrows `any Error`).
@inline(__always)
func withCPath<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws(Errno) -> T) throws(Errno) -> T {
    let result: Result<T, Errno> = path.withCString { p in
        do throws(Errno) { return .success(try body(p)) } catch { return .failure(error) }
    }
    return try result.get()
}
