import CLinux

/// An open file descriptor (a raw `Int32`), with the few operations the daemon needs.
///
/// Like swift-system's `FileDescriptor`: a value, not an owner; whoever opened it closes it.
public struct FileDescriptor: RawRepresentable, Equatable, Sendable {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)

    /// `open(2)` with O_CLOEXEC added.
    public static func open(_ path: String, _ flags: Int32, permissions: mode_t = 0) throws(Errno) -> FileDescriptor {
        FileDescriptor(
            rawValue: try withCPath(path) { (p) throws(Errno) in try Syscalls.open(p, flags | O_CLOEXEC, permissions) })
    }

    /// `pipe(2)`, both ends close-on-exec and non-blocking: the read end and the write end.
    public static func nonBlockingPipe() throws(Errno) -> (read: FileDescriptor, write: FileDescriptor) {
        let (r, w) = try Syscalls.pipe()
        let ends = (read: FileDescriptor(rawValue: r), write: FileDescriptor(rawValue: w))
        do throws(Errno) {
            for end in [ends.read, ends.write] {
                _ = try Syscalls.fcntl(end.rawValue, F_SETFD, FD_CLOEXEC)
                try end.setNonBlocking(true)
            }
        } catch {
            try? ends.read.close()
            try? ends.write.close()
            throw error
        }
        return ends
    }

    /// `close(2)`.
    public func close() throws(Errno) { try Syscalls.close(rawValue) }

    /// `read(2)` into `buffer`; returns the bytes read (0 at end of file).
    @inline(__always)
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try Syscalls.read(rawValue, buffer.baseAddress!, buffer.count)
    }

    /// `write(2)` from `buffer`; returns the bytes written.
    @inline(__always)
    public func write(_ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        return try Syscalls.write(rawValue, base, buffer.count)
    }

    /// Writes all of `buffer`, looping over short writes (blocking descriptors only).
    public func writeAll(_ buffer: UnsafeRawBufferPointer) throws(Errno) {
        var done = 0
        while done < buffer.count {
            done += try write(UnsafeRawBufferPointer(rebasing: buffer[done...]))
        }
    }

    /// Sets or clears O_NONBLOCK (`fcntl(F_SETFL)`).
    public func setNonBlocking(_ on: Bool) throws(Errno) {
        let flags = try Syscalls.fcntl(rawValue, F_GETFL, 0)
        _ = try Syscalls.fcntl(rawValue, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK)
    }

    /// `fstat(2)`.
    public func status() throws(Errno) -> stat { try Syscalls.fstat(rawValue) }

    /// True when the descriptor is a terminal.
    public var isTerminal: Bool { Syscalls.isatty(rawValue) }
}
