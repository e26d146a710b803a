import DeepMouseCore
import DeepMouseTraining
import Foundation

/// Hand-made features of one window of raw (dx, dy) deltas (in the stream's unit, before
/// normalisation), for the feature baseline: how the pointer moves, not what the network learns.
///
/// Families: still (fraction of zero-motion samples, pause length), strokes (runs of motion and
/// their straightness), speed and acceleration percentiles, speed-weighted motion-direction
/// histogram (8 headings), curvature (signed turn) by heading, and axis statistics (dx/dy
/// correlation, means, spreads, net direction). Headings use screen coordinates (y down): bin 0
/// is +x, bin 2 is +y (down), bin 4 is −x, bin 6 is −y. Percentiles interpolate linearly (as numpy).
public enum MotionFeatures {
    public static let directions = ["right", "down-right", "down", "down-left", "left", "up-left", "up", "up-right"]
    static let speedPercentiles: [Double] = [10, 25, 50, 75, 90, 99]
    static let accelerationPercentiles: [Double] = [50, 90, 99]

    /// Feature names in the order `features` returns them.
    public static let names: [String] = {
        var n = [
            "still_fraction", "pause_mean_len", "moving_runs_per_s", "run_mean_len", "run_straightness", "speed_mean"
        ]
        n += speedPercentiles.map { "speed_p\(Int($0))" }
        n += accelerationPercentiles.map { "accel_p\(Int($0))" } + ["jerk_mean"]
        n += directions.map { "dir_\($0)" } + directions.map { "turn_\($0)" }
        n += ["turn_mean", "turn_abs_mean", "turn_ccw_fraction"]
        n += [
            "corr_dx_dy", "corr_dx_dy_moving", "abs_dx_over_dy", "mean_dx", "mean_dy", "std_dx", "std_dy",
            "net_angle_cos", "net_angle_sin"
        ]
        return n
    }()

    /// Features of every window of `windows` (raw, not normalised).  // (N, W, 2) -> (N, F)
    public static func matrix(_ windows: WindowSet) -> [[Double]] {
        let size = 2 * windows.window
        return (0..<windows.count).map { i in
            features(Array(windows.inputs[(i * size)..<((i + 1) * size)]).map(Double.init))
        }
    }

    /// Features of one window of interleaved (dx, dy).  // (W, 2) -> (F)
    public static func features(_ window: [Double]) -> [Double] {
        let w = window.count / 2
        let dx = (0..<w).map { window[2 * $0] }
        let dy = (0..<w).map { window[2 * $0 + 1] }
        let speed = (0..<w).map { (dx[$0] * dx[$0] + dy[$0] * dy[$0]).squareRoot() }
        let moving = speed.map { $0 > 0 }
        var f: [Double] = []
        // Still and strokes.
        f.append(1 - Double(moving.filter { $0 }.count) / Double(w))
        let pauses = runs(moving.map { !$0 })
        let strokes = runs(moving)
        f.append(mean(pauses.map { Double($0.count) }))
        f.append(Double(strokes.count) / (Double(w) / 100))
        f.append(mean(strokes.map { Double($0.count) }))
        let straightness = strokes.filter { $0.count >= 3 }.map { r -> Double in
            let path = r.reduce(0.0) { $0 + speed[$1] }
            let sx = r.reduce(0.0) { $0 + dx[$1] }
            let sy = r.reduce(0.0) { $0 + dy[$1] }
            return (sx * sx + sy * sy).squareRoot() / path
        }
        f.append(mean(straightness))
        // Speed and acceleration.
        let movingSpeed = speed.enumerated().filter { moving[$0.offset] }.map(\.element)
        let speeds = movingSpeed.isEmpty ? [0] : movingSpeed
        f.append(mean(speeds))
        f += speedPercentiles.map { percentile(speeds, $0) }
        var accelerations: [Double] = []
        var steps: [Double] = []
        for i in 1..<max(1, w) {
            let ax = dx[i] - dx[i - 1]
            let ay = dy[i] - dy[i - 1]
            let a = (ax * ax + ay * ay).squareRoot()
            steps.append(a)
            if moving[i] && moving[i - 1] { accelerations.append(a) }
        }
        let acc = accelerations.isEmpty ? [0] : accelerations
        f += accelerationPercentiles.map { percentile(acc, $0) }
        f.append(mean((1..<max(1, steps.count)).map { abs(steps[$0] - steps[$0 - 1]) }))
        // Direction histogram, speed-weighted.
        let bins = directions.count
        let angle = (0..<w).map { atan2(dy[$0], dx[$0]) }
        let bin = angle.map { a -> Int in
            let k = Int(((a + Double.pi / Double(bins)) / (2 * Double.pi / Double(bins))).rounded(.down))
            return ((k % bins) + bins) % bins
        }
        var histogram = [Double](repeating: 0, count: bins)
        for i in 0..<w where moving[i] { histogram[bin[i]] += speed[i] }
        let total = max(histogram.reduce(0, +), 1e-9)
        f += histogram.map { $0 / total }
        // Curvature: signed turn between consecutive moving samples, speed-weighted per heading.
        var turnSum = [Double](repeating: 0, count: bins)
        var turnWeight = [Double](repeating: 0, count: bins)
        var turns: [Double] = []
        for i in 1..<max(1, w) where moving[i] && moving[i - 1] {
            var t = angle[i] - angle[i - 1]
            t = atan2(sin(t), cos(t))
            turns.append(t)
            turnSum[bin[i]] += t * speed[i]
            turnWeight[bin[i]] += speed[i]
        }
        f += (0..<bins).map { turnWeight[$0] > 0 ? turnSum[$0] / turnWeight[$0] : 0 }
        f.append(mean(turns))
        f.append(mean(turns.map(abs)))
        let nonzero = turns.filter { abs($0) > 1e-9 }
        f.append(nonzero.isEmpty ? 0.5 : Double(nonzero.filter { $0 > 0 }.count) / Double(nonzero.count))
        // Axes.
        f.append(correlation(dx, dy))
        let mdx = (0..<w).filter { moving[$0] }.map { dx[$0] }
        let mdy = (0..<w).filter { moving[$0] }.map { dy[$0] }
        f.append(correlation(mdx, mdy))
        f.append(dx.reduce(0) { $0 + abs($1) } / max(dy.reduce(0) { $0 + abs($1) }, 1e-9))
        f += [mean(dx), mean(dy), standardDeviation(dx), standardDeviation(dy)]
        let sx = dx.reduce(0, +)
        let sy = dy.reduce(0, +)
        let net = (sx * sx + sy * sy).squareRoot()
        f += net > 0 ? [sx / net, sy / net] : [0, 0]
        return f
    }

    /// Index ranges of the runs of `true`.
    static func runs(_ mask: [Bool]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int? = nil
        for (i, m) in mask.enumerated() {
            if m, start == nil { start = i }
            if !m, let s = start {
                result.append(s..<i)
                start = nil
            }
        }
        if let s = start { result.append(s..<mask.count) }
        return result
    }

    static func mean(_ x: [Double]) -> Double { x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count) }

    static func standardDeviation(_ x: [Double]) -> Double {
        let m = mean(x)
        return x.isEmpty ? 0 : (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)).squareRoot()
    }

    /// Pearson correlation; 0 when either side has no spread or fewer than 3 values.
    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count >= 3 else { return 0 }
        let ma = mean(a)
        let mb = mean(b)
        var sab = 0.0
        var saa = 0.0
        var sbb = 0.0
        for i in a.indices {
            sab += (a[i] - ma) * (b[i] - mb)
            saa += (a[i] - ma) * (a[i] - ma)
            sbb += (b[i] - mb) * (b[i] - mb)
        }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }

    /// Linear-interpolation percentile (numpy's default) of non-empty `x`.
    static func percentile(_ x: [Double], _ p: Double) -> Double {
        let s = x.sorted()
        let rank = p / 100 * Double(s.count - 1)
        let lo = Int(rank.rounded(.down))
        let hi = min(lo + 1, s.count - 1)
        return s[lo] + (rank - Double(lo)) * (s[hi] - s[lo])
    }
}
