import DeepMouseCore
import DeepMouseMotion
import Foundation

/// `deepmouse dataset convert`: between the recording formats DeepMouse reads and the table
/// other tools read.
/// - legacy `x,y` text -> evemu touchpad recording, for a device description and a gain
///   (`LegacyConversion`, the implementation the daemon's equivalence test uses);
/// - any recording -> the fixed-rate 100 Hz `(dx, dy)` table as CSV, exactly the samples the
///   trainer reads (each number written in its shortest form that reads back to the same Float).
public enum RecordingConversion {
    /// Why a conversion failed (with the file).
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The evemu recording of a legacy file on `device` (default: the replay pad, 10 units/mm)
    /// at `pixelsPerMillimetre`, labelled with `hand` (default: from a `left*`/`right*` file name).
    /// `deviceFile` (the `.desc` the device came from) is named when the device is the problem.
    public static func evemu(
        fromLegacy url: URL, device: DeviceDescription? = nil, deviceFile: String? = nil,
        pixelsPerMillimetre: Double, hand: Hand? = nil
    ) throws -> [UInt8] {
        let bytes: Data
        bytes = try InputFile.read(url)
        guard try RecordingFormat.detect(bytes, file: url) == .legacy else {
            throw Failure("\(url.path): already an evemu recording (convert --to evemu reads legacy 'x,y' text)")
        }
        let positions = try LegacyRecordingReader.positions(bytes, file: url.path)
        var labels = RecordingLabels()
        let name = url.lastPathComponent.lowercased()
        let label = hand ?? (name.hasPrefix("left") ? .left : name.hasPrefix("right") ? .right : nil)
        if let label { labels[RecordingLabels.Key.hand] = Array(label.name.bytes) }
        labels[RecordingLabels.Key.convertedFrom] = Array(
            "legacy x,y \(url.lastPathComponent) at \(pixelsPerMillimetre) px/mm".utf8)
        labels[RecordingLabels.Key.timestamps] = Array(
            "sec.usec; microseconds without leading zeros (0.5 is 5 us)".utf8)
        do {
            var out = try LegacyConversion.evemu(
                positions: positions, device: device ?? LegacyConversion.replayPad,
                pixelsPerMillimetre: pixelsPerMillimetre, labels: labels)
            // Finished as the recorder finishes a recording, so `dataset validate` and `stats` see it complete.
            RecordingLabels.write(
                RecordingLabels.Key.end, value: Array("converted, \(positions.count) positions".utf8), to: &out)
            return out
        } catch {
            var message: [UInt8] = []
            error.write(to: &message)
            let file = error == .notATouchpad ? deviceFile ?? "the replay pad" : url.path
            throw Failure("\(file): \(String(decoding: message, as: UTF8.self))")
        }
    }

    /// The device described by an evemu file (a `.desc`, or the header of a recording).
    public static func description(contentsOf url: URL) throws -> DeviceDescription {
        let bytes: [UInt8]
        bytes = [UInt8](try InputFile.read(url))
        let parsed: Result<EvemuParser.Header, EvemuError> = bytes.withUnsafeBytes { raw in
            do throws(EvemuError) { return .success(try EvemuParser.parseHeader(raw)) } catch { return .failure(error) }
        }
        let header: EvemuParser.Header
        switch parsed {
        case .success(let h): header = h
        case .failure(let error): throw Failure("\(url.path): \(error.message)")
        }
        guard header.hasDescription else { throw Failure("\(url.path): no device description (N:, I:, B:, A: lines)") }
        return header.description
    }

    /// The CSV table header for a stream in `unit`.
    public static func csvHeader(_ unit: MotionUnit) -> String { "t_s,dx_\(unit.description),dy_\(unit.description)" }

    /// `t_s,dx_<unit>,dy_<unit>` then one line per 10 ms sample (`t` from the stream's start).
    public static func csv(_ stream: MotionStream) -> String {
        var out = csvHeader(stream.unit) + "\n"
        out.reserveCapacity(stream.count * 16)
        for i in 0..<stream.count {
            out += String(format: "%.2f", Double(i) / Double(stream.sampleRate))
            out += ",\(number(stream.dx(i))),\(number(stream.dy(i)))\n"
        }
        return out
    }

    /// The shortest text that reads back as the same Float (`0` rather than `0.0`).
    static func number(_ v: Float) -> String {
        if v == 0 { return "0" }
        let s = v.description
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
    }
}
