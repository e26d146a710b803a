import Board

/// One line of console output built in a fixed buffer and written through semihosting: the
/// firmware has no heap and no String, so text is static strings and decimal integers only.
struct Console {
    static let capacity = 160
    private var bytes = InlineArray<161, UInt8>(repeating: 0)
    private var count = 0

    mutating func append(_ text: StaticString) {
        let p = text.utf8Start
        for i in 0..<text.utf8CodeUnitCount { append(byte: p[i]) }
    }

    mutating func append(byte: UInt8) {
        guard count < Console.capacity else { return }
        bytes[count] = byte
        count += 1
    }

    /// Decimal, with a leading '-' when negative (Int32: no 64-bit conversions on the M4).
    mutating func append(_ value: Int32) {
        if value < 0 { append(byte: UInt8(ascii: "-")) }
        append(value.magnitude)
    }

    mutating func append(_ value: UInt32) {
        var digits = InlineArray<10, UInt8>(repeating: 0)
        var n = 0
        var v = value
        repeat {
            digits[n] = UInt8(truncatingIfNeeded: v % 10) + UInt8(ascii: "0")
            v /= 10
            n += 1
        } while v > 0
        while n > 0 {
            n -= 1
            append(byte: digits[n])
        }
    }

    mutating func append(_ value: Int) { append(Int32(truncatingIfNeeded: value)) }

    /// Ends the line and writes it to the host console.
    mutating func flush() {
        append(byte: 0x0A)
        bytes[count] = 0
        withUnsafeBytes(of: &bytes) { raw in
            board_write0(raw.baseAddress!.assumingMemoryBound(to: CChar.self))
        }
        count = 0
    }

    /// Writes one whole line.
    static func line(_ body: (inout Console) -> Void) {
        var c = Console()
        body(&c)
        c.flush()
    }
}
