// `--curve`: the sweep's table (stdout, Markdown) and its plot (SVG): median delay against false
// changes per hour of motion, one line per decider, held-out (test) solid and dev dashed, the issue's
// target (median <= 10 s at <= 1 false change per hour) shaded.
import DeepMouseExperiments
import Foundation

/// One decider's sweep on both parts, and the threshold the comparison rule picks on dev.
typealias SweptCurve = SwitchDeciderCurve

func sweep(_ d: SweptDecider, dev: [HopStream], test: [HopStream], segmentMicros: Int64) -> SweptCurve {
    let devPoints = d.thresholds.map { t in curvePoint(dev, threshold: t, segmentMicros: segmentMicros) { d.run($0, t) }
    }
    let testPoints = d.thresholds.map { t in
        curvePoint(test, threshold: t, segmentMicros: segmentMicros) { d.run($0, t) }
    }
    return SweptCurve(decider: d.name, label: d.label, dev: devPoints, test: testPoints)
}

func seconds(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "-" }

func curveTable(_ curves: [SweptCurve]) -> String {
    var text = ""
    for c in curves {
        text += "\n\(c.decider)\n\n"
        text += "| threshold | dev median | dev missed | dev false/h | test median | test p90 | test missed "
        text += "| test false/h | test right / wrong / unknown |\n|---|---|---|---|---|---|---|---|---|\n"
        for (i, (d, t)) in zip(c.dev, c.test).enumerated() {
            let mark = i == c.chosen ? " **(dev choice)**" : ""
            text += String(
                format: "| %.2f%@ | %@ s | %d/%d | %.1f | %@ s | %@ s | %d/%d | %.1f | %.2f / %.2f / %.2f |\n",
                d.threshold, mark, seconds(d.medianDelaySeconds), d.missed, d.switches,
                d.falseChangesPerMotionHour, seconds(t.medianDelaySeconds), seconds(t.p90DelaySeconds), t.missed,
                t.switches, t.falseChangesPerMotionHour, t.right, t.wrong, t.unknown)
        }
    }
    return text
}

/// The trade-off plot: x is false changes per hour of motion on a log axis (0 is drawn at its left
/// edge), y the median delay in seconds.
func curveSVG(_ curves: [SweptCurve], title: String) -> String {
    let (w, h) = (760.0, 500.0)
    let (left, right, top, bottom) = (70.0, 730.0, 40.0, 340.0)
    let (xMin, xMax, yMax) = (-1.0, 3.0, 60.0)
    func x(_ v: Double) -> Double { left + (max(xMin, log10(max(v, 1e-9))) - xMin) / (xMax - xMin) * (right - left) }
    func y(_ v: Double) -> Double { bottom - min(v, yMax) / yMax * (bottom - top) }
    let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" "
    s += "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    s += "<text x=\"\(left)\" y=\"22\" font-size=\"14\">\(title)</text>\n"
    s += String(
        format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#e8f5e9\"/>\n", left, y(10),
        x(1) - left, bottom - y(10))
    s += String(format: "<text x=\"%.1f\" y=\"%.1f\" fill=\"#2e7d32\">target</text>\n", left + 4, y(10) + 14)
    for e in -1...3 {
        let px = x(pow(10, Double(e)))
        s += String(
            format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", px, top, px, bottom)
        let label = e == -1 ? "0" : String(format: "%g", pow(10, Double(e)))
        s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%@</text>\n", px, bottom + 16, label)
    }
    for v in stride(from: 0.0, through: yMax, by: 10) {
        s += String(
            format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", left, y(v), right, y(v)
        )
        s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", left - 6, y(v) + 4, v)
    }
    s += "<text x=\"\((left + right) / 2)\" y=\"\(bottom + 34)\" text-anchor=\"middle\">"
    s += "false changes per hour of motion (log; 0 at the left edge)</text>\n"
    s += "<text transform=\"translate(18 \((top + bottom) / 2)) rotate(-90)\" text-anchor=\"middle\">"
    s += "median delay to name the new hand (s)</text>\n"
    for (k, c) in curves.enumerated() {
        let colour = colours[k % colours.count]
        for (points, dash) in [(c.test, ""), (c.dev, " stroke-dasharray=\"5 4\"")] {
            let xy = points.compactMap { p in
                p.medianDelaySeconds.map { String(format: "%.1f,%.1f", x(p.falseChangesPerMotionHour), y($0)) }
            }
            s += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash) points=\""
            s += xy.joined(separator: " ") + "\"/>\n"
        }
        if let i = c.chosen, let m = c.test[i].medianDelaySeconds {
            s += String(
                format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%@\"/>\n",
                x(c.test[i].falseChangesPerMotionHour), y(m), colour)
        }
        let ly = bottom + 56 + Double(k) * 18
        s += String(
            format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-width=\"2\"/>\n",
            left, ly - 4, left + 30, ly - 4, colour)
        s += String(format: "<text x=\"%.1f\" y=\"%.1f\">%@</text>\n", left + 38, ly, c.decider)
    }
    let ly = bottom + 56 + Double(curves.count) * 18
    s += "<text x=\"\(left)\" y=\"\(ly)\" fill=\"#555\">solid: held-out test streams; dashed: dev streams; "
    s += "dot: the threshold chosen on dev, on test</text>\n</svg>\n"
    return s
}
