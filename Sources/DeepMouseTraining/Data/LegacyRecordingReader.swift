import Foundation

/// Reads the original DeepMouse recordings: one absolute cursor position `x,y` per line, in
/// screen pixels, nominally every 10 ms (no timestamps). The stream is the first differences
/// `d[i] = p[i] - p[i-1]`, so N lines give N-1 samples (unit `px`).
///
/// Blank lines and lines starting with `#` are skipped; anything else that is not two finite
/// numbers separated by a comma is an error naming the file and line.
public enum LegacyRecordingReader {
    /// Positions beyond this many pixels are not a screen cursor: reject them as corrupt.
    public static let maximumCoordinate: Double = 1_000_000

    /// Reads and converts the file at `url`.
    public static func read(contentsOf url: URL) throws -> MotionStream {
        let bytes: Data
        bytes = try InputFile.read(url)
        return try parse(bytes, file: url.path)
    }

    /// Parses legacy text; `file` is only used in error messages.
    public static func parse(_ bytes: Data, file: String) throws -> MotionStream {
        let positions = try positions(bytes, file: file)
        if positions.isEmpty { throw DataError.emptyRecording(file: file) }
        if positions.count < 2 { throw DataError.recordingTooShort(file: file, samples: 0, needed: 1) }
        var samples = [Float](repeating: 0, count: 2 * (positions.count - 1))  // (N-1, 2)
        for i in 1..<positions.count {
            samples[2 * (i - 1)] = Float(positions[i].x - positions[i - 1].x)
            samples[2 * (i - 1) + 1] = Float(positions[i].y - positions[i - 1].y)
        }
        return MotionStream(unit: .px, samples: samples)
    }

    /// The absolute positions, one per data line (also what `deepmouse dataset convert` turns
    /// into an evemu touchpad stream).
    public static func positions(_ bytes: Data, file: String) throws -> [(x: Double, y: Double)] {
        var result: [(x: Double, y: Double)] = []
        result.reserveCapacity(bytes.count / 8)
        try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let text = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            var lineNumber = 0
            while lineStart < text.count {
                var lineEnd = lineStart
                while lineEnd < text.count, text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                lineNumber += 1
                let line = UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd])
                if let position = try parseLine(line, file: file, lineNumber: lineNumber) {
                    result.append(position)
                }
                lineStart = lineEnd + 1
            }
        }
        return result
    }

    /// One line: `nil` for blank and comment lines.
    private static func parseLine(
        _ line: UnsafeBufferPointer<UInt8>, file: String,
        lineNumber: Int
    ) throws -> (x: Double, y: Double)? {
        let text = String(decoding: line, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
        let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 2 else {
            throw DataError.malformedLine(
                file: file, line: lineNumber, text: trimmed,
                reason: "expected 'x,y' (two numbers separated by a comma)")
        }
        var values: (Double, Double) = (0, 0)
        for (k, field) in fields.enumerated() {
            let token = field.trimmingCharacters(in: .whitespaces)
            guard let value = Double(token) else {
                throw DataError.malformedLine(
                    file: file, line: lineNumber, text: trimmed,
                    reason: "'\(token)' is not a number")
            }
            guard value.isFinite else {
                throw DataError.nonFiniteValue(file: file, line: lineNumber, text: trimmed)
            }
            guard abs(value) <= maximumCoordinate else {
                throw DataError.valueTooLarge(file: file, line: lineNumber, value: value, limit: maximumCoordinate)
            }
            if k == 0 { values.0 = value } else { values.1 = value }
        }
        return (values.0, values.1)
    }
}
