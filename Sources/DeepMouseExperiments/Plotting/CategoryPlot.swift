import Foundation

/// Values per category (model, recurrent type, setting) with error bars, as bars or points;
/// several series are drawn side by side within each category.
public struct CategoryPlot: Sendable {
    /// Bars for counts and accuracies from zero, points for values on a narrow range.
    public enum Style: Sendable { case bars, points }

    /// One named series: a value per category.
    public struct Series: Sendable {
        public var name: String
        /// One per category; nil leaves a gap.
        public var values: [Double?]
        /// Half-width of the error bar per category (e.g. one standard deviation).
        public var errors: [Double?]
        public var counts: [Int?]

        public init(name: String, values: [Double?], errors: [Double?]? = nil, counts: [Int?]? = nil) {
            self.name = name
            self.values = values
            self.errors = errors ?? values.map { _ in nil }
            self.counts = counts ?? values.map { _ in nil }
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var categories: [String]
    public var series: [Series]
    public var style: Style = .bars
    public var references: [ReferenceLine] = []
    public var yRange: ClosedRange<Double>? = nil

    public init(
        title: String, xLabel: String, yLabel: String, categories: [String], series: [Series], style: Style = .bars
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
        self.style = style
    }

    public var svg: SVGElement {
        var frame = PlotFrame(
            title: title, xLabel: xLabel, yLabel: yLabel, legend: series.count > 1 || !references.isEmpty)
        // Long category names are drawn slanted: make room below the axis for them.
        let longest = Double(min(18, categories.map(\.count).max() ?? 0)) * 6.4
        if longest > (frame.plotRight - frame.plotLeft) / Double(max(1, categories.count)) * 0.95 {
            let extra = (longest * 0.58).rounded(.up)
            frame.bottom += extra
            frame.height += extra
        }
        var ys: [Double] = references.map(\.y)
        for s in series {
            for (v, e) in zip(s.values, s.errors) { if let v { ys += [v - (e ?? 0), v + (e ?? 0)] } }
        }
        let y =
            yRange.map { Scale(lower: $0.lowerBound, upper: $0.upperBound, pixels: frame.yPixels) }
            ?? Scale(covering: ys, pixels: frame.yPixels, includeZero: style == .bars)
        let slot = (frame.plotRight - frame.plotLeft) / Double(max(1, categories.count))
        let groupWidth = slot * (style == .bars ? 0.72 : 0.5)
        let width = groupWidth / Double(max(1, series.count))
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
        let base = y.pixel(max(y.lower, min(0, y.upper)))
        for (k, s) in series.enumerated() {
            let color = Palette.color(k)
            var children: [SVGElement] = []
            for (c, value) in s.values.enumerated() {
                guard let value else { continue }
                let center = frame.plotLeft + slot * (Double(c) + 0.5) - groupWidth / 2 + width * (Double(k) + 0.5)
                let py = y.pixel(value)
                var tip = "\(s.name), \(categories[c]): \(String(format: "%.4f", value))"
                if let e = s.errors[c] { tip += " ± \(String(format: "%.4f", e))" }
                if let n = s.counts[c] { tip += " (n=\(n))" }
                var data = [("class", "value"), ("data-category", categories[c]), ("data-y", "\(value)")]
                if let e = s.errors[c] { data.append(("data-error", "\(e)")) }
                var mark: SVGElement
                if style == .bars {
                    mark = SVG.rect(
                        center - width * 0.45, min(py, base), width * 0.9, abs(base - py), fill: color, extra: data)
                } else {
                    mark = SVG.circle(center, py, r: 5, fill: color, extra: data)
                }
                mark.children = [SVG.title(tip)]
                if let e = s.errors[c], e > 0 {
                    let (top, bottom) = (y.pixel(value + e), y.pixel(value - e))
                    children += [
                        SVG.line(center, top, center, bottom, stroke: "#222", width: 1.4),
                        SVG.line(center - 5, top, center + 5, top, stroke: "#222", width: 1.4),
                        SVG.line(center - 5, bottom, center + 5, bottom, stroke: "#222", width: 1.4)
                    ]
                }
                children.insert(mark, at: 0)
                if style == .bars {
                    let label = Scale.format((value * 1000).rounded() / 1000)
                    if value >= 0 {
                        let top = min(py, base, y.pixel(value + (s.errors[c] ?? 0)))
                        children.append(
                            SVG.text(label, x: center, y: top - 5, size: 10, anchor: "middle", fill: "#333"))
                    } else {
                        let bottom = max(py, base, y.pixel(value - (s.errors[c] ?? 0)))
                        children.append(
                            SVG.text(label, x: center, y: bottom + 13, size: 10, anchor: "middle", fill: "#333"))
                    }
                }
            }
            marks.append(SVG.group(children, [("class", "series"), ("data-name", s.name)]))
            legend.append((s.name, color, "box"))
        }
        let ticks = categories.enumerated().map {
            (frame.plotLeft + slot * (Double($0.offset) + 0.5), PlotFrame.clip($0.element, 18))
        }
        var children = frame.axes(x: nil, y: y, xTickLabels: ticks) + marks
        if frame.right > 100 { children.append(frame.legend(legend)) }
        return frame.document(children, kind: "category-plot")
    }
}
