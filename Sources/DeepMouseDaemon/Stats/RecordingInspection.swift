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

    /// Reads `path`. Throws when the file cannot be opened or has no usable description.
    public static func read(path: String, gapThreshold: Int64 = TimingStatistics.defaultGapThreshold)
        throws(EvemuFileReader.Failure) -> RecordingInspection
    {
        var file = try EvemuFileReader(path: path)
        defer { file.close() }
        var description = file.header.description
        var sibling = false
        if !file.header.hasDescription {
            guard let descPath = Replay.siblingDescription(of: path), let bytes = try? FileBytes.read(path: descPath)
            else {
                throw .parse(
                    EvemuError(
                        line: 1,
                        problem: .missingField("device description (N:/I:/B: lines or a .desc file next to it)")))
            }
            let header: EvemuParser.Header
            do { header = try EvemuParser.parseHeader(bytes.buffer) } catch { throw .parse(error) }
            guard header.hasDescription else {
                throw .parse(
                    EvemuError(
                        line: 1, problem: .missingField("device description (the .desc file next to it is empty)")))
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
        }
    }
}
