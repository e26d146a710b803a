// The GRU's recurrent product `h·Wh` for all 3H gate rows: the decision's hot loop (T·3H·H MACs).
// The weights stay int8 in every layout (half the bytes streamed per step of an int16 copy) and
// are widened in registers; integer sums are exact (wrapping, no overflow by construction), so
// every layout and kernel gives the same bits.
//
// - `.rowsS8` (portable kernel): rows (3H, H), four rows per pass over h so that each load of h
//   feeds four products; LLVM turns it into sshll + smlal/smlal2 on arm64 (NEON) and pmaddwd on
//   x86 (`objdump -d | grep -E 'smlal|pmaddwd'`).
// - `.quadsS8` (x86 AVX-512 VNNI kernel, DeepMouseX86AVX512, chosen at run time): blocks of 128
//   rows, four units per 32-bit lane, for `vpdpbusd`, plus a per-row correction; the layout is
//   described in Sources/DeepMouseX86AVX512/GRUStepAVX512VNNI.swift.
// - `.pairsS8` (x86 AVX2 kernel, DeepMouseX86AVX2, chosen at run time): `PairsLayoutS8` with rows 3H and inputs
//   H, 16 bytes per `vpmaddwd` (8 rows x 2 units).
// - `.rowQuadsS8` (arm64 NEON kernels, Sources/CAArch64NEON): `RowQuadsLayoutS8` with rows 3H and inputs H, 16
//   bytes per `sdot` (4 rows x 4 units) or four `smlal`s.
// - `.unitsS8` (compact memory): the model file's (H, 3H), used in place (`matrixVectorS16S8`).
#if canImport(DeepMouseX86AVX512) && arch(x86_64)
    import DeepMouseX86AVX512
#endif
#if canImport(DeepMouseX86AVX2) && arch(x86_64)
    import DeepMouseX86AVX2
#endif

/// How the recurrent weights are laid out (in the arena, or in place in the model bytes).
public enum RecurrentLayout: Sendable {
    /// (3H, H) int8: one contiguous row per gate row (`GRUKernel.portable`).
    case rowsS8
    /// (H, 3H) int8: the model file's own layout, used in place (`.compact` memory).
    case unitsS8
    /// Gate rows padded to 16 and units to 4, [block of 8 row chunks][unit quad][chunk][16 rows]
    /// [4 units] int8, then `-32768·Σ_i w_ij` per padded row as int32 (`GRUKernel.x86AVX512VNNI`).
    case quadsS8
    /// `PairsLayoutS8` of the (3H) x (H) matrix (`GRUKernel.x86AVX2`).
    case pairsS8
    /// `RowQuadsLayoutS8` of the (3H) x (H) matrix, with its offsets (`GRUKernel.arm64NEON`, `.arm64DotProduct`).
    case rowQuadsS8

    /// Bytes of the weights of a GRU of `hidden` units in this layout (a multiple of 4).
    public func byteCount(hidden: Int) -> Int {
        switch self {
        case .rowsS8, .unitsS8: return (3 &* hidden &* hidden &+ 3) / 4 &* 4
        case .quadsS8: return Self.quadsWeightBytes(hidden) &+ 4 &* Self.paddedRows(hidden)
        case .pairsS8: return PairsLayoutS8.byteCount(rows: 3 &* hidden, inputs: hidden)
        case .rowQuadsS8: return RowQuadsLayoutS8.byteCount(rows: 3 &* hidden, inputs: hidden)
        }
    }

    /// Byte index of weight (hidden unit i, gate row j) in the layout.
    @inline(__always)
    public func index(unit i: Int, row j: Int, hidden: Int) -> Int {
        switch self {
        case .rowsS8: return j &* hidden &+ i
        case .unitsS8: return i &* 3 &* hidden &+ j
        case .quadsS8:
            let chunks = Self.paddedRows(hidden) / 16
            let quads = Self.paddedUnits(hidden) / 4
            let chunk = j / 16
            let block = chunk / 8
            let blockChunks = min(8, chunks &- block &* 8)
            return block &* 512 &* quads &+ ((i / 4) &* blockChunks &+ chunk % 8) &* 64 &+ (j % 16) &* 4 &+ i % 4
        case .pairsS8: return PairsLayoutS8.index(input: i, row: j, rows: 3 &* hidden, inputs: hidden)
        case .rowQuadsS8: return RowQuadsLayoutS8.index(input: i, row: j, rows: 3 &* hidden, inputs: hidden)
        }
    }

    /// Lays out the model file's (H, 3H) int8 recurrent weights (`gru.w_h`) in `destination`
    /// (`byteCount(hidden:)` bytes, 4-aligned), with the corrections of `.quadsS8`.
    public func prepare(weights w: UnsafePointer<Int8>, hidden: Int, into destination: UnsafeMutableRawPointer) {
        let rows = 3 &* hidden
        if self == .rowQuadsS8 {
            RowQuadsLayoutS8.prepare(rows: rows, inputs: hidden, into: destination) { i, j in w[i &* rows &+ j] }
            return
        }
        let bytes = destination.assumingMemoryBound(to: Int8.self)
        bytes.initialize(repeating: 0, count: byteCount(hidden: hidden))
        for i in 0..<hidden {
            for j in 0..<rows { bytes[index(unit: i, row: j, hidden: hidden)] = w[i &* rows &+ j] }
        }
        if self == .quadsS8 {
            let corrections = (destination + Self.quadsWeightBytes(hidden)).assumingMemoryBound(to: Int32.self)
            for j in 0..<Self.paddedRows(hidden) {
                var sum: Int32 = 0
                if j < rows { for i in 0..<hidden { sum &+= Int32(w[i &* rows &+ j]) } }
                corrections[j] = 0 &- 32768 &* sum
            }
        }
    }

    /// `.quadsS8`: gate rows padded to 16, units to 4, and the bytes before the corrections.
    @inline(__always) static func paddedRows(_ hidden: Int) -> Int { (3 &* hidden &+ 15) / 16 &* 16 }
    @inline(__always) static func paddedUnits(_ hidden: Int) -> Int { (hidden &+ 3) / 4 &* 4 }
    @inline(__always) static func quadsWeightBytes(_ hidden: Int) -> Int { paddedRows(hidden) &* paddedUnits(hidden) }
}

// `allCases` is an array: not in the Embedded builds (-no-allocations).
#if !hasFeature(Embedded)
    extension RecurrentLayout: CaseIterable {}
#endif

/// Scratch bytes `recurrentProductS16` needs (the `.quadsS8` kernel's padded rows and split h).
public func recurrentProductS16ScratchByteCount(hidden: Int) -> Int {
    4 &* RecurrentLayout.paddedRows(hidden) &+ 2 &* RecurrentLayout.paddedUnits(hidden)
}

/// `out[j] = Σ_i h[i]·W[i][j]` for the 3H rows (int32, exact).
///
/// - out: (3H) int32
/// - hidden: (H) int16 Q0.15
/// - weights: `layout.byteCount(hidden:)` bytes, `layout.prepare`d (or the file's, `.unitsS8`)
/// - scratch: `recurrentProductS16ScratchByteCount(hidden:)` bytes, 64-aligned, not overlapping
///   `out` (only the `.quadsS8` kernel uses it)
/// - dotProduct: `.rowQuadsS8` is read with `sdot` (needs `GRUKernel.arm64DotProduct.isAvailable`)
@inline(__always)
public func recurrentProductS16(
    _ out: UnsafeMutablePointer<Int32>, hidden h: UnsafePointer<Int16>,
    weights: UnsafeRawPointer, layout: RecurrentLayout, count: Int,
    scratch: UnsafeMutableRawPointer, dotProduct: Bool = false
) {
    let rows = 3 &* count
    switch layout {
    case .rowsS8:
        rowsProductS8(out, h, weights.assumingMemoryBound(to: Int8.self), count: count, rows: rows)
    case .unitsS8:
        matrixVectorS16S8(
            output: out, input: h, weights: weights.assumingMemoryBound(to: Int8.self),
            inputCount: count, outputCount: rows)
    case .pairsS8:
        #if canImport(DeepMouseX86AVX2) && arch(x86_64)
            if GRUKernel.x86AVX2.isAvailable {
                PairsProductAVX2.product(out, input: h, weights: weights, count: count, rows: rows)
                return
            }
        #endif
        straightforwardProduct(out, hidden: h, weights: weights, layout: layout, count: count)
    case .rowQuadsS8:
        rowQuadsProductS16S8(
            output: out, input: h, weights: weights.assumingMemoryBound(to: Int8.self), inputCount: count,
            outputCount: rows, dotProduct: dotProduct)
    case .quadsS8:
        #if canImport(DeepMouseX86AVX512) && arch(x86_64)
            if GRUKernel.x86AVX512VNNI.isAvailable {
                let padded = scratch.assumingMemoryBound(to: Int32.self)
                // (the kernel writes the padded rows at `scratch` and the split h after them)
                GRUStepAVX512VNNI.product(padded, hidden: h, weights: weights, count: count, scratch: scratch)
                out.update(from: padded, count: rows)
                return
            }
        #endif
        straightforwardProduct(out, hidden: h, weights: weights, layout: layout, count: count)
    }
}

/// The plain sum over any layout (where the layout's kernel cannot run).
func straightforwardProduct(
    _ out: UnsafeMutablePointer<Int32>, hidden h: UnsafePointer<Int16>, weights: UnsafeRawPointer,
    layout: RecurrentLayout, count: Int
) {
    let w = weights.assumingMemoryBound(to: Int8.self)
    for j in 0..<(3 &* count) {
        var sum: Int32 = 0
        for i in 0..<count { sum &+= Int32(h[i]) &* Int32(w[layout.index(unit: i, row: j, hidden: count)]) }
        out[j] = sum
    }
}

/// Rows (3H, H) int8: four dot products per pass over h, then the remaining rows one by one.
@inline(__always)
func rowsProductS8(
    _ out: UnsafeMutablePointer<Int32>, _ h: UnsafePointer<Int16>, _ w: UnsafePointer<Int8>,
    count: Int, rows: Int
) {
    var j = 0
    while j &+ 4 <= rows {
        let r0 = w + j &* count
        let r1 = r0 + count
        let r2 = r1 + count
        let r3 = r2 + count
        var s0: Int32 = 0
        var s1: Int32 = 0
        var s2: Int32 = 0
        var s3: Int32 = 0
        for i in 0..<count {
            let v = Int32(h[i])
            s0 &+= v &* Int32(r0[i])
            s1 &+= v &* Int32(r1[i])
            s2 &+= v &* Int32(r2[i])
            s3 &+= v &* Int32(r3[i])
        }
        out[j] = s0
        out[j &+ 1] = s1
        out[j &+ 2] = s2
        out[j &+ 3] = s3
        j &+= 4
    }
    while j < rows {
        let r = w + j &* count
        var s: Int32 = 0
        for i in 0..<count { s &+= Int32(h[i]) &* Int32(r[i]) }
        out[j] = s
        j &+= 1
    }
}
