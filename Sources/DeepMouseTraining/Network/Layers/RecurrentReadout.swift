/// What the dense layer reads from the recurrent layer's states (``ModelConfig/Readout``):
///
///     last:  out = h_T                      dh_T += dout
///     mean:  out = (1/T) Σ_{t=1..T} h_t     dh_t += dout / T   for every t
///
/// The backward half is called by the recurrent layers once per step of backprop through time, just before step t's
/// state gradient is used, so the mean readout needs no (T, B, H) gradient buffer.
enum RecurrentReadout {
    /// `last` needs no copy: the dense layer reads h_T where the recurrent layer left it (`hs + T*B*H`); `mean`
    /// writes the mean into `out`. Returns the dense layer's input (B, H).
    static func forward<S: NetworkScalar>(
        out: UnsafeMutablePointer<S>,  // (B, H), used by `mean`
        hs: UnsafePointer<S>,  // (T+1, B, H) h_0 = 0, h_1 ... h_T
        readout: ModelConfig.Readout,
        B: Int, T: Int, H: Int
    ) -> UnsafePointer<S> {
        let n = B * H
        switch readout {
        case .last:
            return hs + T * n
        case .mean:
            out.update(from: hs + n, count: n)
            for t in stride(from: 2, through: T, by: 1) {
                let h = hs + t * n
                var j = 0
                while j < n {  // eight lanes at a time, the last step partial
                    let w = min(8, n - j)
                    store(load(out + j, w) + load(h + j, w), out + j, w)
                    j += 8
                }
            }
            let scale = SIMD8<S>(repeating: S(1) / S(T))
            var j = 0
            while j < n {
                let w = min(8, n - j)
                store(load(out + j, w) * scale, out + j, w)
                j += 8
            }
            return UnsafePointer(out)
        }
    }

    /// Adds the readout's gradient for h_`step` (1...T) into `dh`: all of `dout` at step T (`last`), `dout / T` at
    /// every step (`mean`).
    static func backward<S: NetworkScalar>(
        dh: UnsafeMutablePointer<S>,  // (B, H) gradient of h_step, accumulated
        dout: UnsafePointer<S>,  // (B, H) gradient of the readout's output
        step: Int,
        readout: ModelConfig.Readout,
        B: Int, T: Int, H: Int
    ) {
        let n = B * H
        let scale: S
        switch readout {
        case .last:
            guard step == T else { return }
            scale = 1
        case .mean:
            scale = S(1) / S(T)
        }
        let s = SIMD8<S>(repeating: scale)
        var j = 0
        while j < n {  // eight lanes at a time, the last step partial
            let w = min(8, n - j)
            store(load(dh + j, w) + load(dout + j, w) * s, dh + j, w)
            j += 8
        }
    }
}
