import Foundation

/// Colours: Okabe-Ito for series (distinguishable with colour-vision deficiencies), viridis for maps.
public enum Palette {
    public static let series = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#000000"]

    public static func color(_ i: Int) -> String { series[((i % series.count) + series.count) % series.count] }

    /// Viridis at `t` in [0, 1] (piecewise-linear through 9 stops).
    public static func viridis(_ t: Double) -> String {
        let stops: [(Double, Double, Double)] = [
            (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
            (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37)
        ]
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        let f = x - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        func c(_ u: Double, _ v: Double) -> Int { Int((u + f * (v - u)).rounded()) }
        return String(format: "#%02x%02x%02x", c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
    }
}

/// The parts every plot shares: canvas size and margins, the title, the axes with ticks, grid
/// and labels, and a legend in the right margin.
public struct PlotFrame: Sendable {
    public var width: Double = 640
    public var height: Double = 380
    public var left: Double = 72
    public var right: Double = 24
    public var top: Double = 46
    public var bottom: Double = 58
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Only whole-number ticks on the x axis (epochs, trials).
    public var integerX = false

    public init(title: String, xLabel: String, yLabel: String, legend: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        if legend {
            // The legend's names (up to 26 characters) get their own margin; the plot keeps its width.
            right = 215
            width += 45
        }
    }

    public var plotLeft: Double { left }
    public var plotRight: Double { width - right }
    public var plotTop: Double { top }
    public var plotBottom: Double { height - bottom }
    public var xPixels: (Double, Double) { (plotLeft, plotRight) }
    public var yPixels: (Double, Double) { (plotBottom, plotTop) }

    /// The root `<svg>` with the title as its accessible name.
    public func document(_ children: [SVGElement], kind: String) -> SVGElement {
        SVGElement(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVG.n(width)), ("height", SVG.n(height)),
                ("viewBox", "0 0 \(SVG.n(width)) \(SVG.n(height))"), ("role", "img"), ("aria-label", title),
                ("class", "plot \(kind)"),
                ("font-family", "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif")
            ],
            children: [
                SVG.rect(0, 0, width, height, fill: "white"),
                SVG.text(title, x: width / 2, y: 24, size: titleSize, anchor: "middle", weight: "600")
            ] + children)
    }

    /// 15 px, smaller for titles that would not fit the width (about 0.58 em per character).
    var titleSize: Double {
        let fits = (width - 16) / (Double(title.count) * 0.58)
        return min(15, max(9, fits.rounded(.down)))
    }

    /// Grid, ticks with labels and axis titles. `xTickLabels` replaces numeric x ticks
    /// (categorical axes): (pixel, label).
    public func axes(
        x: Scale?, y: Scale, xTickLabels: [(Double, String)]? = nil, yTickLabels: [(Double, String)]? = nil,
        grid showGrid: Bool = true
    ) -> [SVGElement] {
        var grid: [SVGElement] = []
        var labels: [SVGElement] = []
        for (py, label) in yTickLabels ?? y.ticks().map({ (y.pixel($0), y.label($0)) }) {
            grid.append(SVG.line(plotLeft, py, plotRight, py, stroke: "#e3e3e3"))
            labels.append(SVG.line(plotLeft - 5, py, plotLeft, py, stroke: "#555"))
            labels.append(SVG.text(label, x: plotLeft - 8, y: py + 4, size: 11, anchor: "end", fill: "#444"))
        }
        var xTicks: [(Double, String)] =
            xTickLabels ?? (x.map { s in s.ticks().map { (s.pixel($0), s.label($0)) } } ?? [])
        if integerX, xTickLabels == nil, let s = x {
            xTicks = s.ticks().filter { $0 == $0.rounded() }.map { (s.pixel($0), s.label($0)) }
        }
        // Rotate labels that would collide.
        let spacing = xTicks.count > 1 ? abs(xTicks[1].0 - xTicks[0].0) : plotRight - plotLeft
        let longest = Double(xTicks.map(\.1.count).max() ?? 0) * 6.4
        let rotate = longest > spacing * 0.95
        for (px, label) in xTicks {
            if xTickLabels == nil { grid.append(SVG.line(px, plotTop, px, plotBottom, stroke: "#efefef")) }
            labels.append(SVG.line(px, plotBottom, px, plotBottom + 5, stroke: "#555"))
            if rotate {
                labels.append(
                    SVG.text(label, x: px + 3, y: plotBottom + 12, size: 10.5, anchor: "end", fill: "#444", rotate: -35)
                )
            } else {
                labels.append(SVG.text(label, x: px, y: plotBottom + 19, size: 11, anchor: "middle", fill: "#444"))
            }
        }
        let frame = [
            SVG.line(plotLeft, plotBottom, plotRight, plotBottom, stroke: "#555"),
            SVG.line(plotLeft, plotTop, plotLeft, plotBottom, stroke: "#555")
        ]
        let titles = [
            SVG.text(xLabel, x: (plotLeft + plotRight) / 2, y: height - 14, size: 13, anchor: "middle"),
            SVG.text(yLabel, x: 18, y: (plotTop + plotBottom) / 2, size: 13, anchor: "middle", rotate: -90)
        ]
        return (showGrid ? [SVG.group(grid, [("class", "grid")])] : []) + frame + [
            SVG.group(labels, [("class", "ticks")])
        ] + titles
    }

    /// Legend entries in the right margin: (name, colour, style) with style "line", "band", "dash", "dot" or "box".
    public func legend(_ entries: [(name: String, color: String, style: String)]) -> SVGElement {
        var items: [SVGElement] = []
        let x = plotRight + 14
        for (i, e) in entries.enumerated() {
            let y = plotTop + 8 + Double(i) * 20
            switch e.style {
            case "box": items.append(SVG.rect(x, y - 6, 18, 12, fill: e.color))
            case "dot": items.append(SVG.circle(x + 9, y, r: 4, fill: e.color))
            case "dash": items.append(SVG.line(x, y, x + 18, y, stroke: e.color, width: 2, dash: "5 3"))
            default:
                if e.style == "band" {
                    items.append(SVG.rect(x, y - 6, 18, 12, fill: e.color, extra: [("fill-opacity", "0.2")]))
                }
                items.append(SVG.line(x, y, x + 18, y, stroke: e.color, width: 2.5))
            }
            items.append(SVG.text(Self.clip(e.name, 26), x: x + 24, y: y + 4, size: 11.5))
        }
        return SVG.group(items, [("class", "legend")])
    }

    static func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
}
