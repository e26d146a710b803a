import DeepMouseMotion
import Foundation

/// The counterpart of the original study's "data acquisition stability" figure. The original
/// sampled the cursor from a Python sleep loop (10 ms nominal, with drift and spikes); DeepMouse
/// keeps the kernel's own event timestamps and resamples them onto a fixed 100 Hz grid. Top: the
/// device's frame intervals over the recording (median per time bin, min-max band, gaps as
/// points) against the grid's sample interval, exactly 10 ms by construction. Bottom: the
/// distribution of frame intervals within activity.
public struct AcquisitionStabilityPlot: Sendable {
    public var name: String
    /// `SYN_REPORT` times, microseconds, file order.
    public var frameTimes: [Int64]
    public var gapThreshold: Int64
    /// At most this many time bins (bins are whole seconds, or longer for long recordings).
    public var maximumBins = 300

    public init(name: String, frameTimes: [Int64], gapThreshold: Int64 = TimingStatistics.defaultGapThreshold) {
        self.name = name
        self.frameTimes = frameTimes
        self.gapThreshold = gapThreshold
    }

    /// Per time bin: centre (s), median, min and max frame interval (ms) within activity.
    public var bins: [(time: Double, median: Double, low: Double, high: Double, count: Int)] {
        guard let origin = frameTimes.first, let last = frameTimes.last, frameTimes.count > 1 else { return [] }
        let span = max(last - origin, 1)
        let binLength = max(1_000_000, (span + Int64(maximumBins) - 1) / Int64(maximumBins))
        var grouped: [Int64: [Int64]] = [:]
        for i in 1..<frameTimes.count {
            let d = frameTimes[i] - frameTimes[i - 1]
            guard d >= 0, d <= gapThreshold else { continue }
            grouped[(frameTimes[i] - origin) / binLength, default: []].append(d)
        }
        return grouped.keys.sorted().map { k in
            let v = grouped[k]!.sorted()
            let median = v[IntervalSummary.rank(percent: 50, of: v.count)]
            return (
                (Double(k) + 0.5) * Double(binLength) / 1e6, Double(median) / 1000, Double(v.first!) / 1000,
                Double(v.last!) / 1000, v.count
            )
        }
    }

    /// Gaps: (start in s, length in ms).
    public var gaps: [(time: Double, length: Double)] {
        guard let origin = frameTimes.first else { return [] }
        var out: [(Double, Double)] = []
        for i in 1..<max(frameTimes.count, 1) {
            let d = frameTimes[i] - frameTimes[i - 1]
            if d > gapThreshold { out.append((Double(frameTimes[i - 1] - origin) / 1e6, Double(d) / 1000)) }
        }
        return out
    }

    public var svg: SVGElement {
        let bins = self.bins
        let duration = Double((frameTimes.last ?? 0) - (frameTimes.first ?? 0)) / 1e6
        var series = [
            LineSeries(
                name: "frame interval, median",
                points: bins.map {
                    .init(
                        x: $0.time, y: max($0.median, 0.001), low: max($0.low, 0.001),
                        high: $0.high, count: $0.count)
                },
                markers: bins.count < 60)
        ]
        let gaps = self.gaps
        if !gaps.isEmpty {
            series.append(
                LineSeries(
                    name: "gap > \(gapThreshold / 1000) ms", points: gaps.map { .init(x: $0.time, y: $0.length) },
                    color: Palette.color(1), connected: false))
        }
        series.append(
            LineSeries(
                name: "100 Hz grid: 10 ms", points: [.init(x: 0, y: 10), .init(x: duration, y: 10)],
                color: Palette.color(2), dashed: true, markers: false))
        var top = LinePlot(
            title: "Acquisition stability: \(name)", xLabel: "time in the recording (s)",
            yLabel: "interval (ms, log)", series: series)
        top.yLogarithmic = true
        // Whole decades around the data and the 10 ms line, so the grid's line is never on the frame.
        let values = bins.flatMap { [$0.low, $0.high] } + gaps.map(\.length) + [10]
        let low = values.filter { $0 > 0 }.min() ?? 1
        let high = values.max() ?? 100
        top.yRange = pow(10, floor(log10(low * 0.9)))...pow(10, ceil(log10(high * 1.1)))
        var active: [Double] = []
        for i in 1..<max(frameTimes.count, 1) {
            let d = frameTimes[i] - frameTimes[i - 1]
            if d >= 0 && d <= gapThreshold { active.append(Double(d) / 1000) }
        }
        var histogram = Histogram(
            title: "Frame intervals within activity (\(active.count) intervals)",
            xLabel: "interval (ms)", series: [(name: "frame intervals", values: active)])
        histogram.range = 0...Double(max(gapThreshold / 1000, 1))
        histogram.bins = 50
        histogram.normalised = false
        var upper = top.svg
        var lower = histogram.svg
        upper.attributes.append(("y", "0"))
        lower.attributes.append(("y", "380"))
        let binSeconds = bins.count > 1 ? bins[1].time - bins[0].time : 1
        let captions = [
            "Top: the kernel's timestamps of the device's frames: median interval per \(SVG.n(binSeconds)) s bin, band from min to max",
            "within activity, points: pauses. Dashed: the stream DeepMouse resamples them into, one sample every 10 ms exactly."
        ]
        return SVGElement(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", "640"), ("height", "800"),
                ("viewBox", "0 0 640 800"), ("role", "img"), ("aria-label", "Acquisition stability: \(name)"),
                ("class", "acquisition-stability"),
                ("font-family", "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif")
            ],
            children: [
                SVG.rect(0, 0, 640, 800, fill: "white"), upper, lower,
                SVG.text(captions[0], x: 12, y: 772, size: 10.5, fill: "#444"),
                SVG.text(captions[1], x: 12, y: 788, size: 10.5, fill: "#444")
            ])
    }
}

/// A recording's timing statistics as JSON (`deepmouse dataset stats --json`): times in
/// milliseconds, percentiles nearest-rank.
public struct AcquisitionSummary: Codable, Sendable, Equatable {
    /// Frame-interval statistics of one recording, in milliseconds.
    public struct Intervals: Codable, Sendable, Equatable {
        public var count: Int
        public var minMs: Double
        public var medianMs: Double
        public var p99Ms: Double
        public var maxMs: Double
        public var meanMs: Double

        init(_ i: IntervalSummary) {
            count = i.count
            minMs = Double(i.minimum) / 1000
            medianMs = Double(i.median) / 1000
            p99Ms = Double(i.p99) / 1000
            maxMs = Double(i.maximum) / 1000
            meanMs = Double(i.mean) / 1000
        }
    }

    public var file: String
    public var device: String
    public var hand: String?
    public var complete: Bool?
    public var events: Int
    public var frames: Int
    public var synDropped: Int
    public var durationSeconds: Double
    public var intervals: Intervals
    public var activeIntervals: Intervals
    public var gapThresholdMs: Double
    public var gaps: Int
    public var gapSeconds: Double
    public var gridCellsSpanned: Int64
    public var gridCellsActive: Int64
    public var gridCellsCovered: Int64
    public var gridCoverage: Double
    public var motionSeconds: Double
    public var touches: Int
    public var touchesAreStrokes: Bool

    public init(file: String, device: DeviceDescription, labels: RecordingLabels, summary s: TimingSummary) {
        self.file = file
        self.device = device.name
        hand = labels[RecordingLabels.Key.hand].map { String(decoding: $0, as: UTF8.self) }
        complete = labels.fields.isEmpty ? nil : labels.isComplete
        events = s.events
        frames = s.frames
        synDropped = s.dropped
        durationSeconds = Double(s.duration) / 1e6
        intervals = Intervals(s.intervals)
        activeIntervals = Intervals(s.activeIntervals)
        gapThresholdMs = Double(s.gapThreshold) / 1000
        gaps = s.gaps
        gapSeconds = Double(s.gapTime) / 1e6
        gridCellsSpanned = s.grid.spannedCells
        gridCellsActive = s.grid.activeCells
        gridCellsCovered = s.grid.coveredCells
        gridCoverage = s.grid.activeCells == 0 ? 0 : Double(s.grid.coveredCells) / Double(s.grid.activeCells)
        motionSeconds = Double(s.motionTime) / 1e6
        touches = s.touches
        touchesAreStrokes = s.touchesAreStrokes
    }
}
