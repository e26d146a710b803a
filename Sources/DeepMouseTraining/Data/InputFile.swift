import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a whole input file (a recording, a description, a manifest, a model) and says truly what
/// is wrong when it cannot: no such file, permission denied, a folder, or something that is not a
/// regular file (a FIFO or a device such as /dev/zero: refused before reading, since reading one
/// can wait forever or never end), never Foundation's generic "permission" or "error 256" text.
public enum InputFile {
    /// The bytes of `url`; errors name the file (`DataError.missing`, `.permissionDenied`,
    /// `.notAFile`, `.unreadable`).
    public static func read(_ url: URL) throws(DataError) -> Data {
        let path = url.path
        var s = stat()
        guard stat(path, &s) == 0 else { throw failure(path, errno) }
        if let kind = kind(of: s.st_mode) { throw .notAFile(file: path, kind: kind) }
        // O_NONBLOCK: a file swapped for a FIFO since stat(2) still cannot make open(2) wait.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw failure(path, errno) }
        defer { close(fd) }
        guard fstat(fd, &s) == 0 else { throw failure(path, errno) }
        if let kind = kind(of: s.st_mode) { throw .notAFile(file: path, kind: kind) }
        var data = Data(count: Int(s.st_size))
        var done = 0
        while true {
            if done == data.count { data.count += max(4096, data.count / 2) }  // the file grew
            let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            if n == 0 { break }
            done += n
        }
        data.count = done
        return data
    }

    /// Checks that `url` is a regular file that may be opened for reading, without reading it
    /// (the same errors as `read`).
    public static func check(_ url: URL) throws(DataError) {
        var s = stat()
        guard stat(url.path, &s) == 0 else { throw failure(url.path, errno) }
        if let kind = kind(of: s.st_mode) { throw .notAFile(file: url.path, kind: kind) }
        let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw failure(url.path, errno) }
        close(fd)
    }

    /// Nil for a regular file, else what the path is.
    static func kind(of mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (reading one can wait forever for a writer)"
        case S_IFCHR: return "a character device (such as /dev/zero or /dev/urandom, which never end)"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    static func failure(_ path: String, _ code: Int32) -> DataError {
        switch code {
        case ENOENT: return .missing(file: path)
        case EACCES, EPERM: return .permissionDenied(file: path)
        default: return .unreadable(file: path, reason: String(cString: strerror(code)))
        }
    }
}
