/// The int8 weight layout of the arm64 NEON products (`GRUKernel.arm64NEON`, `.arm64DotProduct`;
/// Sources/CAArch64NEON reads it): a (rows x inputs) matrix with rows padded to 16 and inputs to 4 (zeros in the
/// padding), [block of 16 rows][input quad][row of the block][4 inputs], so that 16 consecutive bytes are 4 rows x 4
/// consecutive inputs (one `sdot` operand, or four `smlal`s after sign extension); then one int32 per padded row,
/// `128·Σ_i w_ij`, the offset of the dot-product kernel's split of the int16 inputs into bytes.
public enum RowQuadsLayoutS8 {
    @inline(__always) static func paddedRows(_ rows: Int) -> Int { (rows &+ 15) / 16 &* 16 }
    @inline(__always) static func paddedInputs(_ inputs: Int) -> Int { (inputs &+ 3) / 4 &* 4 }

    /// Bytes of a (rows x inputs) matrix in the layout, offsets included (a multiple of 64).
    public static func byteCount(rows: Int, inputs: Int) -> Int {
        paddedRows(rows) &* paddedInputs(inputs) &+ 4 &* paddedRows(rows)
    }

    /// Byte index of weight (input i, row j).
    @inline(__always)
    public static func index(input i: Int, row j: Int, rows: Int, inputs: Int) -> Int {
        (j / 16) &* 16 &* paddedInputs(inputs) &+ (i / 4) &* 64 &+ (j % 16) &* 4 &+ i % 4
    }

    /// Lays out `weight(i, j)` for every input i and row j in `destination` (`byteCount` bytes, 4-aligned), and the
    /// rows' offsets after them.
    @inline(__always)
    public static func prepare(
        rows: Int, inputs: Int, into destination: UnsafeMutableRawPointer, weight: (_ input: Int, _ row: Int) -> Int8
    ) {
        let bytes = destination.assumingMemoryBound(to: Int8.self)
        let weightBytes = paddedRows(rows) &* paddedInputs(inputs)
        bytes.initialize(repeating: 0, count: byteCount(rows: rows, inputs: inputs))
        let offsets = (destination + weightBytes).assumingMemoryBound(to: Int32.self)
        for j in 0..<rows {
            var sum: Int32 = 0
            for i in 0..<inputs {
                let w = weight(i, j)
                bytes[index(input: i, row: j, rows: rows, inputs: inputs)] = w
                sum &+= Int32(w)
            }
            offsets[j] = 128 &* sum
        }
    }
}

#if canImport(CAArch64NEON) && arch(arm64)
    import CAArch64NEON
#endif

/// `out[j] = Σ_i x[i]·W[i][j]` for j in 0..<rows, W in `RowQuadsLayoutS8` (int32, exact, no bias): the arm64 NEON
/// kernel (with `sdot` when `dotProduct`, which needs `GRUKernel.arm64DotProduct.isAvailable`) in an arm64 build
/// that has it, else the plain sum over the layout (the same bits).
///
/// - output: (rows) int32
/// - input: (inputs) int16, inputs <= `ModelArchitecture.maxDotProductLength`
/// - weights: `RowQuadsLayoutS8.byteCount(rows:inputs:)` bytes
@inline(__always)
public func rowQuadsProductS16S8(
    output: UnsafeMutablePointer<Int32>, input x: UnsafePointer<Int16>, weights: UnsafePointer<Int8>,
    inputCount: Int, outputCount rows: Int, dotProduct: Bool
) {
    #if canImport(CAArch64NEON) && arch(arm64)
        if dotProduct {
            deepmouse_neon_dot_product_s16s8(output, x, weights, Int32(inputCount), Int32(rows))
        } else {
            deepmouse_neon_product_s16s8(output, x, weights, Int32(inputCount), Int32(rows))
        }
    #else
        for j in 0..<rows {
            var sum: Int32 = 0
            for i in 0..<inputCount {
                sum &+=
                    Int32(x[i])
                    &* Int32(weights[RowQuadsLayoutS8.index(input: i, row: j, rows: rows, inputs: inputCount)])
            }
            output[j] = sum
        }
    #endif
}
