import Foundation

/// A confusion matrix (rows: true right, true left; columns: predicted right, predicted left)
/// as coloured cells with counts and row percentages (the recall of each hand).
public struct ConfusionPlot: Sendable {
    public var title: String
    public var counts: [[Int]]
    public var labels = ["right", "left"]

    public init(title: String, counts: [[Int]]) {
        self.title = title
        self.counts = counts
    }

    public var svg: SVGElement {
        var frame = PlotFrame(title: title, xLabel: "predicted hand", yLabel: "true hand")
        frame.width = 340
        frame.height = 300
        frame.left = 84
        frame.right = 20
        frame.top = 50
        frame.bottom = 58
        let n = counts.count
        let cellW = (frame.plotRight - frame.plotLeft) / Double(n)
        let cellH = (frame.plotBottom - frame.plotTop) / Double(n)
        var cells: [SVGElement] = []
        for (r, row) in counts.enumerated() {
            let total = row.reduce(0, +)
            for (c, count) in row.enumerated() {
                let fraction = total == 0 ? 0 : Double(count) / Double(total)
                let x0 = frame.plotLeft + Double(c) * cellW
                let y0 = frame.plotTop + Double(r) * cellH
                // Diagonal cells blue by recall, off-diagonal orange by error rate.
                let colour =
                    r == c ? Self.mix("#ffffff", "#0072B2", fraction) : Self.mix("#ffffff", "#D55E00", fraction)
                var cell = SVG.rect(
                    x0, y0, cellW, cellH, fill: colour, stroke: "white",
                    extra: [
                        ("class", "cell"), ("data-true", labels[r]), ("data-predicted", labels[c]),
                        ("data-count", "\(count)")
                    ])
                cell.children = [
                    SVG.title(
                        "true \(labels[r]), predicted \(labels[c]): \(count) windows (\(String(format: "%.1f", 100 * fraction))% of true \(labels[r]))"
                    )
                ]
                cells.append(cell)
                let ink = fraction > 0.55 ? "white" : "#111"
                cells.append(
                    SVG.text(
                        "\(count)", x: x0 + cellW / 2, y: y0 + cellH / 2 - 2, size: 20, anchor: "middle", weight: "600",
                        fill: ink))
                cells.append(
                    SVG.text(
                        String(format: "%.1f%%", 100 * fraction), x: x0 + cellW / 2, y: y0 + cellH / 2 + 18,
                        size: 11.5, anchor: "middle", fill: ink))
            }
        }
        var axes: [SVGElement] = []
        for (k, label) in labels.enumerated() {
            axes.append(
                SVG.text(
                    label, x: frame.plotLeft + (Double(k) + 0.5) * cellW, y: frame.plotBottom + 18, size: 12,
                    anchor: "middle"))
            axes.append(
                SVG.text(
                    label, x: frame.plotLeft - 8, y: frame.plotTop + (Double(k) + 0.5) * cellH + 4, size: 12,
                    anchor: "end"))
        }
        axes.append(
            SVG.text(
                "predicted hand", x: (frame.plotLeft + frame.plotRight) / 2, y: frame.height - 14, size: 13,
                anchor: "middle"))
        axes.append(
            SVG.text(
                "true hand", x: 22, y: (frame.plotTop + frame.plotBottom) / 2, size: 13, anchor: "middle", rotate: -90))
        return frame.document([SVG.group(cells, [("class", "cells")])] + axes, kind: "confusion")
    }

    /// Linear blend of two `#rrggbb` colours.
    static func mix(_ a: String, _ b: String, _ t: Double) -> String {
        func rgb(_ s: String) -> [Double] {
            let v = Int(s.dropFirst(), radix: 16)!
            return [Double((v >> 16) & 255), Double((v >> 8) & 255), Double(v & 255)]
        }
        let (p, q) = (rgb(a), rgb(b))
        let c = (0..<3).map { Int((p[$0] + min(max(t, 0), 1) * (q[$0] - p[$0])).rounded()) }
        return String(format: "#%02x%02x%02x", c[0], c[1], c[2])
    }
}

/// Overlaid histograms of several samples on shared bins (movement amplitudes before and after
/// normalisation, per hand), as outlined steps with a light fill; counts or densities.
public struct Histogram: Sendable {
    public var title: String
    public var xLabel: String
    public var series: [(name: String, values: [Double])]
    public var bins: Int = 40
    public var range: ClosedRange<Double>? = nil
    /// Fraction of each sample per bin instead of counts (samples of different sizes).
    public var normalised = true
    public var yLogarithmic = false

    public init(title: String, xLabel: String, series: [(name: String, values: [Double])]) {
        self.title = title
        self.xLabel = xLabel
        self.series = series
    }

    /// Bin edges and per-series bin heights.
    public var binned: (edges: [Double], heights: [[Double]]) {
        let all = series.flatMap(\.values).filter(\.isFinite)
        let lo = range?.lowerBound ?? (all.min() ?? 0)
        let hi = range?.upperBound ?? (all.max() ?? 1)
        let width = (hi > lo ? hi - lo : 1) / Double(bins)
        let edges = (0...bins).map { lo + Double($0) * width }
        let heights = series.map { s -> [Double] in
            var h = [Double](repeating: 0, count: bins)
            for v in s.values where v.isFinite && v >= lo && v <= hi { h[min(bins - 1, Int((v - lo) / width))] += 1 }
            let total = Double(s.values.count)
            return normalised && total > 0 ? h.map { $0 / total } : h
        }
        return (edges, heights)
    }

    public var svg: SVGElement {
        let frame = PlotFrame(
            title: title, xLabel: xLabel, yLabel: normalised ? "fraction of samples" : "samples",
            legend: series.count > 1)
        let (edges, heights) = binned
        let x = Scale(lower: edges.first!, upper: edges.last!, pixels: frame.xPixels)
        let positive = heights.flatMap { $0 }.filter { $0 > 0 }
        let y =
            yLogarithmic
            ? Scale(covering: positive, logarithmic: true, pixels: frame.yPixels)
            : Scale(covering: heights.flatMap { $0 } + [0], pixels: frame.yPixels, padding: 0.04, includeZero: true)
        var marks: [SVGElement] = []
        for (k, h) in heights.enumerated() {
            let colour = Palette.color(k)
            let floor = yLogarithmic ? y.lower : 0
            var outline: [(Double, Double)] = [(x.pixel(edges[0]), y.pixel(floor))]
            var bars: [SVGElement] = []
            for b in 0..<bins {
                let top = y.pixel(max(h[b], floor))
                outline += [(x.pixel(edges[b]), top), (x.pixel(edges[b + 1]), top)]
                var bar = SVG.rect(
                    x.pixel(edges[b]), top, x.pixel(edges[b + 1]) - x.pixel(edges[b]), y.pixel(floor) - top,
                    fill: "transparent",
                    extra: [
                        ("class", "bin"), ("data-low", "\(edges[b])"),
                        ("data-high", "\(edges[b + 1])"), ("data-height", "\(h[b])")
                    ])
                bar.children = [
                    SVG.title(
                        "\(series[k].name): [\(Scale.format(edges[b])), \(Scale.format(edges[b + 1]))) \(String(format: "%.4g", h[b]))"
                    )
                ]
                bars.append(bar)
            }
            outline.append((x.pixel(edges[bins]), y.pixel(floor)))
            marks.append(
                SVG.group(
                    [
                        SVG.polygon(outline, fill: colour, opacity: 0.15),
                        SVG.polyline(outline, stroke: colour, width: 1.8)
                    ] + bars,
                    [("class", "series"), ("data-name", series[k].name), ("data-count", "\(series[k].values.count)")]))
        }
        var children = frame.axes(x: x, y: y) + marks
        if series.count > 1 {
            children.append(
                frame.legend(series.enumerated().map { ($0.element.name, Palette.color($0.offset), "band") }))
        }
        return frame.document(children, kind: "histogram")
    }
}
