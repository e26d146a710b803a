/// The int8 weight layout of the x86 AVX2 products (`GRUKernel.x86AVX2`; Sources/DeepMouseX86AVX2 reads it):
/// a (rows x inputs) matrix with rows padded to 8 and inputs to 2 (zeros in the padding), in blocks of up to 64
/// rows: [block][input pair][row of the block][2 inputs], so that 16 consecutive bytes are 8 rows x one input
/// pair, the operand of one `vpmaddwd`.
public enum PairsLayoutS8 {
    @inline(__always) static func paddedRows(_ rows: Int) -> Int { (rows &+ 7) / 8 &* 8 }
    @inline(__always) static func paddedInputs(_ inputs: Int) -> Int { (inputs &+ 1) / 2 &* 2 }

    /// Bytes of a (rows x inputs) matrix in the layout (a multiple of 16).
    public static func byteCount(rows: Int, inputs: Int) -> Int { paddedRows(rows) &* paddedInputs(inputs) }

    /// Byte index of weight (input i, row j).
    @inline(__always)
    public static func index(input i: Int, row j: Int, rows: Int, inputs: Int) -> Int {
        let padded = paddedRows(rows)
        let block = j / 64
        let blockRows = min(64, padded &- block &* 64)
        return block &* 64 &* paddedInputs(inputs) &+ (i / 2) &* blockRows &* 2 &+ (j % 64) &* 2 &+ i % 2
    }

    /// Lays out `weight(i, j)` for every input i and row j in `destination` (`byteCount` bytes).
    @inline(__always)
    public static func prepare(
        rows: Int, inputs: Int, into destination: UnsafeMutableRawPointer, weight: (_ input: Int, _ row: Int) -> Int8
    ) {
        let bytes = destination.assumingMemoryBound(to: Int8.self)
        bytes.initialize(repeating: 0, count: byteCount(rows: rows, inputs: inputs))
        for i in 0..<inputs {
            for j in 0..<rows { bytes[index(input: i, row: j, rows: rows, inputs: inputs)] = weight(i, j) }
        }
    }
}

#if canImport(DeepMouseX86AVX2) && arch(x86_64)
    import DeepMouseX86AVX2
#endif

/// `out[j] = Σ_i x[i]·W[i][j]` for j in 0..<rows, W in `PairsLayoutS8` (int32, exact, no bias): the AVX2 kernel
/// where this CPU runs it, else the plain sum over the layout (the same bits).
///
/// - output: (rows) int32
/// - input: (inputs) int16
/// - weights: `PairsLayoutS8.byteCount(rows:inputs:)` bytes
@inline(__always)
public func pairsProductS16S8(
    output: UnsafeMutablePointer<Int32>, input x: UnsafePointer<Int16>, weights: UnsafePointer<Int8>,
    inputCount: Int, outputCount rows: Int
) {
    #if canImport(DeepMouseX86AVX2) && arch(x86_64)
        if GRUKernel.x86AVX2.isAvailable {
            PairsProductAVX2.product(output, input: x, weights: weights, count: inputCount, rows: rows)
            return
        }
    #endif
    for j in 0..<rows {
        var sum: Int32 = 0
        for i in 0..<inputCount {
            let at = PairsLayoutS8.index(input: i, row: j, rows: rows, inputs: inputCount)
            sum &+= Int32(x[i]) &* Int32(weights[at])
        }
        output[j] = sum
    }
}
