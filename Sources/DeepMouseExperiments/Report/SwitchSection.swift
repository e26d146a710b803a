import Foundation

/// The report section of one `switch-curve` result: median delay to notice a change of hand against
/// false changes per hour of motion, one line per decider (held-out solid, dev dashed), the target as
/// a reference, and the table of every threshold.
enum SwitchSection {
    /// Where zero false changes sit on the log axis.
    static let zeroFalseChanges = 0.1

    static func make(experiment: String, _ r: SwitchCurveResult) -> ReportPage.Section {
        var blocks: [ReportPage.Block] = []
        let motion = { (s: [Double]) in s.map { String(format: "%.0f", $0) }.joined(separator: " / ") }
        let minutes = String(format: "%.0f", r.streamMinutes)
        let calibration = r.calibration.map { "Calibration fitted on dev: \($0). " } ?? ""
        var text = "\(r.device), model \(r.model): \(r.segmentSeconds)-s segments with their natural pauses, "
        text += "\(r.recuts) re-cuts of \(minutes)-min streams. They cycle through "
        text += "\(motion(r.testMotionSeconds)) s of held-out motion per hand (left / right; dev "
        text += "\(motion(r.devMotionSeconds)) s), so the switches are far from independent. " + calibration
        text += "Target: median <= 10 s at <= 1 false change per hour of motion, <= 5% missed. "
        text += "Zero false changes are drawn at \(zeroFalseChanges) on the log axis; each line is traced by "
        text += "the threshold, held out solid, dev dashed. Deciders: "
        text += r.deciders.enumerated().map { "\($0.offset + 1). \($0.element.decider)" }.joined(separator: "; ") + "."
        blocks.append(.paragraph(text))
        var series: [LineSeries] = []
        for (k, c) in r.deciders.enumerated() {
            let color = Palette.color(k)
            for (part, points, dashed) in [("test", c.test, false), ("dev", c.dev, true)] {
                series.append(
                    LineSeries(
                        name: "\(k + 1). \(c.label ?? SweepSection.clip(c.decider, 15)) \(part)",
                        points: points.compactMap { p in
                            p.medianDelaySeconds.map {
                                .init(x: max(p.falseChangesPerMotionHour, zeroFalseChanges), y: $0)
                            }
                        }, color: color, dashed: dashed, inGivenOrder: true))
            }
        }
        var plot = LinePlot(
            title: "\(r.device), \(r.segmentSeconds) s segments: delay against false changes",
            xLabel: "false changes per hour of motion", yLabel: "median delay (s)", series: series)
        plot.xLogarithmic = true
        plot.references = [ReferenceLine(label: "target median", y: 10, color: "#2e7d32")]
        blocks.append(.figures([plot.svg]))
        var rows: [[String]] = []
        for c in r.deciders {
            for (i, (d, t)) in zip(c.dev, c.test).enumerated() {
                rows.append([
                    c.decider, Scale.format(d.threshold) + (i == c.chosen ? " (dev choice)" : ""),
                    seconds(d.medianDelaySeconds), String(format: "%.1f", d.falseChangesPerMotionHour),
                    seconds(t.medianDelaySeconds), seconds(t.p90DelaySeconds), "\(t.missed)/\(t.switches)",
                    String(format: "%.1f", t.falseChangesPerMotionHour),
                    String(format: "%.2f / %.2f / %.2f", t.right, t.wrong, t.unknown)
                ])
            }
        }
        blocks.append(
            .table(
                [
                    "decider", "threshold", "dev median", "dev false/h", "held-out median", "p90", "missed",
                    "false/h", "right / wrong / unknown"
                ], rows))
        return ReportPage.Section(title: "Hand switches: \(experiment)", blocks: blocks)
    }

    static func seconds(_ v: Double?) -> String { v.map { String(format: "%.1f s", $0) } ?? "n/a" }
}
