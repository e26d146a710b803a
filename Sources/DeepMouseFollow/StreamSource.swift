import Glibc

/// Where the stream comes from, and how its lines are read.
///
/// - `-` (standard input) and regular files are read to their end, once.
/// - A FIFO (`deepmoused --output fifo:PATH`) is opened for reading, which waits for a writer;
///   at end of file (the daemon stopped or restarted) it is opened again, so the follower keeps
///   following across daemon restarts; it ends only when killed.
public struct StreamSource {
    /// Why the stream cannot be read.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case missing(path: String)
        case notReadable(path: String, errno: Int32)
        case unsupportedType(path: String)

        public var description: String {
            switch self {
            case .missing(let path):
                return "\(path): no such file (start the daemon first: deepmoused --output fifo:\(path))"
            case .notReadable(let path, let e): return "\(path): \(String(cString: strerror(e)))"
            case .unsupportedType(let path): return "\(path): not a FIFO, a regular file or '-'"
            }
        }
    }

    /// The longest line kept (the daemon's are under 4096 bytes); longer ones are skipped.
    public static let maximumLineBytes = 65_536
    public let path: String
    public let isFIFO: Bool

    /// Checks `path` (`-` is standard input).
    public init(path: String) throws(Failure) {
        self.path = path
        guard path != "-" else {
            isFIFO = false
            return
        }
        var s = stat()
        guard stat(path, &s) == 0 else {
            if errno == ENOENT { throw .missing(path: path) }
            throw .notReadable(path: path, errno: errno)
        }
        switch s.st_mode & S_IFMT {
        case S_IFIFO: isFIFO = true
        case S_IFREG: isFIFO = false
        default: throw .unsupportedType(path: path)
        }
    }

    /// Calls `line` for every line (without its newline; a last line without one included), and
    /// `restarted` each time a FIFO's writer went away and a new one connected. Returns at the end
    /// of standard input or of a regular file; throws when a read fails.
    public func read(
        line: ([UInt8]) -> Void, restarted: () -> Void = {}, tooLong: (Int) -> Void = { _ in }
    ) throws(Failure) {
        var first = true
        repeat {
            let fd: Int32
            if path == "-" {
                fd = 0
            } else {
                var opened: Int32 = -1
                repeat { opened = open(path, O_RDONLY | O_CLOEXEC) } while opened < 0 && errno == EINTR
                guard opened >= 0 else { throw .notReadable(path: path, errno: errno) }
                fd = opened
            }
            if !first { restarted() }
            first = false
            defer { if fd != 0 { close(fd) } }
            try readLines(fd, line: line, tooLong: tooLong)
        } while isFIFO
    }

    private func readLines(_ fd: Int32, line: ([UInt8]) -> Void, tooLong: (Int) -> Void) throws(Failure) {
        var pending: [UInt8] = []
        var skipping = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .notReadable(path: path == "-" ? "standard input" : path, errno: errno)
            }
            if n == 0 { break }
            var start = 0
            for i in 0..<n where buffer[i] == 0x0a {
                if !skipping { pending.append(contentsOf: buffer[start..<i]) }
                if !skipping {
                    if pending.count <= StreamSource.maximumLineBytes { line(pending) } else { tooLong(pending.count) }
                }
                skipping = false
                pending.removeAll(keepingCapacity: true)
                start = i + 1
            }
            if !skipping { pending.append(contentsOf: buffer[start..<n]) }
            if pending.count > StreamSource.maximumLineBytes && !skipping {
                tooLong(pending.count)
                skipping = true
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !skipping && !pending.isEmpty { line(pending) }
    }
}
