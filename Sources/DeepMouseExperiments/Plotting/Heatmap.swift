import Foundation

/// A value over a 2-D grid with a colour bar: the surrogate's mean and uncertainty over two
/// search parameters, or accuracy over a 2-D sweep. Observed points can be overlaid.
public struct Heatmap: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var valueLabel: String
    /// Cell centres along each axis (ascending).
    public var xs: [Double]
    public var ys: [Double]
    /// `values[j][i]` at (xs[i], ys[j]); nil cells stay blank.
    public var values: [[Double?]]
    public var xLogarithmic = false
    public var yLogarithmic = false
    /// Categorical tick labels instead of numeric ones (2-D sweeps over a grid).
    public var xCategories: [String]? = nil
    public var yCategories: [String]? = nil
    /// Points drawn on top, e.g. the evaluated trials; `best` gets a star-like ring.
    public var overlay: [(x: Double, y: Double, label: String)] = []
    public var best: (x: Double, y: Double)? = nil
    /// Print each cell's value (small grids).
    public var annotate = false
    /// Reverse the colours (so that "good" is bright for losses and uncertainties alike).
    public var reversed = false

    public init(
        title: String, xLabel: String, yLabel: String, valueLabel: String, xs: [Double], ys: [Double],
        values: [[Double?]]
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.valueLabel = valueLabel
        self.xs = xs
        self.ys = ys
        self.values = values
    }

    public var svg: SVGElement {
        var frame = PlotFrame(title: title, xLabel: xLabel, yLabel: yLabel)
        frame.right = 120
        frame.height = 400
        let categorical = xCategories != nil || yCategories != nil
        func edges(_ centres: [Double], _ log: Bool) -> [Double] {
            guard centres.count > 1 else { return [centres[0] - 0.5, centres[0] + 0.5] }
            let t = log ? centres.map { Foundation.log10($0) } : centres
            var e = [t[0] - (t[1] - t[0]) / 2]
            for k in 1..<t.count { e.append((t[k - 1] + t[k]) / 2) }
            e.append(t[t.count - 1] + (t[t.count - 1] - t[t.count - 2]) / 2)
            return log ? e.map { pow(10, $0) } : e
        }
        let xEdges = categorical ? (0...xs.count).map { Double($0) - 0.5 } : edges(xs, xLogarithmic)
        let yEdges = categorical ? (0...ys.count).map { Double($0) - 0.5 } : edges(ys, yLogarithmic)
        let x = Scale(
            lower: xEdges.first!, upper: xEdges.last!, logarithmic: xLogarithmic && !categorical, pixels: frame.xPixels)
        let y = Scale(
            lower: yEdges.first!, upper: yEdges.last!, logarithmic: yLogarithmic && !categorical, pixels: frame.yPixels)
        let finite = values.flatMap { $0.compactMap { $0 } }.filter(\.isFinite)
        let lo = finite.min() ?? 0
        let hi = finite.max() ?? 1
        let span = hi > lo ? hi - lo : 1
        func colour(_ v: Double) -> String { Palette.viridis(reversed ? 1 - (v - lo) / span : (v - lo) / span) }
        var cells: [SVGElement] = []
        // Large maps (surrogates) keep only each cell's value, so a report with many maps stays small.
        let detailed = values.count * (values.first?.count ?? 0) <= 100
        for (j, row) in values.enumerated() {
            for (i, value) in row.enumerated() {
                guard let value, value.isFinite else { continue }
                let (x0, x1) = (x.pixel(xEdges[i]), x.pixel(xEdges[i + 1]))
                let (y0, y1) = (y.pixel(yEdges[j + 1]), y.pixel(yEdges[j]))
                let xName = xCategories?[i] ?? Scale.format(xs[i])
                let yName = yCategories?[j] ?? Scale.format(ys[j])
                if detailed {
                    var cell = SVG.rect(
                        x0, y0, x1 - x0 + 0.3, y1 - y0 + 0.3, fill: colour(value),
                        extra: [
                            ("class", "cell"), ("data-x", xCategories?[i] ?? "\(xs[i])"),
                            ("data-y", yCategories?[j] ?? "\(ys[j])"), ("data-value", "\(value)")
                        ])
                    cell.children = [
                        SVG.title(
                            "\(xLabel) \(xName), \(yLabel) \(yName): \(valueLabel) \(String(format: "%.4f", value))")
                    ]
                    cells.append(cell)
                } else {
                    cells.append(
                        SVG.rect(
                            x0, y0, x1 - x0 + 0.3, y1 - y0 + 0.3, fill: colour(value),
                            extra: [("data-value", String(format: "%.4g", value))]))
                }
                if annotate {
                    let t = (value - lo) / span
                    cells.append(
                        SVG.text(
                            String(format: "%.3f", value), x: (x0 + x1) / 2, y: (y0 + y1) / 2 + 4, size: 11,
                            anchor: "middle", fill: (reversed ? 1 - t : t) > 0.6 ? "#111" : "white"))
                }
            }
        }
        var marks: [SVGElement] = [SVG.group(cells, [("class", "cells"), ("shape-rendering", "crispEdges")])]
        var dots: [SVGElement] = []
        for p in overlay {
            var dot = SVG.circle(
                x.pixel(p.x), y.pixel(p.y), r: 3.5, fill: "white", stroke: "#111",
                extra: [("class", "observed"), ("data-x", "\(p.x)"), ("data-y", "\(p.y)")])
            dot.children = [SVG.title(p.label)]
            dots.append(dot)
        }
        if let b = best {
            dots.append(
                SVG.circle(
                    x.pixel(b.x), y.pixel(b.y), r: 8, fill: "none", stroke: "#e8112d", strokeWidth: 2.5,
                    extra: [("class", "best")]))
        }
        marks.append(SVG.group(dots, [("class", "overlay")]))
        // Axes: numeric ticks, or one tick per category.
        let xTicks = xCategories.map { c in c.enumerated().map { (x.pixel(Double($0.offset)), $0.element) } }
        let yTicks = yCategories.map { c in c.enumerated().map { (y.pixel(Double($0.offset)), $0.element) } }
        let axes = frame.axes(x: x, y: y, xTickLabels: xTicks, yTickLabels: yTicks, grid: false)
        return frame.document(marks + axes + [colourBar(frame, lo: lo, hi: hi)], kind: "heatmap")
    }

    /// The colour bar with 5 labelled ticks, right of the plot.
    func colourBar(_ frame: PlotFrame, lo: Double, hi: Double) -> SVGElement {
        let x = frame.plotRight + 18
        let top = frame.plotTop
        let bottom = frame.plotBottom
        var parts: [SVGElement] = []
        let steps = 40
        for k in 0..<steps {
            let t0 = Double(k) / Double(steps)
            let y0 = bottom - (bottom - top) * Double(k + 1) / Double(steps)
            parts.append(
                SVG.rect(x, y0, 16, (bottom - top) / Double(steps) + 0.5, fill: Palette.viridis(reversed ? 1 - t0 : t0))
            )
        }
        parts.append(SVG.rect(x, top, 16, bottom - top, fill: "none", stroke: "#555"))
        for k in 0...4 {
            let t = Double(k) / 4
            let py = bottom - (bottom - top) * t
            parts.append(SVG.line(x + 16, py, x + 20, py, stroke: "#555"))
            parts.append(
                SVG.text(
                    Self.compact(lo + t * (hi - lo), span: hi - lo), x: x + 23, y: py + 4, size: 10.5, fill: "#444"))
        }
        parts.append(SVG.text(valueLabel, x: x + 74, y: (top + bottom) / 2, size: 11.5, anchor: "middle", rotate: 90))
        return SVG.group(parts, [("class", "colour-bar"), ("data-min", "\(lo)"), ("data-max", "\(hi)")])
    }

    /// Enough digits to tell the colour-bar ticks apart.
    static func compact(_ v: Double, span: Double) -> String {
        if span > 0 && abs(v) < span * 1e-6 { return "0" }
        if span > 0 && span < 1e-3 || abs(v) >= 1e5 { return String(format: "%.2e", v) }
        let digits = span <= 0 ? 3 : max(1, min(6, Int(ceil(-log10(span / 4))) + 1))
        return String(format: "%.\(digits)f", v)
    }
}
