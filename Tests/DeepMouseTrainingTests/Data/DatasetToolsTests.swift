import DeepMouseMotion
import Foundation
import TestSupport
import Testing

@testable import DeepMouseTraining

/// Manifests written and validated, and conversions that read back exactly.
@Suite struct DatasetToolsTests {
    /// An evemu touchpad recording (labelled like the recorder's) of a two-touch stroke.
    static func touchpadRecording(hand: String, touches: Int = 2, end: Bool = true) -> [UInt8] {
        var pad = LegacyConversion.replayPad
        pad.name = "Test pad"
        var labels = RecordingLabels()
        labels[RecordingLabels.Key.hand] = Array(hand.utf8)
        labels[RecordingLabels.Key.kind] = Array("touchpad (udev)".utf8)
        var out: [UInt8] = []
        RecordingLabels.writeHeader(pad, labels: labels, to: &out)
        var t: Int64 = 3_000_000
        func ev(_ type: UInt16, _ code: UInt16, _ v: Int32) {
            EvemuWriter.writeEvent(InputEvent(time: t, type: type, code: code, value: v), style: .unpadded, to: &out)
        }
        var x: Int32 = 5000
        for touch in 0..<touches {
            ev(3, AbsCode.mtSlot, 0)
            ev(3, AbsCode.mtTrackingID, Int32(touch))
            ev(3, AbsCode.mtPositionX, x)
            ev(3, AbsCode.mtPositionY, 5000)
            ev(1, KeyCode.btnTouch, 1)
            ev(1, KeyCode.btnToolFinger, 1)
            ev(0, 0, 0)
            for i in 1...300 {
                t += 7_000 + Int64(i % 5) * 1_000
                x += Int32(i % 11) - 4
                ev(3, AbsCode.mtPositionX, x)
                ev(3, AbsCode.mtPositionY, 5000 + Int32(i % 13))
                ev(0, 0, 0)
            }
            t += 10_000
            ev(3, AbsCode.mtTrackingID, -1)
            ev(1, KeyCode.btnTouch, 0)
            ev(1, KeyCode.btnToolFinger, 0)
            ev(0, 0, 0)
            t += 400_000
        }
        if end { RecordingLabels.write(RecordingLabels.Key.end, value: Array("done".utf8), to: &out) }
        return out
    }

    @Test func writtenManifestLinesReadBackWithTheirMetadata() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let left = dir.appendingPathComponent("sub/left-1.events")
        try FileManager.default.createDirectory(at: left.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(Self.touchpadRecording(hand: "left")).write(to: left)
        let manifest = dir.appendingPathComponent("data.jsonl")
        #expect(Manifest.recordingPath(left, relativeTo: manifest) == "sub/left-1.events")
        #expect(
            Manifest.recordingPath(URL(fileURLWithPath: "/elsewhere/x.events"), relativeTo: manifest)
                == "/elsewhere/x.events")
        let line = Manifest.line(
            recording: "sub/left-1.events", hand: .left,
            metadata: RecordingMetadata(
                device: "touchpad", person: "Zoë \"Z\"", notes: "a/b", role: .train, session: "1"))
        #expect(
            line
                == #"{"recording":"sub/left-1.events","hand":"left","device":"touchpad","person":"Zoë \"Z\"","session":"1","role":"train","notes":"a/b"}"#
        )
        try Data((line + "\n").utf8).write(to: manifest)
        let entries = try Manifest.entries(manifest)
        #expect(entries.count == 1)
        #expect(entries[0].hand == .left)
        #expect(
            entries[0].metadata
                == RecordingMetadata(device: "touchpad", person: "Zoë \"Z\"", notes: "a/b", role: .train, session: "1"))
        #expect(entries[0].url.path == left.standardizedFileURL.path)
    }

    @Test func validationListsEveryProblemWithItsLine() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.touchpadRecording(hand: "left")).write(to: dir.appendingPathComponent("a.events"))
        try Data(Self.touchpadRecording(hand: "left")).write(to: dir.appendingPathComponent("copy.events"))
        try Data(Self.touchpadRecording(hand: "right", touches: 1, end: false)).write(
            to: dir.appendingPathComponent("b.events"))
        let manifest = Fixtures.write(
            """
            {"recording":"a.events","hand":"left"}
            {"recording":"b.events","hand":"left"}
            not json
            {"recording":"missing.events","hand":"right"}
            {"recording":"copy.events","hand":"left"}
            {"recording":"a.events","hand":"left","colour":"red"}

            """, to: dir, name: "m.jsonl")
        let v = DatasetValidation.run(manifest: manifest, window: 400)
        #expect(!v.isValid)
        let errors = v.errors.joined(separator: "\n")
        #expect(errors.contains("m.jsonl:2 field 'hand': the manifest says left but b.events was recorded as right"))
        #expect(errors.contains("m.jsonl:3: not a JSON object"))
        #expect(errors.contains("m.jsonl:4: field 'recording' file not found"))
        #expect(errors.contains("m.jsonl:5: copy.events has the same content as line 1 (a.events)"))
        #expect(errors.contains("m.jsonl:6: field 'colour' unknown field"))
        #expect(errors.contains("no right-hand recording"))
        #expect(v.warnings.contains { $0.contains("m.jsonl:2: b.events has no end label") })
        #expect(v.warnings.contains { $0.contains("fewer than one 400-sample window") })
        #expect(v.report.contains("WRONG"))
        #expect(v.report.hasSuffix("invalid: 6 error(s)\n"))

        let good = Fixtures.write(
            """
            {"recording":"a.events","hand":"left"}
            {"recording":"b.events","hand":"right"}
            """, to: dir, name: "good.jsonl")
        let ok = DatasetValidation.run(manifest: good, window: 100)
        #expect(ok.isValid, "\(ok.errors)")
        #expect(ok.rows.map(\.unit) == [.mm, .mm])
        #expect(ok.rows.allSatisfy { $0.labelledHand == $0.hand })
    }

    /// An evemu recording -> CSV -> the same Float samples the trainer reads, bit for bit.
    @Test func csvHoldsExactlyTheTrainersSamples() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("left.events")
        try Data(Self.touchpadRecording(hand: "left")).write(to: url)
        let stream = try Recording.load(url, hand: .left).stream
        let csv = RecordingConversion.csv(stream)
        let read = try CSVTable.parse(csv)
        #expect(read.header == "t_s,dx_mm,dy_mm")
        #expect(read.samples == stream.samples)
        #expect(read.times.count == stream.count && read.times.last == Double(stream.count - 1) / 100)
        #expect(stream.samples.contains { $0 != 0 && $0 != $0.rounded() })  // the numbers are not trivially integers
    }

    /// Legacy x,y -> evemu (the replay pad at 10 px/mm) -> the trainer's evemu reader: the pixel
    /// deltas in mm (x 10 = the pixels), after the still start, plus the lift's empty sample.
    @Test func legacyConvertedToEvemuReadsBackAsTheSameDeltas() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let legacyURL = Fixtures.write(
            "100,100\n100,100\n" + Fixtures.legacyText(lines: 500, seed: 7), to: dir, name: "right-3.txt")
        let legacy = try Recording.load(legacyURL, hand: .right).stream
        let bytes = try RecordingConversion.evemu(fromLegacy: legacyURL, pixelsPerMillimetre: 10)
        let labels = bytes.withUnsafeBytes { RecordingLabels.read($0) }
        #expect(RecordingFileLabels.hand(labels) == .right)  // from the file name
        #expect(RecordingFileLabels.text(labels, "converted-from") == "legacy x,y right-3.txt at 10.0 px/mm")
        let evemuURL = dir.appendingPathComponent("right-3.events")
        try Data(bytes).write(to: evemuURL)
        let converted = try Recording.load(evemuURL, hand: .right).stream
        #expect(converted.unit == .mm)
        var expected = Array(legacy.samples.drop { $0 == 0 })
        if expected.count % 2 == 1 { expected.insert(0, at: 0) }  // drop whole still samples only
        expected += [0, 0]
        #expect(converted.count == expected.count / 2)
        let worst = zip(converted.samples, expected).map { abs(Double($0) * 10 - Double($1)) }.max() ?? 0
        #expect(worst < 1e-4, "max |mm x 10 - px| = \(worst)")
        // Converting an evemu file again is refused.
        #expect(throws: RecordingConversion.Failure.self) {
            _ = try RecordingConversion.evemu(fromLegacy: evemuURL, pixelsPerMillimetre: 10)
        }
    }

    /// The real touchpad recordings of ../shared: a slice converted on the fixture pad and read back.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func realLegacyDataConvertsOnARealPadDescription() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: SharedData.deepmouse("touchpad/left.txt"), encoding: .utf8)
        let slice = Fixtures.write(
            text.split(separator: "\n").prefix(3000).joined(separator: "\n") + "\n", to: dir, name: "left.txt")
        let pad = try RecordingConversion.description(
            contentsOf: SharedData.evemu("elantech-touchpad-samsung-700z3a.events"))
        let bytes = try RecordingConversion.evemu(fromLegacy: slice, device: pad, pixelsPerMillimetre: 16)
        let url = dir.appendingPathComponent("left.events")
        try Data(bytes).write(to: url)
        let mm = try Recording.load(url, hand: .left).stream
        let px = try Recording.load(slice, hand: .left).stream
        // 32 units/mm at 16 px/mm: 2 units per pixel, exact; the sums over the stream agree.
        let sum = { (s: [Float], k: Int) in stride(from: k, to: s.count, by: 2).reduce(0.0) { $0 + Double(s[$1]) } }
        #expect(abs(sum(mm.samples, 0) * 16 - sum(px.samples, 0)) < 1e-2)
        #expect(abs(sum(mm.samples, 1) * 16 - sum(px.samples, 1)) < 1e-2)
        #expect(mm.count <= px.count + 1 && mm.count > px.count / 2)
    }
}

/// Reads the CSV table back (what a person's plotting script would do), strictly.
enum CSVTable {
    struct Failure: Error { var line: Int }

    static func parse(_ text: String) throws -> (header: String, times: [Double], samples: [Float]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        var times: [Double] = []
        var samples: [Float] = []
        for (i, line) in lines.dropFirst().enumerated() {
            let f = line.split(separator: ",")
            guard f.count == 3, let t = Double(f[0]), let dx = Float(f[1]), let dy = Float(f[2]) else {
                throw Failure(line: i + 2)
            }
            times.append(t)
            samples += [dx, dy]
        }
        return (String(lines.first ?? ""), times, samples)
    }
}
