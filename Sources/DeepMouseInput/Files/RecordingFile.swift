import CLinux
import DeepMouseCore
import DeepMouseMotion

/// The evemu file a recording goes into, written so that nothing is lost and nothing half-done
/// is mistaken for a finished recording:
///
/// - it is written as `FILE.partial` and becomes `FILE` only when finished (fsync, rename,
///   fsync of the directory), so `FILE` always holds a complete recording;
/// - events go through one fixed 64 KiB buffer (bounded memory), written out whenever it is
///   three-quarters full and at least once a second with `fdatasync`, so a crash or a power cut
///   loses at most the last second and leaves a `.partial` file of whole lines that every evemu
///   reader accepts;
/// - when a write fails (disk full, I/O error) the file keeps every whole line that reached it
///   (the part of the buffer that fitted, cut at its last newline), is synced and kept, and the
///   error is reported with the time of the last event kept (`keptUntil`).
public struct RecordingFile {
    /// Why the file could not be created.
    public enum CreateError: Error {
        /// `FILE` exists (pass `force` to replace it).
        case exists
        /// `FILE.partial` exists: an interrupted recording that must not be overwritten.
        case partialExists
        /// open(2) failed.
        case open(Errno)
    }

    /// The finished recording's path, and the path written until then.
    public let path: String
    public let temporaryPath: String
    private let descriptor: FileDescriptor
    private var buffer: WriteBuffer
    /// Bytes on disk, always whole lines (what a failure cuts back to).
    public private(set) var writtenBytes = 0
    /// The time of the last event on disk as written (`time - origin`, microseconds), if any.
    public private(set) var keptUntil: Int64?
    /// The same for the events appended so far (in the buffer or on disk).
    private var appendedUntil: Int64?
    /// Monotonic time of the last `fdatasync`.
    public private(set) var lastSync: Int64
    private var closed = false

    /// The buffer size.
    public static let bufferBytes = 64 * 1024
    /// Room kept for one more line (an `E:` line is at most 45 bytes, a label line at most a few hundred).
    static let lineReserve = 1024

    /// Creates `path + ".partial"` (mode 0644, refusing to follow or replace anything there).
    public static func create(path: String, replacing: Bool, now: Int64) throws(CreateError) -> RecordingFile {
        if !replacing && FilePaths.exists(path) { throw .exists }
        let temporary = path + ".partial"
        if FilePaths.exists(temporary) { throw .partialExists }
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, permissions: 0o644)
        } catch {
            throw .open(error)
        }
        return RecordingFile(path: path, temporaryPath: temporary, descriptor: fd, now: now)
    }

    /// A recording file over an already open descriptor (tests: `/dev/full` is a disk that is always full).
    public init(path: String, temporaryPath: String, descriptor: FileDescriptor, now: Int64) {
        self.path = path
        self.temporaryPath = temporaryPath
        self.descriptor = descriptor
        buffer = WriteBuffer(capacity: RecordingFile.bufferBytes)
        lastSync = now
    }

    /// Appends text through `body` (a header, labels, an event line); writes the buffer out
    /// first when it is nearly full.
    public mutating func append(_ body: (inout WriteBuffer) -> Void) throws(Errno) {
        if buffer.count + RecordingFile.lineReserve > buffer.capacity * 3 / 4 { try writeOut() }
        body(&buffer)
    }

    /// Appends one event line (`time - origin`, microseconds without leading zeros).
    @inline(__always)
    public mutating func append(_ e: InputEvent, origin: Int64) throws(Errno) {
        try append { EvemuWriter.writeEvent(e, timeOrigin: origin, style: .unpadded, to: &$0) }
        appendedUntil = e.time - origin
    }

    /// Bytes waiting in the buffer.
    public var pendingBytes: Int { buffer.count }

    /// Writes the buffer out and `fdatasync`s: after this, a crash loses nothing appended so far.
    public mutating func synchronize(now: Int64) throws(Errno) {
        try writeOut()
        try descriptor.synchronizeData()
        lastSync = now
    }

    /// Writes the buffer. When a write fails after part of it reached the file (a disk that
    /// fills up), the file is cut at the last newline of that part: it keeps every whole line
    /// that fitted and never ends in half an event.
    private mutating func writeOut() throws(Errno) {
        guard buffer.count > 0 else { return }
        var done = 0
        let failure: Errno? = try buffer.withBytes { bytes in
            do throws(Errno) {
                while done < bytes.count {
                    done += try descriptor.write(UnsafeRawBufferPointer(rebasing: bytes[done...]))
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure {
            let whole: Int = try buffer.withBytes { bytes in
                var end = done
                while end > 0 && bytes[end - 1] != 0x0a { end -= 1 }
                if let t = RecordingFile.lastEventTime(in: UnsafeRawBufferPointer(rebasing: bytes[0..<end])) {
                    keptUntil = t
                }
                return end
            }
            try? descriptor.truncate(to: writtenBytes + whole)
            writtenBytes += whole
            buffer.removeAll()
            throw failure
        }
        writtenBytes += buffer.count
        buffer.removeAll()
        keptUntil = appendedUntil
    }

    /// The time of the last `E:` line among the whole lines of `bytes`, nil when there is none.
    static func lastEventTime(in bytes: UnsafeRawBufferPointer) -> Int64? {
        var end = bytes.count
        while end > 0 {
            var start = end - 1
            while start > 0 && bytes[start - 1] != 0x0a { start -= 1 }
            if end - start > 2 && bytes[start] == UInt8(ascii: "E") && bytes[start + 1] == UInt8(ascii: ":") {
                var reader = EvemuEventReader(
                    bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), offset: 0, line: 1)
                if let e = try? reader.next() { return e.time }
            }
            end = start
        }
        return nil
    }

    /// Finishes a complete recording: `trailer` (labels written after the last event), fsync,
    /// close, rename to `path`, fsync of the directory.
    public mutating func finish(trailer: (inout WriteBuffer) -> Void, now: Int64) throws(Errno) {
        try append(trailer)
        try synchronize(now: now)
        try descriptor.synchronize()
        try close()
        try FilePaths.rename(temporaryPath, to: path)
        try? FilePaths.synchronizeDirectory(of: path)
    }

    /// After a failed write: drops what is buffered, keeps the whole lines already on disk
    /// (synced), and renames the file to `path` so the part recorded is not lost. Returns the
    /// path that holds it (`temporaryPath` when even the rename failed).
    public mutating func keepAfterFailure() -> String {
        buffer.removeAll()
        try? descriptor.truncate(to: writtenBytes)
        try? descriptor.synchronize()
        try? close()
        do { try FilePaths.rename(temporaryPath, to: path) } catch { return temporaryPath }
        try? FilePaths.synchronizeDirectory(of: path)
        return path
    }

    private mutating func close() throws(Errno) {
        guard !closed else { return }
        closed = true
        buffer.deallocate()
        try descriptor.close()
    }
}

/// A fixed-capacity byte buffer (heap, allocated once) that text is formatted into.
public struct WriteBuffer: ByteSink {
    private var storage: UnsafeMutableRawBufferPointer
    public private(set) var count = 0
    /// True when an append did not fit (never expected: the file writes out before that).
    public private(set) var overflowed = false

    init(capacity: Int) { storage = .allocate(byteCount: capacity, alignment: 16) }

    public var capacity: Int { storage.count }

    @inline(__always)
    public mutating func append(byte: UInt8) {
        guard count < storage.count else {
            overflowed = true
            return
        }
        storage[count] = byte
        count += 1
    }

    mutating func removeAll() { count = 0 }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(Errno) -> R) throws(Errno) -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }

    mutating func deallocate() {
        storage.deallocate()
        storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        count = 0
    }
}
