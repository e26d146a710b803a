import Foundation
import TestSupport
import Testing

@testable import DeepMouseTraining

@Suite("evemu recordings through DeepMouseMotion")
struct EvemuRecordingReaderTests {
    /// A minimal mouse: relative X/Y, three 10 ms cells of motion.
    static let mouse = """
        # EVEMU 1.3
        N: Test Mouse
        I: 0003 046d c077 0111
        P: 00 00 00 00 00 00 00 00
        B: 00 07 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 01 00 00 07 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        B: 02 03 00 00 00 00 00 00 00
        B: 03 00 00 00 00 00 00 00 00
        B: 04 00 00 00 00 00 00 00 00
        B: 05 00 00 00 00 00 00 00 00
        B: 11 00 00 00 00 00 00 00 00
        B: 12 00 00 00 00 00 00 00 00
        B: 15 00 00 00 00 00 00 00 00
        B: 15 00 00 00 00 00 00 00 00
        E: 10.001000 0002 0000 3
        E: 10.001000 0002 0001 -1
        E: 10.001000 0000 0000 0
        E: 10.004000 0002 0000 2
        E: 10.004000 0000 0000 0
        E: 10.025000 0002 0001 5
        E: 10.025000 0000 0000 0

        """

    @Test func mouseRecordingGivesCountsPerTenMillisecondCell() throws {
        let stream = try EvemuRecordingReader.parse(Data(Self.mouse.utf8), file: "mouse.evemu")
        #expect(stream.unit == .counts)
        #expect(stream.sampleRate == 100)
        // Cells [10.00, 10.01): (5, -1); [10.01, 10.02): nothing; [10.02, 10.03): (0, 5).
        #expect(stream.samples == [5, -1, 0, 0, 0, 5])
    }

    @Test func malformedEventNamesFileAndLine() throws {
        let broken = Self.mouse.replacingOccurrences(of: "E: 10.004000 0002 0000 2", with: "E: 10.004000 0002 zz 2")
        do {
            _ = try EvemuRecordingReader.parse(Data(broken.utf8), file: "mouse.evemu")
            Issue.record("expected an error")
        } catch let error as DataError {
            guard case .malformedLine(let file, let line, let text, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(file == "mouse.evemu" && line == 29 && text == "E: 10.004000 0002 zz 2")
            #expect("\(error)".hasPrefix("mouse.evemu:29: field 'code' is not a valid number"))
        }
    }

    @Test func formatIsDetectedFromContentOrExtension() throws {
        #expect(try RecordingFormat.detect(Data(Self.mouse.utf8), file: URL(fileURLWithPath: "a.txt")) == .evemu)
        #expect(try RecordingFormat.detect(Data("12,5\n".utf8), file: URL(fileURLWithPath: "a.txt")) == .legacy)
        #expect(try RecordingFormat.detect(Data("E: 1.0 0 0 0\n".utf8), file: URL(fileURLWithPath: "a")) == .evemu)
        #expect(try RecordingFormat.detect(Data(), file: URL(fileURLWithPath: "x.events")) == .evemu)
        #expect(throws: DataError.emptyRecording(file: "/e.txt")) {
            try RecordingFormat.detect(Data("\n \n".utf8), file: URL(fileURLWithPath: "/e.txt"))
        }
    }

    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func realRecordingsLoadWithTheirUnits() throws {
        // A bare .events file with its .desc next to it: a touchpad in millimetres.
        let touchpad = try Recording.load(SharedData.evemu("elantech-touchpad.events"), hand: .left)
        #expect(touchpad.source.format == .evemu)
        #expect(touchpad.stream.unit == .mm)
        #expect(touchpad.stream.seconds > 5 && touchpad.stream.seconds < 60)
        #expect(touchpad.stream.samples.allSatisfy { $0.isFinite && abs($0) < 200 })
        #expect(touchpad.stream.samples.contains { $0 != 0 })
        // Description inline.
        let samsung = try Recording.load(SharedData.evemu("elantech-touchpad-samsung-700z3a.events"), hand: .right)
        #expect(samsung.stream.unit == .mm)
        // A mouse in counts.
        let mouse = try Recording.load(SharedData.evemu("ps2-generic-mouse.events"), hand: .right)
        #expect(mouse.stream.unit == .counts)
        #expect(mouse.stream.seconds > 30)
        // Units may not be mixed in one dataset.
        #expect(throws: DataError.self) { try Dataset(recordings: [touchpad, mouse]) }
        #expect(try Dataset(recordings: [touchpad, samsung]).unit == .mm)
    }
}
