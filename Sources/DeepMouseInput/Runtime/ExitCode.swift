import CLinux

/// The daemon's exit statuses (sysexits.h values, so scripts can tell causes apart).
public enum ExitCode {
    public static let success: Int32 = 0
    /// Bad command line.
    public static let usage: Int32 = 64
    /// Bad input data: a malformed recording or model file.
    public static let dataError: Int32 = 65
    /// A file named on the command line does not exist or cannot be read.
    public static let noInput: Int32 = 66
    /// A system facility failed (poll, timerfd, signalfd).
    public static let osError: Int32 = 71
    /// Permission denied (the input group hint is printed).
    public static let noPermission: Int32 = 77
    /// The output could not be set up (FIFO refused).
    public static let cannotCreate: Int32 = 73
}

/// Ends the process with `status` (`exit(3)`: stdio flushed). Here so the daemon's `main` needs no
/// libc module of its own (DeepMouseInput is the one importer of the C library).
public func exitProcess(_ status: Int32) -> Never {
    exit(status)
}
