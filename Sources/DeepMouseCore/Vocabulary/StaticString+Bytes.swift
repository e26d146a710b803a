extension StaticString {
    /// The string's UTF-8 bytes, in place (no copy).
    @inline(__always)
    public var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: utf8Start, count: utf8CodeUnitCount)
    }
}
