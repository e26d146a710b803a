/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF), the
/// checksum that closes every `.dmm` file. Bitwise (no table) to stay tiny on microcontrollers;
/// it runs once per load.
public struct CRC32 {
    public private(set) var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var c = state
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 {
                let mask = 0 &- (c & 1)
                c = (c &>> 1) ^ (0xEDB8_8320 & mask)
            }
        }
        state = c
    }

    /// The checksum of everything passed to `update` so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
