#if canImport(DeepMouseX86AVX512) && arch(x86_64)
    import DeepMouseX86AVX512
#endif
#if canImport(DeepMouseX86AVX2) && arch(x86_64)
    import DeepMouseX86AVX2
#endif
#if canImport(CAArch64NEON) && arch(arm64)
    import CAArch64NEON
#endif

/// Prepared parameters of the GRU (reset gate after the recurrent matmul, gate order z, r, n):
/// input weights widened to int16 and transposed to rows (3H, Cin) (or used in place as int8),
/// recurrent weights int8 in a `RecurrentLayout`, int32 biases in each product's accumulator
/// scale, and per-row multipliers into the gate format Q.12.
public struct GRUS16Parameters {
    public var inputWeights: UnsafePointer<Int16>  // (3H, Cin)
    public var recurrentWeights: UnsafeRawPointer  // in `recurrentLayout`
    public var inputBias: UnsafePointer<Int32>  // (3H)
    public var recurrentBias: UnsafePointer<Int32>  // (3H)
    public var inputMultipliers: UnsafePointer<Int32>  // (3H)
    public var inputShifts: UnsafePointer<Int32>  // (3H)
    public var recurrentMultipliers: UnsafePointer<Int32>  // (3H)
    public var recurrentShifts: UnsafePointer<Int32>  // (3H)
    public var sigmoid: ActivationTable
    public var tanh: ActivationTable
    public var inChannels: Int
    public var hidden: Int
    public var recurrentLayout: RecurrentLayout
    /// Compact memory: the model file's int8 input weights used in place, (Cin, 3H)
    /// (then `inputWeights` is unused).
    public var inputWeightsS8: UnsafePointer<Int8>? = nil
    /// The x86 AVX2 layout: the input weights as a (3H) x (Cin) `PairsLayoutS8` matrix (then `inputWeights` is
    /// unused).
    public var inputWeightsPairsS8: UnsafePointer<Int8>? = nil
    /// The arm64 NEON layout: the input weights as a (3H) x (Cin) `RowQuadsLayoutS8` matrix (then `inputWeights` is
    /// unused).
    public var inputWeightsRowQuadsS8: UnsafePointer<Int8>? = nil
    /// The `RowQuadsLayoutS8` products (input and `.rowQuadsS8` recurrent weights) run `sdot`
    /// (`GRUKernel.arm64DotProduct`; the CPU must have it).
    public var dotProduct = false

    public init(
        inputWeights: UnsafePointer<Int16>, recurrentWeights: UnsafeRawPointer,
        recurrentLayout: RecurrentLayout,
        inputBias: UnsafePointer<Int32>, recurrentBias: UnsafePointer<Int32>,
        inputMultipliers: UnsafePointer<Int32>, inputShifts: UnsafePointer<Int32>,
        recurrentMultipliers: UnsafePointer<Int32>, recurrentShifts: UnsafePointer<Int32>,
        sigmoid: ActivationTable, tanh: ActivationTable, inChannels: Int, hidden: Int
    ) {
        self.inputWeights = inputWeights
        self.recurrentWeights = recurrentWeights
        self.recurrentLayout = recurrentLayout
        self.inputBias = inputBias
        self.recurrentBias = recurrentBias
        self.inputMultipliers = inputMultipliers
        self.inputShifts = inputShifts
        self.recurrentMultipliers = recurrentMultipliers
        self.recurrentShifts = recurrentShifts
        self.sigmoid = sigmoid
        self.tanh = tanh
        self.inChannels = inChannels
        self.hidden = hidden
    }
}

/// Gate pre-activations (Q.12) are kept within +-2^24 (+-4096.0), far outside the tables'
/// +-8 range, so that sums of two parts and Q15 products cannot overflow.
@inline(__always)
public func saturatedGatePreactivation(_ v: Int64) -> Int32 {
    Int32(truncatingIfNeeded: min(max(v, -16_777_216), 16_777_216))
}

/// The GRU's input projection for one time step: `x·Wx + b_x` requantized per row into the
/// gate format Q.12. Cached per feature by the streaming classifier (it does not depend on h).
///
/// - output: (3H) int32 Q.12
/// - input: (Cin) int16 in the feature's scale
/// Scratch: none.
@inline(__always)
public func gruInputProjectionS16(
    output: UnsafeMutablePointer<Int32>, input: UnsafePointer<Int16>,
    parameters p: GRUS16Parameters
) {
    let rows = 3 &* p.hidden
    if let pairs = p.inputWeightsPairsS8 {
        pairsProductS16S8(output: output, input: input, weights: pairs, inputCount: p.inChannels, outputCount: rows)
        #if canImport(DeepMouseX86AVX2) && arch(x86_64)
            if GRUKernel.x86AVX2.isAvailable {
                GRUStepAVX2.requantizeRowsToGate(
                    output, bias: p.inputBias, multipliers: p.inputMultipliers, shifts: p.inputShifts, count: rows)
                return
            }
        #endif
        requantizeRowsToGateS32(
            output, bias: p.inputBias, multipliers: p.inputMultipliers, shifts: p.inputShifts, count: rows)
        return
    }
    if let quads = p.inputWeightsRowQuadsS8 {
        rowQuadsProductS16S8(
            output: output, input: input, weights: quads, inputCount: p.inChannels, outputCount: rows,
            dotProduct: p.dotProduct)
        #if canImport(CAArch64NEON) && arch(arm64)
            deepmouse_neon_requantize_to_gate(
                output, p.inputBias, p.inputMultipliers, p.inputShifts, Int32(truncatingIfNeeded: rows))
        #else
            requantizeRowsToGateS32(
                output, bias: p.inputBias, multipliers: p.inputMultipliers, shifts: p.inputShifts, count: rows)
        #endif
        return
    }
    if let w8 = p.inputWeightsS8 {
        matrixVectorS16S8(output: output, input: input, weights: w8, inputCount: p.inChannels, outputCount: rows)
        for j in 0..<rows {
            let q = QuantizedMultiplier(multiplier: p.inputMultipliers[j], shift: p.inputShifts[j])
            output[j] = saturatedGatePreactivation(q.applied(to: output[j] &+ p.inputBias[j]))
        }
        return
    }
    for j in 0..<rows {
        let acc =
            dotS16(input, p.inputWeights + j &* p.inChannels, count: p.inChannels)
            &+ p.inputBias[j]
        let q = QuantizedMultiplier(multiplier: p.inputMultipliers[j], shift: p.inputShifts[j])
        output[j] = saturatedGatePreactivation(q.applied(to: acc))
    }
}

/// Scratch bytes `gruStepS16` needs: the recurrent projection (3H int32, padded to 16 rows) and
/// the x86 kernel's split h.
public func gruStepS16ScratchByteCount(hidden: Int) -> Int { recurrentProductS16ScratchByteCount(hidden: hidden) }

/// One GRU step in place on `hidden` (Q0.15), reset_after, gate order z, r, n:
///
///     hz, hr, hn = requant(h·Wh + b_h)                        (Q.12)
///     z = σ(xz + hz), r = σ(xr + hr)                          (LUT, Q0.15)
///     n = tanh(xn + round(r·hn / 2^15))                       (LUT, Q0.15)
///     h' = n + round(z·(h − n) / 2^15)                        (= z·h + (1 − z)·n)
///
/// - hidden: (H) int16 Q0.15, updated in place
/// - inputProjection: (3H) int32 Q.12 from `gruInputProjectionS16`
/// - scratch: `gruStepS16ScratchByteCount(hidden:)` bytes, 4-aligned
/// - hiddenIsZero: h is all zeros (the first step from the zero state): h·Wh = 0 is not computed.
///
/// The gates run 16 units at a time (`gruGatesS16`), except for weights in the model file's
/// layout (`.compact` memory, meant for microcontrollers without vector units), which run the
/// one-unit rule `gruGateS16`; `.quadsS8` weights run the whole step in the x86 AVX-512 VNNI
/// kernel (`GRUKernel`), `.pairsS8` in the AVX2 one and `.rowQuadsS8` in the arm64 NEON one (C,
/// Sources/CAArch64NEON). Same bits from all.
@inline(__always)
public func gruStepS16(
    hidden h: UnsafeMutablePointer<Int16>, inputProjection x: UnsafePointer<Int32>,
    parameters p: GRUS16Parameters, scratch: UnsafeMutableRawPointer,
    hiddenIsZero: Bool = false
) {
    let hiddenCount = p.hidden
    let rows = 3 &* hiddenCount
    #if canImport(DeepMouseX86AVX512) && arch(x86_64)
        if p.recurrentLayout == .quadsS8 && GRUKernel.x86AVX512VNNI.isAvailable {
            GRUStepAVX512VNNI.step(
                hidden: h, input: x, weights: p.recurrentWeights, bias: p.recurrentBias,
                multipliers: p.recurrentMultipliers, shifts: p.recurrentShifts,
                sigmoid: p.sigmoid.entries, tanh: p.tanh.entries, count: hiddenCount,
                scratch: scratch, hiddenIsZero: hiddenIsZero)
            return
        }
    #endif
    let recurrent = scratch.assumingMemoryBound(to: Int32.self)  // (3H)
    #if canImport(DeepMouseX86AVX2) && arch(x86_64)
        if p.recurrentLayout == .pairsS8 && GRUKernel.x86AVX2.isAvailable {
            GRUStepAVX2.step(
                hidden: h, input: x, weights: p.recurrentWeights, bias: p.recurrentBias,
                multipliers: p.recurrentMultipliers, shifts: p.recurrentShifts,
                sigmoid: p.sigmoid.entries, tanh: p.tanh.entries, count: hiddenCount,
                scratch: recurrent, hiddenIsZero: hiddenIsZero)
            return
        }
    #endif
    #if canImport(CAArch64NEON) && arch(arm64)
        if p.recurrentLayout == .rowQuadsS8 {
            let w = p.recurrentWeights.assumingMemoryBound(to: Int8.self)
            let n = Int32(truncatingIfNeeded: hiddenCount)
            let zero: Int32 = hiddenIsZero ? 1 : 0
            if p.dotProduct {
                deepmouse_neon_dot_gru_step(
                    h, x, w, p.recurrentBias, p.recurrentMultipliers, p.recurrentShifts, p.sigmoid.entries,
                    p.tanh.entries, n, recurrent, zero)
            } else {
                deepmouse_neon_gru_step(
                    h, x, w, p.recurrentBias, p.recurrentMultipliers, p.recurrentShifts, p.sigmoid.entries,
                    p.tanh.entries, n, recurrent, zero)
            }
            return
        }
    #endif
    if hiddenIsZero {
        recurrent.update(repeating: 0, count: rows)
    } else {
        // Only the x86 kernel's product uses scratch, and it never gets here.
        recurrentProductS16(
            recurrent, hidden: UnsafePointer(h), weights: p.recurrentWeights,
            layout: p.recurrentLayout, count: hiddenCount, scratch: scratch, dotProduct: p.dotProduct)
    }
    requantizeRowsToGateS32(
        recurrent, bias: p.recurrentBias, multipliers: p.recurrentMultipliers,
        shifts: p.recurrentShifts, count: rows)
    if p.recurrentLayout == .unitsS8 {
        for i in 0..<hiddenCount {
            h[i] = gruGateS16(
                xz: x[i], xr: x[hiddenCount &+ i], xn: x[2 &* hiddenCount &+ i],
                hz: recurrent[i], hr: recurrent[hiddenCount &+ i], hn: recurrent[2 &* hiddenCount &+ i],
                old: h[i], sigmoid: p.sigmoid, tanh: p.tanh)
        }
    } else {
        gruGatesS16(
            hidden: h, input: x, recurrent: UnsafePointer(recurrent), sigmoid: p.sigmoid, tanh: p.tanh,
            count: hiddenCount)
    }
}
