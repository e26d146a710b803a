import DeepMouseMotion
import TestSupport
import Testing

@Suite struct RecordingLabelsTests {
    @Test func labelsRoundTripThroughCommentLinesTheParserSkips() throws {
        var labels = RecordingLabels()
        labels[RecordingLabels.Key.hand] = Array("left".utf8)
        labels[RecordingLabels.Key.person] = Array("Ada\nLovelace".utf8)  // a line break must not end the comment
        labels[RecordingLabels.Key.hand] = Array("right".utf8)  // replaced, not repeated
        var file: [UInt8] = []
        RecordingLabels.writeHeader(TestDevices.mouse, labels: labels, to: &file)
        EvemuWriter.writeEvent(
            InputEvent(time: 12_500, type: EventType.rel, code: RelCode.x, value: 3), style: .unpadded, to: &file)
        EvemuWriter.writeEvent(
            InputEvent(time: 12_500, type: EventType.syn, code: SynCode.report, value: 0), style: .unpadded, to: &file)
        RecordingLabels.write(RecordingLabels.Key.end, value: Array("1 events".utf8), to: &file)
        let text = String(decoding: file, as: UTF8.self)
        #expect(
            text.hasPrefix(
                "# EVEMU 1.3\n# deepmouse-person: Ada Lovelace\n# deepmouse-hand: right\nN: DeepMouse Test Mouse\n"))
        #expect(text.hasSuffix("E: 0.12500 0002 0000 3\nE: 0.12500 0000 0000 0\n# deepmouse-end: 1 events\n"))

        let read = file.withUnsafeBytes { RecordingLabels.read($0) }
        #expect(read[RecordingLabels.Key.hand] == Array("right".utf8))
        #expect(read[RecordingLabels.Key.person] == Array("Ada Lovelace".utf8))
        #expect(read.isComplete)
        #expect(!labels.isComplete)
        // The parser still reads the description and the event.
        let stream = try EvemuMotion.stream(evemu: file)
        #expect(stream.device == TestDevices.mouse)
        #expect(stream.dxUnits == [3])
    }

    @Test func isoDatesAreUTC() {
        func iso(_ seconds: Int64) -> String {
            var out: [UInt8] = []
            out.append(iso8601UTC: seconds * 1_000_000 + 999_999)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(iso(0) == "1970-01-01T00:00:00Z")
        #expect(iso(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(iso(1_700_000_000) == "2023-11-14T22:13:20Z")
        #expect(iso(1_709_208_000) == "2024-02-29T12:00:00Z")
        #expect(iso(4_102_444_799) == "2099-12-31T23:59:59Z")
    }
}
