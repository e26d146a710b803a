/// The input windows linked into flash (written at build time by `firmware-reference windows`
/// from ../shared, never committed): segments of consecutive 100 Hz samples already in the
/// model's int16 input scale. Little-endian:
///
///     "DMWN", u16 version 1, u16 segment count,
///     per segment: u8 hand (1 left, 0 right), u8 0, u16 0, u32 first sample index in the
///                  recording, u32 sample count, then count x (i16 dx, i16 dy)
struct WindowFile {
    struct Segment {
        var hand: UInt8
        var start: UInt32
        var samples: UnsafeRawBufferPointer  // count x (i16, i16)
        var count: Int { samples.count / 4 }
        func dx(_ i: Int) -> Int16 { samples.loadUnaligned(fromByteOffset: 4 * i, as: Int16.self) }
        func dy(_ i: Int) -> Int16 { samples.loadUnaligned(fromByteOffset: 4 * i + 2, as: Int16.self) }
    }

    enum Failure: Error { case badHeader, truncated }

    let bytes: UnsafeRawBufferPointer
    let segmentCount: Int

    init(bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard bytes.count >= 8, bytes[0] == 0x44, bytes[1] == 0x4D, bytes[2] == 0x57, bytes[3] == 0x4E,
            bytes.loadUnaligned(fromByteOffset: 4, as: UInt16.self) == 1
        else { throw .badHeader }
        self.bytes = bytes
        segmentCount = Int(bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
    }

    /// Calls `body` with every segment in order.
    func forEachSegment(_ body: (Segment) -> Void) throws(Failure) {
        var offset = 8
        for _ in 0..<segmentCount {
            guard offset + 12 <= bytes.count else { throw .truncated }
            let count = Int(bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))
            let end = offset + 12 + 4 * count
            guard count >= 0, end <= bytes.count else { throw .truncated }
            body(
                Segment(
                    hand: bytes[offset], start: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                    samples: UnsafeRawBufferPointer(rebasing: bytes[(offset + 12)..<end])))
            offset = end
        }
    }
}
