import Foundation

/// One line of a line plot: a mean per x with an optional band (e.g. ± one standard deviation
/// over seeds, or min..max).
public struct LineSeries: Sendable {
    /// One point, with an optional band (low...high) drawn around it.
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        public var low: Double?
        public var high: Double?
        /// How many runs the mean is over (shown in the tooltip).
        public var count: Int?

        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil, count: Int? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
            self.count = count
        }
    }

    public var name: String
    public var points: [Point]
    public var color: String?
    public var dashed: Bool
    public var markers: Bool
    /// Draw the line through the points (false: markers only, a scatter).
    public var connected: Bool

    /// `inGivenOrder` keeps the points as given (a trade-off curve traced by a threshold) instead
    /// of sorting them by x.
    public init(
        name: String, points: [Point], color: String? = nil, dashed: Bool = false, markers: Bool = true,
        connected: Bool = true, inGivenOrder: Bool = false
    ) {
        self.name = name
        self.points = inGivenOrder ? points : points.sorted { $0.x < $1.x }
        self.color = color
        self.dashed = dashed
        self.markers = markers || !connected
        self.connected = connected
    }
}

/// A horizontal reference line with a label (a baseline's accuracy, chance level).
public struct ReferenceLine: Sendable {
    public var label: String
    public var y: Double
    public var color: String

    public init(label: String, y: Double, color: String = "#777") {
        self.label = label
        self.y = y
        self.color = color
    }
}

/// Lines with seed-mean and a band, markers carrying their data (`data-x`, `data-y`), optional
/// reference lines: learning curves, accuracy against a swept parameter, regret curves.
public struct LinePlot: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [LineSeries]
    public var references: [ReferenceLine] = []
    public var xLogarithmic = false
    public var yLogarithmic = false
    /// Fix the y range (e.g. 0.4...1 for accuracies); nil fits the data.
    public var yRange: ClosedRange<Double>? = nil

    public init(title: String, xLabel: String, yLabel: String, series: [LineSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    public var svg: SVGElement {
        var frame = PlotFrame(
            title: title, xLabel: xLabel, yLabel: yLabel, legend: series.count > 1 || !references.isEmpty)
        let xs = series.flatMap { $0.points.map(\.x) }
        frame.integerX = !xLogarithmic && !xs.isEmpty && xs.allSatisfy { $0 == $0.rounded() }
        let ys =
            series.flatMap { $0.points.flatMap { [$0.y, $0.low, $0.high].compactMap { $0 } } } + references.map(\.y)
        let x = Scale(covering: xs, logarithmic: xLogarithmic, pixels: frame.xPixels, padding: 0.03)
        let y =
            yRange.map {
                Scale(lower: $0.lowerBound, upper: $0.upperBound, logarithmic: yLogarithmic, pixels: frame.yPixels)
            }
            ?? Scale(covering: ys, logarithmic: yLogarithmic, pixels: frame.yPixels)
        var marks: [SVGElement] = []
        var legend: [(name: String, color: String, style: String)] = []
        for r in references {
            let py = y.pixel(r.y)
            marks.append(
                SVG.group(
                    [
                        SVG.line(frame.plotLeft, py, frame.plotRight, py, stroke: r.color, width: 1.5, dash: "6 4"),
                        SVG.title("\(r.label): \(Scale.format(r.y))")
                    ],
                    [("class", "reference"), ("data-label", r.label), ("data-y", "\(r.y)")]))
            legend.append(("\(r.label) \(String(format: "%.3f", r.y))", r.color, "dash"))
        }
        for (i, s) in series.enumerated() {
            let color = s.color ?? Palette.color(i)
            var children: [SVGElement] = []
            let banded = s.points.filter { $0.low != nil && $0.high != nil }
            let hasBand = banded.contains { $0.high! - $0.low! > 0 }
            if banded.count >= 2 {
                let upper = banded.map { (x.pixel($0.x), y.pixel($0.high!)) }
                let lower = banded.reversed().map { (x.pixel($0.x), y.pixel($0.low!)) }
                children.append(SVG.polygon(upper + lower, fill: color, opacity: 0.18))
            } else if banded.count == 1, let p = banded.first {
                children.append(
                    SVG.line(x.pixel(p.x), y.pixel(p.low!), x.pixel(p.x), y.pixel(p.high!), stroke: color, width: 2))
            }
            if s.connected {
                children.append(
                    SVG.polyline(
                        s.points.map { (x.pixel($0.x), y.pixel($0.y)) }, stroke: color, width: 2.2,
                        dash: s.dashed ? "7 4" : nil))
            }
            for p in s.points {
                var tip = "\(s.name): \(xLabel) \(Scale.format(p.x)) → \(String(format: "%.4f", p.y))"
                if let lo = p.low, let hi = p.high {
                    tip += " [\(String(format: "%.4f", lo)), \(String(format: "%.4f", hi))]"
                }
                if let n = p.count { tip += " (n=\(n))" }
                var data = [("class", "point"), ("data-x", "\(p.x)"), ("data-y", "\(p.y)")]
                if let lo = p.low, let hi = p.high { data += [("data-low", "\(lo)"), ("data-high", "\(hi)")] }
                let radius = s.markers ? 3.5 : 1.2
                var dot = SVG.circle(
                    x.pixel(p.x), y.pixel(p.y), r: radius, fill: color, stroke: s.markers ? "white" : color,
                    extra: data)
                dot.children = [SVG.title(tip)]
                children.append(dot)
            }
            marks.append(SVG.group(children, [("class", "series"), ("data-name", s.name)]))
            legend.append((s.name, color, !s.connected ? "dot" : !hasBand ? (s.dashed ? "dash" : "line") : "band"))
        }
        var children = frame.axes(x: x, y: y) + marks
        if frame.right > 100 { children.append(frame.legend(legend)) }
        return frame.document(children, kind: "line-plot")
    }
}
