import DeepMouseCore

/// A straightforward integer forward pass over one whole window, written independently of the
/// core's kernels and streaming machinery (plain arrays, Int64 arithmetic, padding by bounds
/// checks). It defines what the engine must output bit for bit, and computes the golden output
/// stored in each model file.
public struct FixedPointReference {
    public let model: QuantizedModel
    public init(model: QuantizedModel) { self.model = model }

    /// `(x * m + 2^(s-1)) >> s`, the engine's one rounding rule.
    static func requantize(_ x: Int64, _ m: QuantizedMultiplier) -> Int64 {
        let s = Int64(m.shift)
        return (x * Int64(m.multiplier) + (Int64(1) << (s - 1))) >> s
    }

    static func roundShift(_ x: Int64, _ s: Int64) -> Int64 { (x + (Int64(1) << (s - 1))) >> s }

    static func lookup(_ table: [Int16], _ x: Int64) -> Int64 {
        let clamped = max(-32768, min(32767, x))
        let u = clamped + 32768
        let i = Int(u >> 7)
        let f = u & 127
        let a = Int64(table[i])
        let b = Int64(table[i + 1])
        return a + roundShift((b - a) * f, 7)
    }

    static func gateClamp(_ v: Int64) -> Int64 { max(-16_777_216, min(16_777_216, v)) }

    /// The decision for one window of int16 inputs ((W, 2) row-major), ignoring the still rule.
    public func classify(_ input: [Int16]) -> (pLeftQ15: Int16, logitQ12: Int32) {
        var x = input.map { Int64($0) }
        var length = Int(model.architecture.window)
        var channels = 2
        for c in model.convs {
            let padLeft = (c.kernel - 1) / 2
            var y = [Int64](repeating: 0, count: length * c.outChannels)
            for t in 0..<length {
                for o in 0..<c.outChannels {
                    var acc = Int64(c.bias[o])
                    for k in 0..<c.kernel {
                        let s = t + k - padLeft
                        guard s >= 0 && s < length else { continue }
                        for ci in 0..<channels {
                            acc += x[s * channels + ci] * Int64(c.weight[(k * channels + ci) * c.outChannels + o])
                        }
                    }
                    y[t * c.outChannels + o] = max(0, min(32767, Self.requantize(acc, c.multipliers[o])))
                }
            }
            let pooled = length / 2
            x = (0..<(pooled * c.outChannels)).map { idx in
                let j = idx / c.outChannels
                let o = idx % c.outChannels
                return max(y[2 * j * c.outChannels + o], y[(2 * j + 1) * c.outChannels + o])
            }
            length = pooled
            channels = c.outChannels
        }
        let g = model.gru
        let h = g.hidden
        let rows = 3 * h
        var state = [Int64](repeating: 0, count: h)
        var sums = [Int64](repeating: 0, count: h)
        for t in 0..<length {
            var xp = [Int64](repeating: 0, count: rows)
            var hp = xp
            for j in 0..<rows {
                var ax = Int64(g.inputBias[j])
                for c in 0..<channels { ax += x[t * channels + c] * Int64(g.inputWeight[c * rows + j]) }
                xp[j] = Self.gateClamp(Self.requantize(ax, g.inputMultipliers[j]))
                var ah = Int64(g.recurrentBias[j])
                for i in 0..<h { ah += state[i] * Int64(g.recurrentWeight[i * rows + j]) }
                hp[j] = Self.gateClamp(Self.requantize(ah, g.recurrentMultipliers[j]))
            }
            for i in 0..<h {
                let z = Self.lookup(model.sigmoidTable, xp[i] + hp[i])
                let r = Self.lookup(model.sigmoidTable, xp[h + i] + hp[h + i])
                let n = Self.lookup(model.tanhTable, xp[2 * h + i] + Self.roundShift(r * hp[2 * h + i], 15))
                state[i] = max(-32768, min(32767, n + Self.roundShift(z * (state[i] - n), 15)))
                sums[i] += state[i]
            }
        }
        // Mean readout: Σ h_t / T to the nearest Q0.15 step, ties up, i.e. floor((2 Σ + T) / (2 T)).
        let steps = Int64(length)
        let features =
            model.architecture.readout == .mean
            ? sums.map { Int64((Double(2 * $0 + steps) / Double(2 * steps)).rounded(.down)) } : state
        var acc = Int64(model.dense.bias)
        for i in 0..<h { acc += features[i] * Int64(model.dense.weight[i]) }
        let logit = Self.gateClamp(Self.requantize(acc, model.dense.multiplier))
        return (Int16(Self.lookup(model.sigmoidTable, logit)), Int32(logit))
    }

    /// The still rule on int16 inputs, as the engine computes it.
    public func isStill(_ input: [Int16]) -> Bool {
        let w = Int64(model.architecture.window)
        for axis in 0..<2 {
            var s: Int64 = 0
            var s2: Int64 = 0
            for i in 0..<Int(w) {
                let v = Int64(input[2 * i + axis])
                s += v
                s2 += v * v
            }
            if w * s2 - s * s <= model.stillBound[axis] { return true }
        }
        return false
    }
}
