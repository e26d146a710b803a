/// The one inner loop of the engine: an int16 x int16 -> int32 dot product. Written as a
/// plain reduction so that LLVM turns it into `pmaddwd` (SSE2) / `vpmaddwd` (AVX2, AVX-512)
/// on x86 (check: `objdump -d | grep pmaddwd`) and `smlad` on Cortex-M4. (A four-row variant
/// sharing the loads of `a` was tried: LLVM then falls back to `vpmulld`, 1.6x slower.)
/// Accumulation wraps (`&+=`); the reader bounds count to 512 so with |b| <= 127 (int8
/// weights) and |a| <= 32767 no sum can overflow.
@inline(__always)
public func dotS16(_ a: UnsafePointer<Int16>, _ b: UnsafePointer<Int16>, count: Int) -> Int32 {
    var sum: Int32 = 0
    for i in 0..<count {
        sum &+= Int32(a[i]) &* Int32(b[i])
    }
    return sum
}
