import DeepMouseCore
import Testing

/// The compact-memory matrix-vector kernel (int16 x int8 weights used in place): both loop orders
/// (by columns on 32-bit ARM, by inputs elsewhere) bit for bit against a naive sum, on shapes
/// that exercise the four-column blocks and their remainder, unaligned weights, and extremes.
@Suite struct MatrixVectorTests {
    /// Core's SplitMix64, so the cases are the same on every run.
    struct Generator {
        var mixer: SplitMix64
        init(state: UInt64) { mixer = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { mixer.next() }
    }

    typealias Kernel =
        @Sendable (UnsafeMutablePointer<Int32>, UnsafePointer<Int16>, UnsafePointer<Int8>, Int, Int) -> Void
    static let kernels: [(String, Kernel)] = [
        ("dispatch", { matrixVectorS16S8(output: $0, input: $1, weights: $2, inputCount: $3, outputCount: $4) }),
        (
            "by columns",
            { matrixVectorS16S8ByColumns(output: $0, input: $1, weights: $2, inputCount: $3, outputCount: $4) }
        ),
        (
            "by inputs",
            { matrixVectorS16S8ByInputs(output: $0, input: $1, weights: $2, inputCount: $3, outputCount: $4) }
        )
    ]

    /// Runs every kernel on `x` (K) and `w` (K, N) placed `offset` bytes into a buffer, and
    /// compares with the naive sum (wrapping, so even overflowing cases must agree).
    func check(x: [Int16], w: [Int8], n: Int, offset: Int) {
        let k = x.count
        var expected = [Int32](repeating: 0, count: n)
        for j in 0..<n { for i in 0..<k { expected[j] &+= Int32(x[i]) &* Int32(w[i * n + j]) } }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: w.count + offset + 4, alignment: 16)
        defer { storage.deallocate() }
        let weights = (storage.baseAddress! + offset).bindMemory(to: Int8.self, capacity: w.count)
        weights.update(from: w, count: w.count)
        for (name, kernel) in Self.kernels {
            var out = [Int32](repeating: -7, count: n)
            out.withUnsafeMutableBufferPointer { o in
                x.withUnsafeBufferPointer { xb in kernel(o.baseAddress!, xb.baseAddress!, weights, k, n) }
            }
            #expect(out == expected, "\(name), K \(k), N \(n), weights at +\(offset)")
        }
    }

    @Test(arguments: [(1, 1), (3, 4), (5, 7), (32, 384), (128, 384), (17, 13)])
    func bothLoopOrdersMatchANaiveSum(k: Int, n: Int) {
        var g = Generator(state: UInt64(k * 1000 + n))
        let x = (0..<k).map { _ in Int16(truncatingIfNeeded: g.next()) }
        let w = (0..<(k * n)).map { _ in Int8(Int(g.next() % 255) - 127) }  // -127...127
        for offset in 0..<4 { check(x: x, w: w, n: n, offset: offset) }
    }

    @Test func extremesAtTheLongestDotProductAgree() {
        let k = 512
        let n = 9
        // The largest sums the recipe allows (|x| <= 32767, |w| <= 127), and beyond it (-32768,
        // -128: a hostile file) where the sums wrap, identically in every loop order.
        check(x: [Int16](repeating: 32767, count: k), w: [Int8](repeating: 127, count: k * n), n: n, offset: 1)
        check(x: [Int16](repeating: -32768, count: k), w: [Int8](repeating: -128, count: k * n), n: n, offset: 3)
        check(
            x: (0..<k).map { $0 % 2 == 0 ? 32767 : -32768 }, w: (0..<(k * n)).map { $0 % 3 == 0 ? -128 : 127 },
            n: n, offset: 0)
    }
}
