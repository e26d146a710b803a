/// A cursor over the fields of one line of an evemu file (bytes `start ..< end`).
///
/// Fields are separated by spaces or tabs; a `#` ends the line (evemu-record appends comments
/// such as `# EV_ABS / ABS_MT_POSITION_X 883` to event lines).
struct EvemuLine {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let end: Int
    let number: Int

    @inline(__always)
    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0d }

    /// Skips blanks; true when a field follows (not end of line, not a comment).
    @inline(__always)
    mutating func skipBlanks() -> Bool {
        while position < end && EvemuLine.isBlank(bytes[position]) { position += 1 }
        return position < end && bytes[position] != UInt8(ascii: "#")
    }

    /// Fails unless only blanks or a comment remain.
    mutating func expectEnd() throws(EvemuError) {
        if skipBlanks() { throw EvemuError(line: number, problem: .trailingGarbage) }
    }

    /// The rest of the line with surrounding blanks removed (the `N:` name; `#` is kept).
    mutating func rest() -> UnsafeRawBufferPointer {
        while position < end && EvemuLine.isBlank(bytes[position]) { position += 1 }
        var last = end
        while last > position && EvemuLine.isBlank(bytes[last - 1]) { last -= 1 }
        defer { position = end }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<last])
    }

    /// Reads a hexadecimal field (no `0x` prefix, as evemu writes them).
    mutating func hex(_ field: StaticString, max: UInt64) throws(EvemuError) -> UInt64 {
        guard skipBlanks() else { throw EvemuError(line: number, problem: .missingField(field)) }
        var value: UInt64 = 0
        var digits = 0
        while position < end {
            let b = bytes[position]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: d = 0xff
            }
            if d == 0xff { break }
            value = value &* 16 &+ UInt64(d)
            digits += 1
            if digits > 16 || value > max { throw EvemuError(line: number, problem: .badNumber(field)) }
            position += 1
        }
        guard digits > 0, atFieldEnd() else { throw EvemuError(line: number, problem: .badNumber(field)) }
        return value
    }

    /// Reads an unsigned decimal field; leading zeros are decimal (never octal).
    /// Stops at `.` when `stopAtDot` (the seconds of a timestamp).
    mutating func unsignedDecimal(_ field: StaticString, max: UInt64, stopAtDot: Bool = false) throws(EvemuError)
        -> UInt64
    {
        var value: UInt64 = 0
        var digits = 0
        while position < end {
            let b = bytes[position]
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { break }
            value = value &* 10 &+ UInt64(b - UInt8(ascii: "0"))
            digits += 1
            if digits > 19 || value > max { throw EvemuError(line: number, problem: .badNumber(field)) }
            position += 1
        }
        let endsRight = stopAtDot ? (position < end && bytes[position] == UInt8(ascii: ".")) : atFieldEnd()
        guard digits > 0, endsRight else { throw EvemuError(line: number, problem: .badNumber(field)) }
        return value
    }

    /// Reads a signed decimal field that must fit in Int32 (`-001` and `0948` are -1 and 948).
    mutating func int32(_ field: StaticString) throws(EvemuError) -> Int32 {
        guard skipBlanks() else { throw EvemuError(line: number, problem: .missingField(field)) }
        var negative = false
        let sign = bytes[position]
        if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            position += 1
        }
        let magnitude = try unsignedDecimal(field, max: negative ? 2_147_483_648 : 2_147_483_647)
        return negative ? Int32(truncatingIfNeeded: 0 &- Int64(magnitude)) : Int32(magnitude)
    }

    /// Reads an `E:` timestamp `sec.usec` in microseconds. The part after `.` is an integer count
    /// of microseconds (evemu's `%lu.%06u`): `0.5` is 5 us, `0.012500` and `0.12500` are 12500 us.
    mutating func timestamp() throws(EvemuError) -> Int64 {
        guard skipBlanks() else { throw EvemuError(line: number, problem: .missingField("time")) }
        let seconds = try unsignedDecimal("time", max: 9_000_000_000_000, stopAtDot: true)
        position += 1  // the '.'
        let micros = try unsignedDecimal("time", max: UInt64.max / 2)
        guard micros < 1_000_000 else { throw EvemuError(line: number, problem: .microsecondsOutOfRange) }
        return Int64(seconds) * 1_000_000 + Int64(micros)
    }

    @inline(__always)
    private func atFieldEnd() -> Bool {
        position == end || EvemuLine.isBlank(bytes[position]) || bytes[position] == UInt8(ascii: "#")
    }
}
