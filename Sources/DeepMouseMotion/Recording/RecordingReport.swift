import DeepMouseCore

/// The text `stats` prints for one recording, shared by `deepmoused stats` (streamed from the
/// file, no Foundation) and `deepmouse dataset stats`: the file, the device and how motion is
/// read from it, the labels and whether the recording was finished, then `TimingReport`.
public enum RecordingReport {
    public static func write<Sink: ByteSink>(
        path: [UInt8], description: DeviceDescription, descriptionFromSibling: Bool,
        labels: RecordingLabels, statistics: TimingStatistics, to out: inout Sink
    ) {
        out.append("recording     ")
        out.append(contentsOf: path)
        out.append("\ndevice        \"")
        out.append(contentsOf: description.nameBytes)
        out.append("\" (")
        out.append(description.kind.label)
        switch statistics.source {
        case .multitouch(let slots):
            out.append(", multitouch, ")
            out.append(decimal: Int64(slots))
            out.append(" slots")
        case .singleTouch: out.append(", single touch")
        case .relative: out.append(", relative motion")
        }
        if statistics.source != .relative, let scale = description.touchScale {
            out.append(", ")
            out.append(decimal: Int64(scale.x.unitsPerMillimetre))
            out.append(" x ")
            out.append(decimal: Int64(scale.y.unitsPerMillimetre))
            out.append(scale.x.isFallback || scale.y.isFallback ? " units/mm, guessed: no resolution" : " units/mm")
        }
        if descriptionFromSibling { out.append("; description from the .desc file") }
        out.append(")\n")
        var shown = 0
        for f in labels.fields
        where f.key != staticBytes(RecordingLabels.Key.end) && f.key != staticBytes(RecordingLabels.Key.timestamps) {
            out.append(shown == 0 ? "labels        " : ", ")
            out.append(contentsOf: f.key)
            out.append(" ")
            out.append(contentsOf: f.value)
            shown += 1
        }
        if shown > 0 {
            out.append("\nstate         ")
            out.append(
                labels.isComplete
                    ? "complete\n"
                    : "interrupted: no end label (the recorder did not finish it; every whole line is usable)\n")
        }
        TimingReport.write(statistics.summary(), origin: statistics.firstTime ?? 0, to: &out)
    }
}

extension TimingStatistics {
    /// The statistics of a whole recording in memory (the workstation's `stats`; the board
    /// streams files through `EvemuFileReader` instead). `descriptionBytes` describes a bare
    /// `.events` file. A parse error after the header stops reading: `failure` names its line
    /// and the statistics cover the lines before it.
    public static func of(
        evemu bytes: [UInt8], descriptionBytes: [UInt8]? = nil,
        gapThreshold: Int64 = defaultGapThreshold
    ) throws(EvemuFileError) -> (
        statistics: TimingStatistics, description: DeviceDescription, labels: RecordingLabels, failure: EvemuError?
    ) {
        let header: EvemuParser.Header
        switch EvemuMotion.parseHeader(bytes) {
        case .success(let h): header = h
        case .failure(let error): throw EvemuFileError(part: .events, error: error)
        }
        var device = header.description
        if !header.hasDescription {
            guard let descriptionBytes else {
                throw EvemuFileError(
                    part: .events,
                    error: EvemuError(
                        line: 1, problem: .missingField("device description (N:/I:/B: lines or a .desc file)")))
            }
            switch EvemuMotion.parseHeader(descriptionBytes) {
            case .success(let h): device = h.description
            case .failure(let error): throw EvemuFileError(part: .description, error: error)
            }
        }
        var statistics = TimingStatistics(device: device, gapThreshold: gapThreshold)
        let (labels, failure): (RecordingLabels, EvemuError?) = bytes.withUnsafeBytes { raw in
            var reader = EvemuEventReader(bytes: raw, header: header)
            var failure: EvemuError?
            do throws(EvemuError) {
                while let e = try reader.next() { statistics.add(e) }
            } catch { failure = error }
            return (RecordingLabels.read(raw), failure)
        }
        return (statistics, device, labels, failure)
    }
}
