import DeepMouseCore

/// What a DeepMouse recording says about itself, in evemu comment lines `# deepmouse-KEY: VALUE`.
///
/// evemu, umockdev and `EvemuParser` all skip `#` lines, so the labels ride along in the
/// ecosystem format without a sidecar file: the hand (the training label), the person, the
/// device node and kind, the event clock, the time origin and the recorder. A complete recording
/// ends with an `end` label; an interrupted one (a crash, a power cut) does not.
///
///     # EVEMU 1.3
///     # deepmouse-hand: left
///     # deepmouse-device: /dev/input/event5
///     N: SynPS/2 Synaptics TouchPad
///     ...
///     # deepmouse-time-origin: 8123
///     E: 0.912345 0003 0035 2811
///     ...
///     # deepmouse-end: 51234 events, 0 SYN_DROPPED
public struct RecordingLabels: Equatable, Sendable {
    /// One `# deepmouse-KEY: VALUE` line.
    public struct Field: Equatable, Sendable {
        public var key: [UInt8]
        public var value: [UInt8]
        public init(key: [UInt8], value: [UInt8]) {
            self.key = key
            self.value = value
        }
    }

    /// The labels in file order (a key may repeat; the last one wins on lookup).
    public var fields: [Field] = []

    public init() {}

    /// The keys DeepMouse writes.
    public enum Key {
        /// `left` or `right`: the hand that moved the device (the training label).
        public static let hand: StaticString = "hand"
        public static let person: StaticString = "person"
        public static let notes: StaticString = "notes"
        /// The device node the events were read from.
        public static let device: StaticString = "device"
        /// `touchpad`, `mouse` or `pointingstick`, and how it was classified.
        public static let kind: StaticString = "kind"
        /// `monotonic` (CLOCK_MONOTONIC, what the recorder asks for) or `device` (whatever clock the
        /// kernel or umockdev stamped events with: EVIOCSCLOCKID failed).
        public static let clock: StaticString = "clock"
        /// Whole seconds subtracted from every event time (written just before the first event).
        public static let timeOrigin: StaticString = "time-origin"
        /// How timestamps are written (see `EvemuWriter.MicrosecondStyle.unpadded`).
        public static let timestamps: StaticString = "timestamps"
        public static let recorder: StaticString = "recorder"
        /// UTC wall-clock start, ISO 8601 (for people; the events use the event clock).
        public static let started: StaticString = "started"
        /// Where a converted recording came from (`deepmouse dataset convert`).
        public static let convertedFrom: StaticString = "converted-from"
        /// The last line of a complete recording.
        public static let end: StaticString = "end"
    }

    /// The prefix of every label line.
    public static let prefix: StaticString = "# deepmouse-"

    /// The value of the last field named `key`.
    public subscript(key: StaticString) -> [UInt8]? {
        get {
            let k = staticBytes(key)
            var found: [UInt8]?
            for f in fields where f.key == k { found = f.value }
            return found
        }
        set {
            let k = staticBytes(key)
            fields.removeAll { $0.key == k }
            if let newValue { fields.append(Field(key: k, value: newValue)) }
        }
    }

    /// True when the recording was finalised (it carries an `end` label).
    public var isComplete: Bool { self[Key.end] != nil }

    /// Writes every field as a comment line.
    public func write<Sink: ByteSink>(to out: inout Sink) {
        for f in fields { RecordingLabels.write(key: f.key, value: f.value, to: &out) }
    }

    /// Writes one label line; line breaks and other control bytes in `value` become spaces.
    public static func write<Sink: ByteSink>(key: [UInt8], value: [UInt8], to out: inout Sink) {
        out.append(prefix)
        for b in key where b > 0x20 && b != UInt8(ascii: ":") { out.append(byte: b) }
        out.append(": ")
        for b in value { out.append(byte: b < 0x20 || b == 0x7f ? 0x20 : b) }
        out.append("\n")
    }

    /// Writes one label line with a static key.
    public static func write<Sink: ByteSink>(_ key: StaticString, value: [UInt8], to out: inout Sink) {
        write(key: staticBytes(key), value: value, to: &out)
    }

    /// Collects the label lines of `bytes` (a whole file, its header or its tail); other lines are
    /// ignored, so this never fails.
    public static func read(_ bytes: UnsafeRawBufferPointer) -> RecordingLabels {
        var labels = RecordingLabels()
        let p = staticBytes(prefix)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0a { end += 1 }
            if end - start > p.count, matches(bytes, at: start, p) {
                var i = start + p.count
                var key: [UInt8] = []
                while i < end && bytes[i] != UInt8(ascii: ":") {
                    key.append(bytes[i])
                    i += 1
                }
                if i < end {
                    i += 1
                    while i < end && bytes[i] == 0x20 { i += 1 }
                    var last = end
                    while last > i && (bytes[last - 1] == 0x20 || bytes[last - 1] == 0x0d) { last -= 1 }
                    labels.fields.append(Field(key: key, value: Array(bytes[i..<last])))
                }
            }
            start = end + 1
        }
        return labels
    }

    private static func matches(_ bytes: UnsafeRawBufferPointer, at start: Int, _ p: [UInt8]) -> Bool {
        for j in 0..<p.count where bytes[start + j] != p[j] { return false }
        return true
    }
}

@inline(__always)
func staticBytes(_ s: StaticString) -> [UInt8] {
    Array(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
}

extension ByteSink {
    /// Appends a UTC time (microseconds since the Unix epoch) as ISO 8601, `2025-03-01T14:05:09Z`.
    public mutating func append(iso8601UTC microseconds: Int64) {
        let seconds = microseconds.flooredDivided(by: 1_000_000)
        let days = seconds.flooredDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = z.flooredDivided(by: 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        append(unsignedDecimal: UInt64(max(year, 0)), minimumDigits: 4)
        append("-")
        append(unsignedDecimal: UInt64(month), minimumDigits: 2)
        append("-")
        append(unsignedDecimal: UInt64(day), minimumDigits: 2)
        append("T")
        append(unsignedDecimal: UInt64(secondOfDay / 3600), minimumDigits: 2)
        append(":")
        append(unsignedDecimal: UInt64(secondOfDay % 3600 / 60), minimumDigits: 2)
        append(":")
        append(unsignedDecimal: UInt64(secondOfDay % 60), minimumDigits: 2)
        append("Z")
    }
}
