/// Prepared parameters of one Conv1D(+ReLU) layer: int8 weights widened to int16 in the
/// arena in the layout (Cout, K, Cin), int32 biases in the accumulator's scale, and one
/// requantization multiplier per output channel.
public struct Conv1DS16Parameters {
    public var weights: UnsafePointer<Int16>  // (Cout, K, Cin)
    public var bias: UnsafePointer<Int32>  // (Cout)
    public var multipliers: UnsafePointer<Int32>  // (Cout)
    public var shifts: UnsafePointer<Int32>  // (Cout)
    public var kernel: Int
    public var inChannels: Int
    public var outChannels: Int
    /// Compact memory: the model file's int8 weights (K, Cin, Cout) used in place (then
    /// `weights` is unused).
    public var weightsS8: UnsafePointer<Int8>? = nil
    /// The x86 AVX2 layout: the weights as a (Cout) x (K·Cin) `PairsLayoutS8` matrix (then `weights` is unused),
    /// and `accumulators` (Cout) int32 of scratch for one position's sums.
    public var weightsPairsS8: UnsafePointer<Int8>? = nil
    public var accumulators: UnsafeMutablePointer<Int32>? = nil
    /// The arm64 NEON layout: the weights as a (Cout) x (K·Cin) `RowQuadsLayoutS8` matrix (then `weights` is
    /// unused; `accumulators` as above), read with `sdot` when `dotProduct` (`GRUKernel.arm64DotProduct`).
    public var weightsRowQuadsS8: UnsafePointer<Int8>? = nil
    public var dotProduct = false

    public init(
        weights: UnsafePointer<Int16>, bias: UnsafePointer<Int32>,
        multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>,
        kernel: Int, inChannels: Int, outChannels: Int
    ) {
        self.weights = weights
        self.bias = bias
        self.multipliers = multipliers
        self.shifts = shifts
        self.kernel = kernel
        self.inChannels = inChannels
        self.outChannels = outChannels
    }
}

/// Conv1D + bias + requantize + ReLU over contiguous input rows, "valid" positions only
/// (padding is the caller's: it passes zero rows). Output row `p` reads input rows
/// `p ..< p + K`. Activations are symmetric int16 (zero point 0), so ReLU clamps at 0.
///
/// - output: (outputCount, Cout) int16
/// - input: (outputCount + K - 1, Cin) int16
/// Scratch: none.
@inline(__always)
public func conv1dS16(
    output: UnsafeMutablePointer<Int16>, input: UnsafePointer<Int16>,
    outputCount: Int, parameters p: Conv1DS16Parameters
) {
    let taps = p.kernel &* p.inChannels
    if let pairs = p.weightsPairsS8, let acc = p.accumulators {
        for t in 0..<outputCount {
            let y = output + t &* p.outChannels
            pairsProductS16S8(
                output: acc, input: input + t &* p.inChannels, weights: pairs, inputCount: taps,
                outputCount: p.outChannels)
            requantizeReLUS16(
                y, acc: acc, bias: p.bias, multipliers: p.multipliers, shifts: p.shifts, count: p.outChannels)
        }
        return
    }
    if let quads = p.weightsRowQuadsS8, let acc = p.accumulators {
        for t in 0..<outputCount {
            rowQuadsProductS16S8(
                output: acc, input: input + t &* p.inChannels, weights: quads, inputCount: taps,
                outputCount: p.outChannels, dotProduct: p.dotProduct)
            requantizeReLUS16(
                output + t &* p.outChannels, acc: acc, bias: p.bias, multipliers: p.multipliers, shifts: p.shifts,
                count: p.outChannels)
        }
        return
    }
    if let w8 = p.weightsS8 {
        for t in 0..<outputCount {
            let x = input + t &* p.inChannels
            let y = output + t &* p.outChannels
            for o in 0..<p.outChannels {
                var acc = p.bias[o]
                for i in 0..<taps { acc &+= Int32(x[i]) &* Int32(w8[i &* p.outChannels &+ o]) }
                let v = QuantizedMultiplier(multiplier: p.multipliers[o], shift: p.shifts[o]).applied(to: acc)
                y[o] = Int16(truncatingIfNeeded: min(max(v, 0), 32767))
            }
        }
        return
    }
    for t in 0..<outputCount {
        let x = input + t &* p.inChannels
        let y = output + t &* p.outChannels
        for o in 0..<p.outChannels {
            let acc = dotS16(x, p.weights + o &* taps, count: taps) &+ p.bias[o]
            let q = QuantizedMultiplier(multiplier: p.multipliers[o], shift: p.shifts[o])
            let v = q.applied(to: acc)
            y[o] = Int16(truncatingIfNeeded: min(max(v, 0), 32767))
        }
    }
}

/// Scratch bytes `conv1dS16` needs (none: it writes its output only).
public func conv1dS16ScratchByteCount(kernel: Int, inChannels: Int, outChannels: Int) -> Int { 0 }

/// MaxPool1D(2) of two consecutive rows: `output[c] = max(a[c], b[c])`. Scratch: none.
@inline(__always)
public func maxPool2S16(
    output: UnsafeMutablePointer<Int16>, a: UnsafePointer<Int16>,
    b: UnsafePointer<Int16>, channels: Int
) {
    for c in 0..<channels { output[c] = max(a[c], b[c]) }
}

#if canImport(DeepMouseX86AVX2) && arch(x86_64)
    import DeepMouseX86AVX2
#endif
#if canImport(CAArch64NEON) && arch(arm64)
    import CAArch64NEON
#endif

/// A conv position's requantization and ReLU: `out[o] = clamp(requant(acc[o] + bias[o]), 0, 32767)` (the AVX2
/// kernel's where this CPU runs it, NEON's on arm64: the same bits).
///
/// - out: (count) int16
/// - acc: (count) int32 sums without bias
@inline(__always)
func requantizeReLUS16(
    _ out: UnsafeMutablePointer<Int16>, acc: UnsafePointer<Int32>, bias: UnsafePointer<Int32>,
    multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>, count: Int
) {
    #if canImport(DeepMouseX86AVX2) && arch(x86_64)
        if GRUKernel.x86AVX2.isAvailable {
            GRUStepAVX2.requantizeReLUS16(
                out, acc: acc, bias: bias, multipliers: multipliers, shifts: shifts, count: count)
            return
        }
    #endif
    #if canImport(CAArch64NEON) && arch(arm64)
        deepmouse_neon_requantize_relu_s16(out, acc, bias, multipliers, shifts, Int32(truncatingIfNeeded: count))
    #else
        for o in 0..<count {
            let v = QuantizedMultiplier(multiplier: multipliers[o], shift: shifts[o]).applied(to: acc[o] &+ bias[o])
            out[o] = Int16(truncatingIfNeeded: min(max(v, 0), 32767))
        }
    #endif
}
