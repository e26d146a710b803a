import DeepMouseCore
import DeepMouseMotion
import Foundation

/// Reads evemu recordings into a 100 Hz motion stream through DeepMouseMotion's offline API
/// (the daemon's own touch tracker and 100 Hz grid), so training data is resampled exactly as
/// the board resamples live motion. Touchpads give millimetres, mice and pointing sticks counts.
///
/// A bare `NAME.events` file takes its device description from `NAME.desc` next to it.
public enum EvemuRecordingReader {
    public static func read(contentsOf url: URL) throws -> MotionStream {
        let bytes: Data
        bytes = try InputFile.read(url)
        return try parse(bytes, file: url.path)
    }

    /// Parses evemu bytes; `file` names errors and locates a sibling `.desc` file.
    public static func parse(_ bytes: Data, file: String) throws -> MotionStream {
        let descURL = URL(fileURLWithPath: file).deletingPathExtension().appendingPathExtension("desc")
        let descPath = descURL.path == file ? nil : descURL.path
        var description: [UInt8]?
        if let descPath {
            do { description = [UInt8](try InputFile.read(URL(fileURLWithPath: descPath))) } catch {
                if case .missing = error {} else { throw error }  // no .desc: the file's own header
            }
        }
        let stream: RecordedMotion
        do {
            stream = try EvemuMotion.stream(evemu: [UInt8](bytes), descriptionBytes: description)
        } catch {
            let path = error.part == .description ? (descPath ?? file) : file
            throw DataError.malformedLine(
                file: path, line: error.error.line,
                text: line(error.error.line, of: error.part == .description ? description ?? [] : [UInt8](bytes)),
                reason: String(error.message.drop { $0 != ":" }.dropFirst(2)))
        }
        guard stream.count > 0 else { throw DataError.emptyRecording(file: file) }
        var samples = [Float](repeating: 0, count: 2 * stream.count)  // (N, 2)
        for i in 0..<stream.count {
            samples[2 * i] = stream.dx[i]
            samples[2 * i + 1] = stream.dy[i]
        }
        return MotionStream(unit: stream.unit, samples: samples)
    }

    /// The text of 1-based line `number` (for error messages).
    private static func line(_ number: Int, of bytes: [UInt8]) -> String {
        var current = 1
        var start = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            if current == number { return String(decoding: bytes[start..<i], as: UTF8.self) }
            current += 1
            start = i + 1
        }
        return current == number ? String(decoding: bytes[start...], as: UTF8.self) : ""
    }
}
