import Foundation
import TestSupport
import Testing

@testable import DeepMouseTraining

@Suite("Legacy x,y reader")
struct LegacyRecordingReaderTests {
    func parse(_ text: String) throws -> MotionStream {
        try LegacyRecordingReader.parse(Data(text.utf8), file: "rec.txt")
    }

    @Test func deltasAreFirstDifferencesOfPositions() throws {
        let stream = try parse("10,20\n13,24\n13,24\n12,30\n")
        #expect(stream.unit == .px)
        #expect(stream.sampleRate == 100)
        #expect(stream.count == 3)
        #expect(stream.samples == [3, 4, 0, 0, -1, 6])
    }

    @Test func acceptsCRLFSpacesBlankAndCommentLines() throws {
        let stream = try parse("# header\r\n1, 2\r\n\r\n 3 ,5\r\n-1.5,5\n\n")
        #expect(stream.samples == [2, 3, -4.5, 0])
    }

    @Test func malformedLineNamesFileAndLine() {
        #expect(
            throws: DataError.malformedLine(
                file: "rec.txt", line: 3, text: "3;4", reason: "expected 'x,y' (two numbers separated by a comma)")
        ) {
            try parse("1,2\n2,3\n3;4\n")
        }
        #expect(
            throws: DataError.malformedLine(
                file: "rec.txt", line: 2, text: "2,3,4", reason: "expected 'x,y' (two numbers separated by a comma)")
        ) {
            try parse("1,2\n2,3,4\n")
        }
        do {
            _ = try parse("1,2\n2,abc\n")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("rec.txt:2: 'abc' is not a number"))
        }
    }

    @Test func emptyAndSingleLineFilesAreErrors() {
        #expect(throws: DataError.emptyRecording(file: "rec.txt")) { try parse("") }
        #expect(throws: DataError.emptyRecording(file: "rec.txt")) { try parse("\n\n# only a comment\n") }
        #expect(throws: DataError.recordingTooShort(file: "rec.txt", samples: 0, needed: 1)) { try parse("1,2\n") }
    }

    @Test func nonFiniteAndHugeValuesAreErrors() {
        #expect(throws: DataError.nonFiniteValue(file: "rec.txt", line: 2, text: "nan,3")) { try parse("1,2\nnan,3\n") }
        #expect(throws: DataError.nonFiniteValue(file: "rec.txt", line: 1, text: "1,inf")) { try parse("1,inf\n2,3\n") }
        #expect(throws: DataError.nonFiniteValue(file: "rec.txt", line: 2, text: "1e400,3")) {
            try parse("1,2\n1e400,3\n")
        }
        #expect(throws: DataError.valueTooLarge(file: "rec.txt", line: 2, value: 2e6, limit: 1e6)) {
            try parse("1,2\n2000000,3\n")
        }
    }

    @Test func unreadableFileIsAnErrorNamingIt() {
        #expect(throws: DataError.self) {
            try LegacyRecordingReader.read(contentsOf: URL(fileURLWithPath: "/nonexistent/left.txt"))
        }
        do {
            _ = try LegacyRecordingReader.read(contentsOf: URL(fileURLWithPath: "/nonexistent/left.txt"))
        } catch {
            #expect("\(error)" == "/nonexistent/left.txt: no such file")
        }
    }

    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func readsARealRecording() throws {
        let url = SharedData.deepmouse("mouse/left-2.txt")
        let stream = try LegacyRecordingReader.read(contentsOf: url)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(stream.count == lines.count - 1)
        let p = lines.prefix(2).map {
            $0.split(separator: ",").map { Float(String($0).trimmingCharacters(in: .whitespacesAndNewlines))! }
        }
        #expect(stream.dx(0) == p[1][0] - p[0][0])
        #expect(stream.dy(0) == p[1][1] - p[0][1])
    }
}
