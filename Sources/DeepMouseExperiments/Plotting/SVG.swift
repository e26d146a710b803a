import Foundation

/// A tiny SVG writer: elements with attributes and escaped text, nothing else. Plots build
/// their figures from it, so the output is plain, well-formed XML that any browser shows and
/// tests can parse back.
public struct SVGElement: Sendable {
    public var name: String
    public var attributes: [(String, String)]
    public var children: [SVGElement]
    public var text: String?

    public init(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil, children: [SVGElement] = [])
    {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// The element as XML.
    public func render(into out: inout String) {
        out += "<\(name)"
        for (key, value) in attributes { out += " \(key)=\"\(SVGElement.escape(value))\"" }
        if children.isEmpty && text == nil {
            out += "/>"
            return
        }
        out += ">"
        if let text { out += SVGElement.escape(text) }
        for child in children { child.render(into: &out) }
        out += "</\(name)>"
    }

    public var xml: String {
        var out = ""
        render(into: &out)
        return out
    }

    /// XML-escapes `&`, `<`, `>`, `"` and `'`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Shorthands for the elements plots use. Numbers are written with at most 2 decimals.
public enum SVG {
    public static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    public static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
        width: Double = 1, dash: String? = nil
    ) -> SVGElement {
        var a = [
            ("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2)), ("stroke", stroke), ("stroke-width", n(width))
        ]
        if let dash { a.append(("stroke-dasharray", dash)) }
        return SVGElement("line", a)
    }

    public static func rect(
        _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String,
        stroke: String? = nil, extra: [(String, String)] = []
    ) -> SVGElement {
        var a = [("x", n(x)), ("y", n(y)), ("width", n(max(0, w))), ("height", n(max(0, h))), ("fill", fill)]
        if let stroke { a.append(("stroke", stroke)) }
        return SVGElement("rect", a + extra)
    }

    public static func text(
        _ s: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
        weight: String? = nil, fill: String = "#222", rotate: Double? = nil,
        baseline: String? = nil
    ) -> SVGElement {
        var a = [("x", n(x)), ("y", n(y)), ("font-size", n(size)), ("text-anchor", anchor), ("fill", fill)]
        if let weight { a.append(("font-weight", weight)) }
        if let rotate { a.append(("transform", "rotate(\(n(rotate)) \(n(x)) \(n(y)))")) }
        if let baseline { a.append(("dominant-baseline", baseline)) }
        return SVGElement("text", a, text: s)
    }

    public static func polyline(
        _ points: [(Double, Double)], stroke: String, width: Double = 2,
        dash: String? = nil
    ) -> SVGElement {
        var a = [
            ("points", points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")), ("fill", "none"),
            ("stroke", stroke), ("stroke-width", n(width)), ("stroke-linejoin", "round")
        ]
        if let dash { a.append(("stroke-dasharray", dash)) }
        return SVGElement("polyline", a)
    }

    public static func polygon(_ points: [(Double, Double)], fill: String, opacity: Double) -> SVGElement {
        SVGElement(
            "polygon",
            [
                ("points", points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")),
                ("fill", fill), ("fill-opacity", n(opacity)), ("stroke", "none")
            ])
    }

    public static func circle(
        _ x: Double, _ y: Double, r: Double, fill: String, stroke: String = "white", strokeWidth: Double = 1,
        extra: [(String, String)] = []
    ) -> SVGElement {
        SVGElement(
            "circle",
            [
                ("cx", n(x)), ("cy", n(y)), ("r", n(r)), ("fill", fill), ("stroke", stroke),
                ("stroke-width", n(strokeWidth))
            ] + extra)
    }

    /// A hover tooltip (`<title>`) for the parent element.
    public static func title(_ s: String) -> SVGElement { SVGElement("title", text: s) }

    public static func group(_ children: [SVGElement], _ attributes: [(String, String)] = []) -> SVGElement {
        SVGElement("g", attributes, children: children)
    }
}
