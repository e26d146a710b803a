import CLinux
import DeepMouseCore

/// A whole file read into memory once (the model; a replayed recording). Never freed before
/// exit: the model's `ModelFile` view and the replay reader point into it.
public struct FileBytes {
    public let buffer: UnsafeRawBufferPointer

    /// Reads `path` completely. The open cannot block (O_NONBLOCK: a FIFO without a writer reads
    /// as empty); a folder is EISDIR.
    public static func read(path: String, limit: Int = 1 << 30) throws(Errno) -> FileBytes {
        let fd = try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK)
        defer { try? fd.close() }
        let size = Int(try fd.status().st_size)
        guard size <= limit else { throw Errno(rawValue: EFBIG) }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
        var done = 0
        while done < size {
            let n = try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[done..<size]))
            if n == 0 { break }
            done += n
        }
        return FileBytes(buffer: UnsafeRawBufferPointer(rebasing: storage[0..<done]))
    }

    private init(buffer: UnsafeRawBufferPointer) { self.buffer = buffer }
}
