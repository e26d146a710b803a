import CLinux

extension FileDescriptor {
    /// `fsync(2)`: data and metadata on the device.
    public func synchronize() throws(Errno) { try Syscalls.fsync(rawValue) }

    /// `fdatasync(2)`: the data (and the size) on the device.
    public func synchronizeData() throws(Errno) { try Syscalls.fdatasync(rawValue) }

    /// `ftruncate(2)`.
    public func truncate(to length: Int) throws(Errno) { try Syscalls.ftruncate(rawValue, length) }
}

/// Path operations for files that must survive a crash: existence, atomic replacement, and
/// making a rename durable by syncing the directory that holds it.
public enum FilePaths {
    /// True when something (file, link, FIFO...) exists at `path` (`lstat(2)`).
    public static func exists(_ path: String) -> Bool {
        (try? withCPath(path) { (p) throws(Errno) in try Syscalls.lstat(p) }) != nil
    }

    /// `exists(_:)` for a path given as bytes.
    public static func exists(_ path: [UInt8]) -> Bool {
        let terminated = path + [0]
        return terminated.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { p in (try? Syscalls.lstat(p.baseAddress!)) != nil }
        }
    }

    /// `rename(2)`: atomically replaces `destination`.
    public static func rename(_ source: String, to destination: String) throws(Errno) {
        try withCPath(source) { (s) throws(Errno) in
            try withCPath(destination) { (d) throws(Errno) in try Syscalls.rename(s, d) }
        }
    }

    /// The directory part of `path` (`.` for a bare name).
    public static func directory(of path: String) -> String {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == 0 ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
    }

    /// The last component of `path`.
    public static func name(of path: String) -> String {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(decoding: bytes[(slash + 1)...], as: UTF8.self)
    }

    /// The canonical absolute path (`realpath(3)`), or nil when it does not resolve.
    public static func canonical(_ path: String) -> String? {
        let r: [UInt8]?? = try? withCPath(path) { (p) throws(Errno) in Syscalls.realpath(p) }
        guard let resolved = r ?? nil else { return nil }
        return String(decoding: resolved, as: UTF8.self)
    }

    /// fsyncs the directory holding `path`, so that a rename into it survives a power cut.
    public static func synchronizeDirectory(of path: String) throws(Errno) {
        let fd = try FileDescriptor.open(directory(of: path), O_RDONLY | O_DIRECTORY)
        defer { try? fd.close() }
        try fd.synchronize()
    }
}

extension FileDescriptor {
    /// `pread(2)`: reads at `offset` without moving the file position; returns the bytes read.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(Errno) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        return try Syscalls.pread(rawValue, base, buffer.count, offset)
    }
}
