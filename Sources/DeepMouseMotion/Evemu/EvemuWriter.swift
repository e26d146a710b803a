import DeepMouseCore

/// Writes evemu recordings: the description header and `E:` lines, into any `ByteSink`.
///
/// The output reads back with `EvemuParser`, `evemu-play`/`evemu-device` and
/// `umockdev-run --evemu-events`. One caveat decides `MicrosecondStyle`: evemu reads the part
/// after the `.` as an integer count of microseconds and writes it zero-padded to 6 digits, while
/// umockdev 0.17 reads a field with leading zeros as octal (`0.012500` becomes 5440 us).
/// The project's convention: every evemu file DeepMouse writes (`deepmoused record`, `deepmouse
/// dataset convert`, test fixtures) uses `.unpadded`; `.zeroPadded` exists to match evemu-record.
public enum EvemuWriter {
    /// How the microseconds of a timestamp are written.
    public enum MicrosecondStyle: Sendable {
        /// `1.012500`: what evemu-record writes.
        case zeroPadded
        /// `1.12500`: no leading zeros, the same value to evemu and to umockdev.
        case unpadded
    }

    /// Writes `N:`, `I:`, `P:`, `B:`, `A:`, `L:` and `S:` lines (evemu 1.3 layout).
    public static func writeDescription<Sink: ByteSink>(_ d: DeviceDescription, to out: inout Sink) {
        out.append("# EVEMU 1.3\n")
        out.append("N: ")
        for b in d.nameBytes where b != 0x0a { out.append(byte: b) }
        out.append("\nI: ")
        out.append(hex: UInt64(d.id.bustype), digits: 4)
        out.append(" ")
        out.append(hex: UInt64(d.id.vendor), digits: 4)
        out.append(" ")
        out.append(hex: UInt64(d.id.product), digits: 4)
        out.append(" ")
        out.append(hex: UInt64(d.id.version), digits: 4)
        out.append("\n")
        writeMask(tag: "P:", type: nil, d.properties.bytes, to: &out)
        for type in 0...Int(EventType.max) where type == 0 || d.has(type: UInt16(type)) || !d.capabilities[type].isEmpty
        {
            writeMask(tag: "B:", type: UInt8(type), d.capabilities[type].bytes, to: &out)
        }
        for a in d.absAxes {
            out.append("A: ")
            out.append(hex: UInt64(a.code), digits: 2)
            for v in [a.minimum, a.maximum, a.fuzz, a.flat, a.resolution] {
                out.append(" ")
                out.append(decimal: Int64(v))
            }
            out.append("\n")
        }
        for (tag, states) in [("L: " as StaticString, d.ledStates), ("S: ", d.switchStates)] {
            for s in states {
                out.append(tag)
                out.append(hex: UInt64(s.code), digits: 2)
                out.append(" ")
                out.append(decimal: Int64(s.value))
                out.append("\n")
            }
        }
    }

    /// Writes one `E:` line; `time` is shifted by `-timeOrigin` (recordings usually start at 0).
    public static func writeEvent<Sink: ByteSink>(
        _ e: InputEvent, timeOrigin: Int64 = 0,
        style: MicrosecondStyle = .zeroPadded, to out: inout Sink
    ) {
        var t = e.time &- timeOrigin
        if t < 0 { t = 0 }
        out.append("E: ")
        out.append(unsignedDecimal: UInt64(t / 1_000_000), minimumDigits: 1)
        out.append(".")
        out.append(unsignedDecimal: UInt64(t % 1_000_000), minimumDigits: style == .zeroPadded ? 6 : 1)
        out.append(" ")
        out.append(hex: UInt64(e.type), digits: 4)
        out.append(" ")
        out.append(hex: UInt64(e.code), digits: 4)
        out.append(" ")
        out.append(decimal: Int64(e.value))
        out.append("\n")
    }

    private static func writeMask<Sink: ByteSink>(tag: StaticString, type: UInt8?, _ bytes: [UInt8], to out: inout Sink)
    {
        var i = 0
        repeat {
            out.append(tag)
            if let type {
                out.append(" ")
                out.append(hex: UInt64(type), digits: 2)
            }
            for j in i..<i + 8 {
                out.append(" ")
                out.append(hex: UInt64(j < bytes.count ? bytes[j] : 0), digits: 2)
            }
            out.append("\n")
            i += 8
        } while i < bytes.count
    }
}
