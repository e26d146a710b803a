import DeepMouseCore
import DeepMouseMotion

/// Decimal numbers and durations as the command lines write them, read and shown byte-wise (no
/// Foundation, Embedded-clean): exactly enough for gains, thresholds and times.
enum DecimalText {
    /// Parses `[-]digits[.digits]` (no exponent, at most 15 digits).
    static func parse(_ text: [UInt8]) -> Double? {
        var i = 0
        var negative = false
        if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var whole: UInt64 = 0
        var fraction: UInt64 = 0
        var scale: UInt64 = 1
        var digits = 0
        var seenDot = false
        while i < text.count {
            let b = text[i]
            if b == UInt8(ascii: ".") && !seenDot {
                seenDot = true
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                digits += 1
                guard digits <= 15 else { return nil }
                if seenDot {
                    fraction = fraction * 10 + UInt64(b - UInt8(ascii: "0"))
                    scale *= 10
                } else {
                    whole = whole * 10 + UInt64(b - UInt8(ascii: "0"))
                }
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        let v = Double(whole) + Double(fraction) / Double(scale)
        return negative ? -v : v
    }

    /// `value` as the shortest decimal of at most 4 places (`0.01`, `1000`): for range messages.
    static func shortest(_ value: Double) -> [UInt8] {
        let tenThousandths = Int64((value * 10_000).rounded())
        var text: [UInt8] = []
        text.append(fixed: tenThousandths, decimals: 4)
        while text.contains(UInt8(ascii: ".")), let last = text.last,
            last == UInt8(ascii: "0") || last == UInt8(ascii: ".")
        {
            text.removeLast()
            if last == UInt8(ascii: ".") { break }
        }
        return text
    }

    /// `90`, `90s`, `10m`, `1.5h`, `250ms` in microseconds.
    static func duration(_ text: [UInt8]) -> Int64? {
        var number = text
        var scale: Double = 1_000_000
        for (suffix, s) in [
            (bytes("ms"), 1_000.0), (bytes("s"), 1_000_000), (bytes("m"), 60_000_000), (bytes("h"), 3_600_000_000)
        ]
        where number.count > suffix.count && Array(number.suffix(suffix.count)) == suffix {
            number.removeLast(suffix.count)
            scale = s
            break
        }
        guard let v = parse(number), v >= 0, v * scale < 1e15 else { return nil }
        return Int64((v * scale).rounded())
    }
}
