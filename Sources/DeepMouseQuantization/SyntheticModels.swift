import DeepMouseCore

/// Seeded random float models and motion, for tests and benchmarks before (and besides) the
/// trained checkpoints: Glorot-uniform weights, small biases, cursor-like integer deltas.
public enum SyntheticModels {
    public static func model(convs: [FloatGRUModel.Conv], hidden: Int, window: Int, seed: UInt64) -> FloatGRUModel {
        var rng = SplitMix64(seed: seed)
        func tensor(_ count: Int, fanIn: Int, fanOut: Int) -> [Float] {
            let a = (6.0 / Double(fanIn + fanOut)).squareRoot()
            return (0..<count).map { _ in Float(rng.signedUnit() * a) }
        }
        func bias(_ count: Int) -> [Float] { (0..<count).map { _ in Float(rng.signedUnit() * 0.1) } }
        var tensors: [String: [Float]] = [:]
        var cin = 2
        for (i, c) in convs.enumerated() {
            tensors["conv\(i).weight"] = tensor(c.kernel * cin * c.filters, fanIn: c.kernel * cin, fanOut: c.filters)
            tensors["conv\(i).bias"] = bias(c.filters)
            cin = c.filters
        }
        tensors["gru.w_x"] = tensor(cin * 3 * hidden, fanIn: cin, fanOut: 3 * hidden)
        tensors["gru.w_h"] = tensor(hidden * 3 * hidden, fanIn: hidden, fanOut: 3 * hidden)
        tensors["gru.b_x"] = bias(3 * hidden)
        tensors["gru.b_h"] = bias(3 * hidden)
        tensors["dense.weight"] = tensor(hidden, fanIn: hidden, fanOut: 1).map { $0 * 3 }
        tensors["dense.bias"] = bias(1)
        return FloatGRUModel(convs: convs, hidden: hidden, preprocessing: .init(window: window), tensors: tensors)
    }

    /// A cursor-like stream of integer px deltas: smooth strokes with pauses, (count, 2).
    public static func motion(count: Int, seed: UInt64) -> [Int32] {
        var rng = SplitMix64(seed: seed)
        var out: [Int32] = []
        out.reserveCapacity(2 * count)
        var vx = 0.0
        var vy = 0.0
        var pause = 0
        for _ in 0..<count {
            if pause > 0 {
                pause -= 1
                out += [0, 0]
                continue
            }
            if rng.signedUnit() > 0.995 { pause = Int((rng.signedUnit() + 1) * 60) }
            vx = 0.9 * vx + 2.5 * rng.signedUnit()
            vy = 0.9 * vy + 2.0 * rng.signedUnit()
            out += [Int32(vx.rounded()), Int32(vy.rounded())]
        }
        return out
    }
}
