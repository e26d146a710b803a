import CLinux
import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// One recording read back for its statistics: `deepmoused stats FILE`, and the recorder's
/// end-of-run report (computed from the file on disk, so it also proves the file reads back).
///
/// Events are streamed through `EvemuFileReader` (constant memory apart from 8 bytes per frame);
/// the labels come from the file's first 64 KiB and last 4 KiB. A parse error stops reading:
/// the statistics then cover the events before it and `failure` says where it is.
public struct RecordingInspection {
    public var path: String
    public var description: DeviceDescription
    /// True when the description came from `NAME.desc` next to a bare `NAME.events`.
    public var descriptionFromSibling: Bool
    public var labels: RecordingLabels
    public var statistics: TimingStatistics
    /// Why reading stopped before the end of the file, if it did.
    public var failure: EvemuFileReader.Failure?

    /// Why a recording could not be inspected, and the file at fault (`NAME.desc` when the
    /// description next to a bare `NAME.events` is).
    public struct ReadError: Error {
        public var file: String
        public var failure: EvemuFileReader.Failure

        /// "FILE: what".
        public func write<Sink: ByteSink>(to out: inout Sink) {
            out.append(terminalSafe: Array(file.utf8))
            out.append(": ")
            failure.write(to: &out)
        }
    }

    /// Reads `path`. Throws when the file cannot be opened or has no usable description.
    public static func read(path: String, gapThreshold: Int64 = TimingStatistics.defaultGapThreshold)
        throws(ReadError) -> RecordingInspection
    {
        var file: EvemuFileReader
        do { file = try EvemuFileReader(path: path) } catch { throw ReadError(file: path, failure: error) }
        defer { file.close() }
        var description = file.header.description
        var sibling = false
        if !file.header.hasDescription {
            guard let found = SiblingDescription.read(for: path) else {
                let missing = EvemuError(
                    line: 1, problem: .missingField("device description (N:/I:/B: lines or a .desc file next to it)"))
                throw ReadError(file: path, failure: .parse(missing))
            }
            let header: EvemuParser.Header
            switch found.result {
            case .failure(let failure): throw ReadError(file: found.path, failure: failure)
            case .success(let h): header = h
            }
            guard header.hasDescription else {
                let empty = EvemuError(line: 1, problem: .missingField("device description (the .desc file is empty)"))
                throw ReadError(file: found.path, failure: .parse(empty))
            }
            description = header.description
            sibling = true
        }
        var inspection = RecordingInspection(
            path: path, description: description, descriptionFromSibling: sibling,
            labels: labels(of: path),
            statistics: TimingStatistics(device: description, gapThreshold: gapThreshold))
        while true {
            let event: InputEvent?
            do { event = try file.next() } catch {
                inspection.failure = error
                break
            }
            guard let event else { break }
            inspection.statistics.add(event)
        }
        return inspection
    }

    /// The `# deepmouse-` labels in the head and the tail of the file.
    static func labels(of path: String) -> RecordingLabels {
        guard let fd = try? FileDescriptor.open(path, O_RDONLY) else { return RecordingLabels() }
        defer { try? fd.close() }
        let size = Int((try? fd.status().st_size) ?? 0)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { chunk.deallocate() }
        var labels = RecordingLabels()
        var offset = 0
        for part in 0..<2 {
            let want = part == 0 ? min(size, chunk.count) : min(4096, size - offset)
            guard want > 0 else { break }
            let start = part == 0 ? 0 : size - want
            var got = 0
            while got < want {
                guard
                    let n = try? fd.read(
                        into: UnsafeMutableRawBufferPointer(rebasing: chunk[got..<want]), at: start + got), n > 0
                else { break }
                got += n
            }
            // Whole lines only: the tail read may start inside a line.
            var from = 0
            if part == 1 { while from < got && chunk[from] != 0x0a { from += 1 } }
            labels.fields += RecordingLabels.read(UnsafeRawBufferPointer(rebasing: chunk[from..<got])).fields
            offset = got
        }
        return labels
    }

    /// Writes the report: file, device, labels, completeness, then the timing statistics.
    public func write<Sink: ByteSink>(to out: inout Sink) {
        RecordingReport.write(
            path: Array(path.utf8), description: description, descriptionFromSibling: descriptionFromSibling,
            labels: labels, statistics: statistics, to: &out)
    }
}

extension EvemuFileReader.Failure {
    /// "line N: ..." or the system error.
    public func write<Sink: ByteSink>(to out: inout Sink) {
        switch self {
        case .file(let e): e.write(to: &out)
        case .parse(let e): e.write(to: &out)
        case .lineTooLong(let line):
            out.append("line ")
            out.append(decimal: Int64(line))
            out.append(": longer than 1 MiB (not an evemu file?)")
        case .notAFile(let kind):
            out.append("is ")
            out.append(kind)
            out.append(", not a recording")
        case .emptyPipe:
            out.append("a FIFO or pipe that gave nothing (no writer): nothing to read")
        }
    }

    /// The exit status for this failure: 77 permission denied, 66 cannot be read, 65 bad data.
    public var exitCode: Int32 {
        switch self {
        case .file(let e): return ExitCode.forFile(e)
        case .notAFile, .emptyPipe: return ExitCode.noInput
        case .parse, .lineTooLong: return ExitCode.dataError
        }
    }
}
