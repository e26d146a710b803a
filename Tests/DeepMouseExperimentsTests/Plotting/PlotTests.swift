import Foundation
import Testing

@testable import DeepMouseExperiments

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Parses SVG or XHTML with a real XML parser: a malformed document throws.
func parseXML(_ text: String) throws -> XMLDocument {
    try XMLDocument(xmlString: text, options: [])
}

/// Every element (any depth) named `name` whose `class` contains `cls`.
func elements(_ doc: XMLDocument, _ name: String, class cls: String? = nil) throws -> [XMLElement] {
    let path =
        cls.map { "//*[local-name()='\(name)' and contains(concat(' ', @class, ' '), ' \($0) ')]" }
        ?? "//*[local-name()='\(name)']"
    return try doc.nodes(forXPath: path).compactMap { $0 as? XMLElement }
}

/// (`attribute(forName:)` misses attributes under a default namespace in swift-corelibs-foundation.)
func attribute(_ e: XMLElement, _ name: String) -> String? { e.attributes?.first { $0.name == name }?.stringValue }

@Suite struct PlotTests {
    @Test func linePlotIsWellFormedAndCarriesItsData() throws {
        let series = LineSeries(
            name: "dev <acc> & \"loss\"",
            points: [
                .init(x: 1, y: 0.61, low: 0.58, high: 0.64, count: 3),
                .init(x: 2, y: 0.7, low: 0.66, high: 0.74, count: 3),
                .init(x: 3, y: 0.72, low: 0.7, high: 0.74, count: 3)
            ])
        var plot = LinePlot(title: "learning curve", xLabel: "epoch", yLabel: "accuracy", series: [series])
        plot.references = [ReferenceLine(label: "features-logreg", y: 0.82)]
        let doc = try parseXML(plot.svg.xml)
        let points = try elements(doc, "circle", class: "point")
        #expect(points.map { Double(attribute($0, "data-x")!)! } == [1, 2, 3])
        #expect(points.map { Double(attribute($0, "data-y")!)! } == [0.61, 0.7, 0.72])
        #expect(points.map { Double(attribute($0, "data-low")!)! } == [0.58, 0.66, 0.7])
        let group = try #require(try elements(doc, "g", class: "series").first)
        // escaped on the way out, intact on the way back
        #expect(attribute(group, "data-name") == "dev <acc> & \"loss\"")
        #expect(try elements(doc, "g", class: "reference").map { attribute($0, "data-y") } == ["0.82"])
        let texts = try elements(doc, "text").map { $0.stringValue ?? "" }
        #expect(texts.contains("learning curve") && texts.contains("epoch") && texts.contains("accuracy"))
        // Whole-number x data gets whole-number ticks only.
        #expect(!texts.contains("1.5"))
        // Higher accuracy is drawn higher (smaller y pixel).
        let cy = points.map { Double(attribute($0, "cy")!)! }
        #expect(cy[0] > cy[1] && cy[1] > cy[2])
    }

    @Test func categoryHeatmapConfusionAndHistogramCarryTheirData() throws {
        let bars = CategoryPlot(
            title: "t", xLabel: "model", yLabel: "acc", categories: ["gru", "lstm"],
            series: [.init(name: "test", values: [0.7, 0.65], errors: [0.02, nil])])
        let barDoc = try parseXML(bars.svg.xml)
        let values = try elements(barDoc, "rect", class: "value")
        #expect(values.map { attribute($0, "data-category") } == ["lstm", "gru"])  // drawn later series first
        #expect(values.map { Double(attribute($0, "data-y")!)! } == [0.65, 0.7])
        #expect(values.map { attribute($0, "data-error") } == [nil, "0.02"])

        var map = Heatmap(
            title: "surrogate", xLabel: "lr", yLabel: "hidden", valueLabel: "acc", xs: [1e-4, 1e-3, 1e-2], ys: [16, 64],
            values: [[0.6, 0.7, nil], [0.65, 0.8, 0.5]])
        map.xLogarithmic = true
        map.overlay = [(x: 1e-3, y: 64, label: "trial 1")]
        let mapDoc = try parseXML(map.svg.xml)
        let cells = try elements(mapDoc, "rect", class: "cell")
        #expect(cells.count == 5)
        #expect(cells.map { Double(attribute($0, "data-value")!)! }.sorted() == [0.5, 0.6, 0.65, 0.7, 0.8])
        let bar = try #require(try elements(mapDoc, "g", class: "colour-bar").first)
        #expect(attribute(bar, "data-min") == "0.5" && attribute(bar, "data-max") == "0.8")
        #expect(try elements(mapDoc, "circle", class: "observed").count == 1)

        let confusion = try parseXML(ConfusionPlot(title: "c", counts: [[20, 17], [3, 34]]).svg.xml)
        let counts = try elements(confusion, "rect", class: "cell").map { Int(attribute($0, "data-count")!)! }
        #expect(counts == [20, 17, 3, 34])

        var histogram = Histogram(
            title: "h", xLabel: "px", series: [("left", [0, 0.5, 1, 1.5, 2, 9.9]), ("right", [5, 5])])
        histogram.bins = 10
        histogram.range = 0...10
        histogram.normalised = false
        let hDoc = try parseXML(histogram.svg.xml)
        let left = try elements(hDoc, "rect", class: "bin").prefix(10).map { Double(attribute($0, "data-height")!)! }
        #expect(left == [2, 2, 1, 0, 0, 0, 0, 0, 0, 1])
    }

    @Test func scalesChooseReadableTicks() {
        let linear = Scale(lower: 0.5, upper: 0.9, pixels: (0, 100))
        #expect(linear.ticks() == [0.5, 0.6, 0.7, 0.8, 0.9])
        #expect(Scale(lower: -3, upper: 27, pixels: (0, 100)).ticks() == [0, 5, 10, 15, 20, 25])
        let log = Scale(lower: 1e-4, upper: 1e-1, logarithmic: true, pixels: (0, 300))
        #expect(log.ticks() == [1e-4, 1e-3, 1e-2, 1e-1])
        #expect(abs(log.pixel(1e-3) - 100) < 1e-9)
        #expect(
            Scale.format(0.001) == "0.001" && Scale.format(1e-5) == "1e-5" && Scale.format(128) == "128"
                && Scale.format(0.25) == "0.25")
        #expect(Palette.viridis(0) == "#440154" && Palette.viridis(1) == "#fde725")
    }
}
