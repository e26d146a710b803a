import CLinux
import DeepMouseCore
import DeepMouseMotion

/// A POSIX error number, thrown (typed) by every system call wrapper.
public struct Errno: Error, Equatable, Sendable, RawRepresentable {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let interrupted = Errno(rawValue: EINTR)
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    public static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)
    public static let noSuchDevice = Errno(rawValue: ENODEV)
    public static let noDeviceOrAddress = Errno(rawValue: ENXIO)
    public static let permissionDenied = Errno(rawValue: EACCES)
    public static let notPermitted = Errno(rawValue: EPERM)
    public static let brokenPipe = Errno(rawValue: EPIPE)
    public static let tooManySymbolicLinks = Errno(rawValue: ELOOP)
    public static let fileExists = Errno(rawValue: EEXIST)
    public static let badFileDescriptor = Errno(rawValue: EBADF)
    public static let invalidArgument = Errno(rawValue: EINVAL)
    public static let ioError = Errno(rawValue: EIO)
    public static let notSupported = Errno(rawValue: ENOTSUP)
    public static let inappropriateIoctl = Errno(rawValue: ENOTTY)

    /// The current thread's `errno`.
    public static var current: Errno { Errno(rawValue: deepmouse_errno()) }

    /// Appends the C library's message for this error (`strerror`).
    public func write<Sink: ByteSink>(to sink: inout Sink) {
        if let message = strerror(rawValue) {
            var p = UnsafeRawPointer(message).assumingMemoryBound(to: UInt8.self)
            while p.pointee != 0 {
                sink.append(byte: p.pointee)
                p += 1
            }
        } else {
            sink.append("error ")
            sink.append(decimal: Int64(rawValue))
        }
    }
}
