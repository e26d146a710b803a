import DeepMouseCore

/// A growing byte array as a `ByteSink`: offline text (evemu files, reports, messages built
/// before they are written). Here, not in the core, because the core never allocates.
extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    public mutating func append(byte: UInt8) { append(byte) }
}

extension LineBuffer {
    /// A copy of the bytes written so far (allocates; for tests and offline use).
    public mutating func bytes() -> [UInt8] { withBytes { Array($0) } }
}
