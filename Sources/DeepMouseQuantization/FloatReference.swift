import DeepMouseCore

/// A straightforward Double forward pass of `FloatGRUModel` (no BLAS, no tricks): the float
/// semantics the fixed-point engine must reproduce, and the source of calibration ranges.
public struct FloatReference {
    public let model: FloatGRUModel
    public init(model: FloatGRUModel) { self.model = model }

    /// Activations of one window.
    public struct Trace {
        /// Output of each conv block after ReLU and pooling, (N_l / 2, F) row-major.
        public var convOutputs: [[Double]] = []
        /// Largest |pre-activation| of each conv before ReLU (for range reports).
        public var logit: Double = 0
        public var pLeft: Double { 1 / (1 + exp(-logit)) }
    }

    /// `input`: (W, 2) normalised values, row-major.
    public func forward(_ input: [Double]) -> Trace {
        var trace = Trace()
        var x = input
        var length = model.window
        var channels = 2
        for (i, c) in model.convs.enumerated() {
            let w = model.tensor("conv\(i).weight").map(Double.init)  // (K, Cin, Cout)
            let b = model.tensor("conv\(i).bias").map(Double.init)
            let padLeft = (c.kernel - 1) / 2
            var y = [Double](repeating: 0, count: length * c.filters)
            for t in 0..<length {
                for o in 0..<c.filters {
                    var acc = b[o]
                    for k in 0..<c.kernel {
                        let s = t + k - padLeft
                        if s < 0 || s >= length { continue }
                        for ci in 0..<channels { acc += x[s * channels + ci] * w[(k * channels + ci) * c.filters + o] }
                    }
                    y[t * c.filters + o] = max(acc, 0)
                }
            }
            let pooled = length / 2
            var p = [Double](repeating: 0, count: pooled * c.filters)
            for j in 0..<pooled {
                for o in 0..<c.filters {
                    p[j * c.filters + o] = max(y[2 * j * c.filters + o], y[(2 * j + 1) * c.filters + o])
                }
            }
            trace.convOutputs.append(p)
            x = p
            length = pooled
            channels = c.filters
        }
        let h = model.hidden
        let g = 3 * h
        let wx = model.tensor("gru.w_x").map(Double.init)
        let wh = model.tensor("gru.w_h").map(Double.init)
        let bx = model.tensor("gru.b_x").map(Double.init)
        let bh = model.tensor("gru.b_h").map(Double.init)
        var state = [Double](repeating: 0, count: h)
        var sums = [Double](repeating: 0, count: h)
        for t in 0..<length {
            var xp = bx
            var hp = bh
            for j in 0..<g {
                for c in 0..<channels { xp[j] += x[t * channels + c] * wx[c * g + j] }
                for i in 0..<h { hp[j] += state[i] * wh[i * g + j] }
            }
            for i in 0..<h {
                let z = sigmoid(xp[i] + hp[i])
                let r = sigmoid(xp[h + i] + hp[h + i])
                let n = tanh(xp[2 * h + i] + r * hp[2 * h + i])
                state[i] = z * state[i] + (1 - z) * n
                sums[i] += state[i]
            }
        }
        let features = model.readout == .mean ? sums.map { $0 / Double(length) } : state
        let wd = model.tensor("dense.weight").map(Double.init)
        var logit = Double(model.tensor("dense.bias")[0])
        for i in 0..<h { logit += features[i] * wd[i] }
        trace.logit = logit
        return trace
    }
}

@inline(__always) func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
