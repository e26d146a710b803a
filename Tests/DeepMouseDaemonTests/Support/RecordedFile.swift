import DeepMouseMotion
import Foundation

/// An evemu file read back for assertions: description, events, labels.
struct RecordedFile {
    var bytes: [UInt8]
    var header: EvemuParser.Header
    var events: [InputEvent]
    var labels: RecordingLabels

    init(_ url: URL) throws {
        bytes = [UInt8](try Data(contentsOf: url))
        (header, events) = try bytes.withUnsafeBytes { raw in
            let header = try EvemuParser.parseHeader(raw)
            var reader = EvemuEventReader(bytes: raw, header: header)
            var events: [InputEvent] = []
            while let e = try reader.next() { events.append(e) }
            return (header, events)
        }
        labels = bytes.withUnsafeBytes { RecordingLabels.read($0) }
    }

    func label(_ key: StaticString) -> String? { labels[key].map { String(decoding: $0, as: UTF8.self) } }
}

/// Synthetic event streams for the recorder tests, written as umockdev reads them.
enum SourceStreams {
    /// `touches` one-finger strokes on the fixture touchpad, `frames` frames each, 10 ms apart,
    /// 300 ms between touches.
    static func touchpad(touches: Int, frames: Int) -> [InputEvent] {
        var events: [InputEvent] = []
        var t: Int64 = 0
        func ev(_ type: UInt16, _ code: UInt16, _ value: Int32) {
            events.append(InputEvent(time: t, type: type, code: code, value: value))
        }
        for touch in 0..<touches {
            var x: Int32 = 2000
            var y: Int32 = 3000
            ev(EventType.abs, AbsCode.mtSlot, 0)
            ev(EventType.abs, AbsCode.mtTrackingID, Int32(touch + 10))
            ev(EventType.abs, AbsCode.mtPositionX, x)
            ev(EventType.abs, AbsCode.mtPositionY, y)
            ev(EventType.key, KeyCode.btnTouch, 1)
            ev(EventType.key, KeyCode.btnToolFinger, 1)
            ev(EventType.abs, AbsCode.x, x)
            ev(EventType.abs, AbsCode.y, y)
            ev(EventType.syn, SynCode.report, 0)
            for i in 1...frames {
                t += 10_000 + Int64(i % 3) * 1_000  // 10-12 ms: a real pad's jitter
                x += Int32(13 + (i * 7 + touch) % 11) - 8
                y += Int32((i * 5) % 13) - 6
                ev(EventType.abs, AbsCode.mtPositionX, x)
                ev(EventType.abs, AbsCode.mtPositionY, y)
                ev(EventType.abs, AbsCode.x, x)
                ev(EventType.abs, AbsCode.y, y)
                ev(EventType.syn, SynCode.report, 0)
            }
            t += 10_000
            ev(EventType.abs, AbsCode.mtTrackingID, -1)
            ev(EventType.key, KeyCode.btnTouch, 0)
            ev(EventType.key, KeyCode.btnToolFinger, 0)
            ev(EventType.syn, SynCode.report, 0)
            t += 300_000
        }
        return events
    }

    /// Writes `events` as a bare `.events` file (no description: umockdev has the device).
    static func write(_ events: [InputEvent], to url: URL, description: DeviceDescription? = nil) throws {
        var out: [UInt8] = []
        if let description { EvemuWriter.writeDescription(description, to: &out) }
        for e in events { EvemuWriter.writeEvent(e, style: .unpadded, to: &out) }
        try Data(out).write(to: url)
    }
}
