/// The one inner loop of the engine: an int16 x int16 -> int32 dot product. Written as a
/// plain reduction so that LLVM turns it into `pmaddwd` (SSE2) / `vpmaddwd` (AVX2, AVX-512)
/// on x86 and `smlad` on Cortex-M4. Accumulation wraps (`&+=`); the exporter bounds every
/// sum so that it cannot overflow (|w| <= 127, |x| <= 32767, count <= 1024).
@inline(__always)
public func dotS16(_ a: UnsafePointer<Int16>, _ b: UnsafePointer<Int16>, count: Int) -> Int32 {
    var sum: Int32 = 0
    for i in 0..<count {
        sum &+= Int32(a[i]) &* Int32(b[i])
    }
    return sum
}

/// Four dot products of `x` against four consecutive rows of `rows` (row stride `count`),
/// sharing the loads of `x`. Used by the GRU's recurrent matrix-vector product.
@inline(__always)
public func dot4S16(_ x: UnsafePointer<Int16>, _ rows: UnsafePointer<Int16>, count: Int)
    -> (Int32, Int32, Int32, Int32)
{
    var s0: Int32 = 0, s1: Int32 = 0, s2: Int32 = 0, s3: Int32 = 0
    let r1 = rows + count, r2 = rows + 2 &* count, r3 = rows + 3 &* count
    for i in 0..<count {
        let v = Int32(x[i])
        s0 &+= v &* Int32(rows[i])
        s1 &+= v &* Int32(r1[i])
        s2 &+= v &* Int32(r2[i])
        s3 &+= v &* Int32(r3[i])
    }
    return (s0, s1, s2, s3)
}
