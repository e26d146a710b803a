extension ByteSink {
    /// Appends `bytes` as a JSON string: quotes, backslashes and control bytes escaped, bytes that
    /// are not valid UTF-8 as U+FFFD, at most `limit` input bytes. The one JSON escaper of the
    /// project: the daemon's lines, manifests and the workstation's reports all write through it.
    public mutating func append(jsonString bytes: [UInt8], limit: Int = Int.max) {
        append(byte: UInt8(ascii: "\""))
        let end = Swift.min(bytes.count, limit)
        var i = 0
        while i < end {
            let b = bytes[i]
            guard b >= 0x80 else {
                switch b {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x0a: append("\\n")
                case 0x09: append("\\t")
                case 0..<0x20, 0x7f:
                    append("\\u00")
                    append(hex: UInt64(b), digits: 2)
                default: append(byte: b)
                }
                i += 1
                continue
            }
            let length = UTF8Validation.sequenceLength(bytes, at: i, end: end)
            if length == 0 {
                append("\\ufffd")
                i += 1
            } else {
                for j in i..<i + length { append(byte: bytes[j]) }
                i += length
            }
        }
        append(byte: UInt8(ascii: "\""))
    }

    /// Appends `bytes` for a terminal: printable ASCII and valid UTF-8 as they are, every other
    /// byte (control characters, escape sequences, broken UTF-8) as `\xNN`, at most `limit` input
    /// bytes. Whatever comes from a file or a device goes to a terminal through this.
    public mutating func append(terminalSafe bytes: [UInt8], limit: Int = Int.max) {
        let end = Swift.min(bytes.count, limit)
        var i = 0
        while i < end {
            let b = bytes[i]
            if b >= 0x20 && b < 0x7f {
                append(byte: b)
                i += 1
                continue
            }
            let length = b >= 0x80 ? UTF8Validation.sequenceLength(bytes, at: i, end: end) : 0
            if length == 0 || UTF8Validation.isC1Control(bytes, at: i) {
                append("\\x")
                append(hex: UInt64(b), digits: 2)
                i += 1
            } else {
                for j in i..<i + length { append(byte: bytes[j]) }
                i += length
            }
        }
    }

    /// Appends `bytes` with printable ASCII kept and every other byte as `?`, at most `limit`
    /// bytes: for fixed-width text columns.
    public mutating func append(printableASCII bytes: [UInt8], limit: Int = Int.max) {
        let end = Swift.min(bytes.count, limit)
        for i in 0..<end {
            let b = bytes[i]
            append(byte: (b >= 0x20 && b < 0x7f) ? b : UInt8(ascii: "?"))
        }
    }
}

/// UTF-8 checks for the escapers (no Unicode tables: Embedded-clean).
public enum UTF8Validation {
    /// The length of a valid UTF-8 sequence starting at `i` (2-4), or 0 when invalid or cut at `end`.
    public static func sequenceLength(_ b: [UInt8], at i: Int, end: Int) -> Int {
        let lead = b[i]
        let length: Int
        var minimum: UInt32
        var value: UInt32
        switch lead {
        case 0xc2...0xdf:
            length = 2
            minimum = 0x80
            value = UInt32(lead & 0x1f)
        case 0xe0...0xef:
            length = 3
            minimum = 0x800
            value = UInt32(lead & 0x0f)
        case 0xf0...0xf4:
            length = 4
            minimum = 0x10000
            value = UInt32(lead & 0x07)
        default: return 0
        }
        guard i + length <= end else { return 0 }
        for j in 1..<length {
            let c = b[i + j]
            guard c & 0xc0 == 0x80 else { return 0 }
            value = value << 6 | UInt32(c & 0x3f)
        }
        guard value >= minimum, value <= 0x10ffff, !(0xd800...0xdfff).contains(value) else { return 0 }
        return length
    }

    /// True at a C1 control character (U+0080 ... U+009F, encoded C2 80 ... C2 9F), which some
    /// terminals obey like ESC.
    public static func isC1Control(_ b: [UInt8], at i: Int) -> Bool {
        b[i] == 0xc2 && i + 1 < b.endIndex && (0x80...0x9f).contains(b[i + 1])
    }
}
