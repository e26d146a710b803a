import CLinux
import DeepMouseMotion

/// Reads an evemu file in fixed chunks of whole lines, so replaying a recording of any length
/// needs a constant amount of memory (the header must fit in the first chunk).
public struct EvemuFileReader {
    /// Why reading stopped early.
    public enum Failure: Error {
        case file(Errno)
        case parse(EvemuError)
        /// A line longer than the chunk (not an evemu file?).
        case lineTooLong(line: Int)
        /// The path is not a file that ends: a folder, a device (/dev/zero...), a socket.
        case notAFile(kind: StaticString)
        /// A FIFO or pipe that gave nothing (no writer).
        case emptyPipe
    }

    public static let chunkBytes = 1 << 20

    private let descriptor: FileDescriptor
    private let storage: UnsafeMutableRawBufferPointer
    private var filled: Int  // bytes in storage
    private var usable: Int  // bytes up to and including the last newline
    private var atEnd: Bool
    private var reader: EvemuEventReader
    /// The parsed header of the file.
    public let header: EvemuParser.Header

    /// Opens `path` and parses its header. The open cannot block: a FIFO is opened without
    /// waiting for a writer (none: `emptyPipe`), and what is not a regular file, FIFO or pipe is
    /// refused before reading (`notAFile`).
    public init(path: String) throws(Failure) {
        do { descriptor = try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK) } catch { throw .file(error) }
        let s: stat
        do {
            s = try descriptor.status()
            try descriptor.setNonBlocking(false)  // reads wait for a pipe's writer, once connected
        } catch {
            try? descriptor.close()
            throw .file(error)
        }
        let isPipe = deepmouse_is_fifo(s.st_mode) != 0
        if deepmouse_is_regular(s.st_mode) == 0 && !isPipe {
            try? descriptor.close()
            throw .notAFile(kind: EvemuFileReader.kind(of: s.st_mode))
        }
        storage = .allocate(byteCount: EvemuFileReader.chunkBytes, alignment: 16)
        (filled, usable, atEnd) = try EvemuFileReader.fill(storage, from: descriptor, filled: 0)
        if isPipe && filled == 0 { throw .emptyPipe }
        do {
            header = try EvemuParser.parseHeader(UnsafeRawBufferPointer(rebasing: storage[0..<usable]))
        } catch { throw .parse(error) }
        reader = EvemuEventReader(bytes: UnsafeRawBufferPointer(rebasing: storage[0..<usable]), header: header)
    }

    /// What a path that is neither a regular file nor a FIFO is.
    static func kind(of mode: mode_t) -> StaticString {
        if deepmouse_is_directory(mode) != 0 { return "a folder" }
        if deepmouse_is_char_device(mode) != 0 { return "a character device (such as /dev/zero, which never ends)" }
        return "not a regular file (a socket or a block device)"
    }

    /// The 1-based line of the event `next()` returned last.
    public var lineOfLastEvent: Int { reader.line - 1 }

    /// The next event, or nil at the end of the file.
    public mutating func next() throws(Failure) -> InputEvent? {
        while true {
            do {
                if let e = try reader.next() { return e }
            } catch { throw .parse(error) }
            if atEnd && usable == filled { return nil }
            let line = reader.line
            // Keep the partial last line, read more after it.
            let rest = filled - usable
            if rest > 0 { storage.baseAddress!.copyMemory(from: storage.baseAddress! + usable, byteCount: rest) }
            filled = rest
            usable = 0
            (filled, usable, atEnd) = try EvemuFileReader.fill(storage, from: descriptor, filled: filled)
            if usable == 0 && !atEnd { throw .lineTooLong(line: line) }
            reader = EvemuEventReader(
                bytes: UnsafeRawBufferPointer(rebasing: storage[0..<usable]), offset: 0, line: line)
        }
    }

    /// Fills `storage` after its first `filled` bytes; returns the bytes held, the end of the last
    /// complete line (all of them at end of file) and whether the file is exhausted.
    private static func fill(
        _ storage: UnsafeMutableRawBufferPointer, from fd: FileDescriptor,
        filled start: Int
    ) throws(Failure) -> (Int, Int, Bool) {
        var filled = start
        var atEnd = false
        while filled < storage.count && !atEnd {
            let n: Int
            do { n = try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[filled...])) } catch {
                throw .file(error)
            }
            if n == 0 { atEnd = true } else { filled += n }
        }
        if atEnd { return (filled, filled, true) }
        var i = filled
        while i > 0 && storage[i - 1] != 0x0a { i -= 1 }
        return (filled, i, false)
    }

    public func close() {
        try? descriptor.close()
        storage.deallocate()
    }
}
