/// Something bytes can be appended to: a growing `[UInt8]` offline, a fixed `LineBuffer` on the
/// daemon's hot path. All text DeepMouse writes (evemu lines, JSON Lines, messages) is formatted
/// through this, without Foundation, without `String` and, for `LineBuffer`, without allocating
/// (`[UInt8]` is a sink too, in DeepMouseMotion: the core never allocates).
public protocol ByteSink {
    /// Appends one byte (a sink with fixed capacity drops it and remembers that it overflowed).
    mutating func append(byte: UInt8)
}

extension ByteSink {
    /// Appends the bytes of a static string.
    @inline(__always)
    public mutating func append(_ text: StaticString) {
        let n = text.utf8CodeUnitCount
        let p = text.utf8Start
        for i in 0..<n { append(byte: p[i]) }
    }

    /// Appends raw bytes.
    public mutating func append(bytes: UnsafeRawBufferPointer) {
        for b in bytes { append(byte: b) }
    }

    /// Appends raw bytes from an array.
    public mutating func append(contentsOf bytes: [UInt8]) {
        for b in bytes { append(byte: b) }
    }

    /// Appends `value` in decimal, with a leading '-' when negative.
    public mutating func append(decimal value: Int64) {
        if value < 0 {
            append(byte: UInt8(ascii: "-"))
            append(unsignedDecimal: value.magnitude, minimumDigits: 1)
        } else {
            append(unsignedDecimal: UInt64(value), minimumDigits: 1)
        }
    }

    /// Appends `value` in decimal, zero-padded to at least `minimumDigits` digits.
    public mutating func append(unsignedDecimal value: UInt64, minimumDigits: Int) {
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 digit bytes, enough for 20
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { buf in
            repeat {
                buf[count] = UInt8(truncatingIfNeeded: v % 10) &+ UInt8(ascii: "0")
                v /= 10
                count += 1
            } while v != 0
            while count < minimumDigits && count < buf.count {
                buf[count] = UInt8(ascii: "0")
                count += 1
            }
        }
        withUnsafeBytes(of: &digits) { buf in
            var i = count
            while i > 0 {
                i -= 1
                append(byte: buf[i])
            }
        }
    }

    /// Appends `value` in lowercase hexadecimal, zero-padded to `digits` (at least) digits.
    public mutating func append(hex value: UInt64, digits: Int) {
        var n = 1
        var v = value >> 4
        while v != 0 {
            n += 1
            v >>= 4
        }
        n = Swift.max(n, digits)
        var shift = (n - 1) * 4
        while shift >= 0 {
            let nibble = shift >= 64 ? 0 : UInt8(truncatingIfNeeded: (value >> UInt64(shift)) & 0xf)
            append(byte: nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ nibble &- 10)
            shift -= 4
        }
    }

    /// Appends `value / 10^decimals` in fixed notation (`fixed(1234, 3)` is "1.234"), exactly.
    public mutating func append(fixed value: Int64, decimals: Int) {
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale &*= 10 }
        if value < 0 { append(byte: UInt8(ascii: "-")) }
        let m = value.magnitude
        append(unsignedDecimal: m / scale, minimumDigits: 1)
        if decimals > 0 {
            append(byte: UInt8(ascii: "."))
            append(unsignedDecimal: m % scale, minimumDigits: decimals)
        }
    }
}

/// A fixed-capacity byte buffer for one line of output, stored inline (no heap).
///
/// Appends past `capacity` are dropped and `overflowed` is set, so a formatter can never write out
/// of bounds and the caller can refuse to emit a truncated line.
public struct LineBuffer: ByteSink {
    /// The largest line the buffer holds (the daemon's lines stay well under 4096 bytes).
    public static let capacity = 4096

    private var storage: InlineArray<4096, UInt8>
    /// Bytes used.
    public private(set) var count: Int = 0
    /// True when an append did not fit.
    public private(set) var overflowed = false

    public init() { storage = InlineArray(repeating: 0) }

    /// Forgets the contents.
    @inline(__always)
    public mutating func removeAll() {
        count = 0
        overflowed = false
    }

    @inline(__always)
    public mutating func append(byte: UInt8) {
        guard count < LineBuffer.capacity else {
            overflowed = true
            return
        }
        storage[count] = byte
        count += 1
    }

    /// Calls `body` with the bytes written so far.
    public mutating func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        let n = count
        return withUnsafeBytes(of: &storage) { body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
    }
}
