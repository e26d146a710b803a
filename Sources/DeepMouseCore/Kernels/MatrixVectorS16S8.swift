/// `out[j] = Σ_i x[i]·w[i·n + j]` for j in 0..<n: int16 input times an int8 (K, N) matrix stored
/// row by input (the `.dmm` layout of `gru.w_x` and `gru.w_h`, used in place from the model bytes
/// in compact memory, e.g. a microcontroller's flash), int32 results without bias.
///
/// Two loop orders, the same bits (wrapping int32 sums are exact and order-independent; with
/// |w| <= 127, |x| <= 32767 and K <= 512 they cannot overflow): by columns on 32-bit ARM, which
/// has no SIMD on the Cortex-M and keeps the accumulators in registers; by inputs elsewhere,
/// which LLVM vectorizes over the outputs (SSE2, AVX2, NEON). Measured on the (then shipped) W=400
/// GRU-128 models (tools/bench/embedded-costs.sh): by columns takes the Cortex-M4 from 18.5 M to
/// 12.3 M instructions per decision, but x86-64 compact from 14.8 M to 18.5 M.
///
/// - output: (N) int32
/// - input: (K) int16
/// - weights: (K, N) int8, any alignment
@inline(__always)
public func matrixVectorS16S8(
    output: UnsafeMutablePointer<Int32>, input x: UnsafePointer<Int16>,
    weights: UnsafePointer<Int8>, inputCount k: Int, outputCount n: Int
) {
    #if arch(arm)
        matrixVectorS16S8ByColumns(output: output, input: x, weights: weights, inputCount: k, outputCount: n)
    #else
        matrixVectorS16S8ByInputs(output: output, input: x, weights: weights, inputCount: k, outputCount: n)
    #endif
}

/// `matrixVectorS16S8` four outputs at a time: one 32-bit load of four consecutive weights,
/// four sign-extensions and four multiply-accumulates (`smlabb` on the M4) per four MACs, the
/// four accumulators in registers across the whole input.
@inline(__always)
public func matrixVectorS16S8ByColumns(
    output: UnsafeMutablePointer<Int32>, input x: UnsafePointer<Int16>,
    weights: UnsafePointer<Int8>, inputCount k: Int, outputCount n: Int
) {
    let w = UnsafeRawPointer(weights)
    var j = 0
    while j &+ 4 <= n {
        var a0: Int32 = 0
        var a1: Int32 = 0
        var a2: Int32 = 0
        var a3: Int32 = 0
        var p = w + j
        for i in 0..<k {
            let v = Int32(x[i])
            let four = UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))  // w[i][j ..< j+4]
            a0 &+= v &* Int32(Int8(truncatingIfNeeded: four))
            a1 &+= v &* Int32(Int8(truncatingIfNeeded: four &>> 8))
            a2 &+= v &* Int32(Int8(truncatingIfNeeded: four &>> 16))
            a3 &+= v &* Int32(Int8(truncatingIfNeeded: four &>> 24))
            p += n
        }
        output[j] = a0
        output[j &+ 1] = a1
        output[j &+ 2] = a2
        output[j &+ 3] = a3
        j &+= 4
    }
    while j < n {
        var a: Int32 = 0
        for i in 0..<k { a &+= Int32(x[i]) &* Int32(weights[i &* n &+ j]) }
        output[j] = a
        j &+= 1
    }
}

/// `matrixVectorS16S8` input by input: `out += x[i]·w[i]` over whole weight rows (vectorizes
/// over the outputs where there is SIMD).
@inline(__always)
public func matrixVectorS16S8ByInputs(
    output: UnsafeMutablePointer<Int32>, input x: UnsafePointer<Int16>,
    weights: UnsafePointer<Int8>, inputCount k: Int, outputCount n: Int
) {
    output.update(repeating: 0, count: n)
    for i in 0..<k {
        let v = Int32(x[i])
        let row = weights + i &* n
        for j in 0..<n { output[j] &+= v &* Int32(row[j]) }
    }
}
