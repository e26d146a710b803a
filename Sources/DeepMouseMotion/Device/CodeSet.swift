/// A set of event codes stored as the kernel's little-endian bitmask bytes.
///
/// The evemu `B:`/`P:` lines, `EVIOCGBIT` and `EVIOCGPROP` all use this layout (bit `c % 8` of byte
/// `c / 8`), so a description can be read from and written back to any of them unchanged.
public struct CodeSet: Equatable, Sendable {
    /// The bitmask, `byteCount` bytes.
    public private(set) var bytes: [UInt8]

    /// An empty set able to hold codes `0 ..< byteCount * 8`.
    public init(byteCount: Int) {
        bytes = [UInt8](repeating: 0, count: byteCount)
    }

    /// A set holding `codes`, sized for codes up to `maxCode`.
    public init(maxCode: UInt16, codes: [UInt16]) {
        self.init(byteCount: Int(maxCode) / 8 + 1)
        for code in codes { insert(code) }
    }

    /// The number of codes this set can hold.
    public var capacity: Int { bytes.count * 8 }

    /// True when `code` is in the set (codes beyond the capacity are never in it).
    @inline(__always)
    public func contains(_ code: UInt16) -> Bool {
        let index = Int(code) >> 3
        guard index < bytes.count else { return false }
        return bytes[index] & (1 << UInt8(code & 7)) != 0
    }

    /// Adds `code`; returns false when it does not fit.
    @discardableResult
    public mutating func insert(_ code: UInt16) -> Bool {
        let index = Int(code) >> 3
        guard index < bytes.count else { return false }
        bytes[index] |= 1 << UInt8(code & 7)
        return true
    }

    /// Sets byte `index` of the mask (used by readers of `B:` lines); false when out of range.
    @discardableResult
    public mutating func setByte(_ index: Int, to value: UInt8) -> Bool {
        guard index >= 0, index < bytes.count else { return false }
        bytes[index] = value
        return true
    }

    /// True when no code is set.
    public var isEmpty: Bool {
        for b in bytes where b != 0 { return false }
        return true
    }

    /// Calls `body` for each code in the set, ascending.
    public func forEach(_ body: (UInt16) -> Void) {
        for (i, b) in bytes.enumerated() where b != 0 {
            for bit in 0..<8 where b & (1 << UInt8(bit)) != 0 {
                body(UInt16(i * 8 + bit))
            }
        }
    }

    /// True when every code in `first...last` is set.
    public func containsAll(from first: UInt16, through last: UInt16) -> Bool {
        var c = first
        while c <= last {
            if !contains(c) { return false }
            c &+= 1
        }
        return true
    }
}

extension CodeSet {
    /// The mask size the kernel uses for each event type (`EVIOCGBIT(type, len)`), in bytes,
    /// rounded up to whole 64-bit longs as on a 64-bit kernel.
    public static func byteCount(forType type: UInt16) -> Int {
        switch type {
        case EventType.syn: return 8  // EV_CNT 32
        case EventType.key: return 96  // KEY_CNT 768
        case EventType.rel: return 8  // REL_CNT 16
        case EventType.abs: return 8  // ABS_CNT 64
        case EventType.msc: return 8  // MSC_CNT 8
        case EventType.sw: return 8  // SW_CNT 17
        case EventType.led: return 8  // LED_CNT 16
        case EventType.snd: return 8  // SND_CNT 8
        case EventType.ff: return 16  // FF_CNT 128
        default: return 8
        }
    }
}
