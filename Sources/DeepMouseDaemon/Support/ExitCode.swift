import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

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

    /// A named file that could not be opened or read: 77 when permission was denied, else 66.
    public static func forFile(_ error: Errno) -> Int32 {
        error == .permissionDenied || error == .notPermitted ? noPermission : noInput
    }
}
