import Foundation

/// Maps data values onto a pixel range, linearly or logarithmically, and chooses readable ticks
/// (1-2-5 steps, or powers of ten on a log axis).
public struct Scale: Sendable {
    public var lower: Double
    public var upper: Double
    public var logarithmic: Bool
    /// Pixel positions of `lower` and `upper` (the y axis runs upwards: `pixelStart` > `pixelEnd`).
    public var pixelStart: Double
    public var pixelEnd: Double

    /// A scale covering `values` (padded by `padding` of the span on a linear axis, widened to
    /// whole ticks); a log scale needs positive values.
    public init(
        covering values: [Double], logarithmic: Bool = false, pixels: (Double, Double),
        padding: Double = 0.05, includeZero: Bool = false, clampTo limits: ClosedRange<Double>? = nil
    ) {
        let finite = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        var lo = finite.min() ?? (logarithmic ? 1 : 0)
        var hi = finite.max() ?? (logarithmic ? 10 : 1)
        if includeZero {
            lo = min(lo, 0)
            hi = max(hi, 0)
        }
        self.logarithmic = logarithmic
        pixelStart = pixels.0
        pixelEnd = pixels.1
        if logarithmic {
            if hi <= lo {
                lo /= 2
                hi *= 2
            }
            lower = pow(10, floor(log10(lo) * 4) / 4)
            upper = pow(10, ceil(log10(hi) * 4) / 4)
        } else {
            if hi <= lo {
                let pad = max(abs(lo) * 0.1, 0.5)
                lo -= pad
                hi += pad
            }
            let span = hi - lo
            lo -= span * padding
            hi += span * padding
            if includeZero && (values.min() ?? 0) >= 0 { lo = max(lo, 0) }
            if let limits {
                lo = max(lo, limits.lowerBound)
                hi = min(hi, limits.upperBound)
            }
            lower = lo
            upper = hi
        }
    }

    public init(lower: Double, upper: Double, logarithmic: Bool = false, pixels: (Double, Double)) {
        self.lower = lower
        self.upper = upper
        self.logarithmic = logarithmic
        pixelStart = pixels.0
        pixelEnd = pixels.1
    }

    /// The pixel of `value` (clamped to the axis).
    public func pixel(_ value: Double) -> Double {
        let t: Double
        if logarithmic {
            t = (log10(max(value, 1e-300)) - log10(lower)) / (log10(upper) - log10(lower))
        } else {
            t = (value - lower) / (upper - lower)
        }
        return pixelStart + min(max(t, 0), 1) * (pixelEnd - pixelStart)
    }

    /// About `target` ticks inside the range.
    public func ticks(target: Int = 5) -> [Double] {
        if logarithmic {
            let a = Int(ceil(log10(lower) - 1e-9))
            let b = Int(floor(log10(upper) + 1e-9))
            var ticks = (a...max(a, b)).map { pow(10, Double($0)) }.filter {
                $0 >= lower * 0.999 && $0 <= upper * 1.001
            }
            if ticks.count < 3 {
                let extra = (a - 1...b).flatMap { e in [2.0, 5.0].map { $0 * pow(10, Double(e)) } }
                ticks = (ticks + extra.filter { $0 >= lower && $0 <= upper }).sorted()
            }
            return ticks
        }
        let step = Self.niceStep((upper - lower) / Double(max(1, target)))
        let first = Int(ceil(lower / step - 1e-9))
        let last = Int(floor(upper / step + 1e-9))
        guard first <= last else { return [] }
        // k × step, rounded to the step's precision so labels and data attributes read cleanly.
        let digits = max(0, -Int(floor(log10(step))) + 2)
        let unit = pow(10, Double(digits))
        return (first...last).map { (Double($0) * step * unit).rounded() / unit }
    }

    /// The 1-2-2.5-5 step nearest to `raw` (at least 3/4 of it).
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * magnitude >= raw * 0.75 { return m * magnitude }
        return 10 * magnitude
    }

    /// A short label for a tick value.
    public func label(_ value: Double) -> String { Self.format(value) }

    /// Compact number formatting: `0.001`, `0.25`, `128`, `1e-05`, `2.5e+04`.
    public static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        let a = abs(value)
        if a < 1e-3 || a >= 1e5 {
            let e = Int(floor(log10(a)))
            let m = value / pow(10, Double(e))
            let mantissa = abs(m - m.rounded()) < 1e-9 ? String(Int(m.rounded())) : String(format: "%.1f", m)
            return "\(mantissa)e\(e)"
        }
        var s = String(format: "%.4f", value)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
