/// A command-line mistake; printed with a pointer to `--help`, exit status 64.
struct UsageError: Error {
    var message: [UInt8]

    init(_ parts: [UInt8]...) {
        message = parts.flatMap { $0 }
    }
}

/// A literal's bytes, for building messages and comparing arguments without String.
@inline(__always)
func bytes(_ s: StaticString) -> [UInt8] {
    Array(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
}
