import Foundation

/// A self-contained HTML page: inline CSS, inline SVG figures, tables; no scripts, no network.
public struct ReportPage: Sendable {
    /// A block of a section.
    public enum Block: Sendable {
        case paragraph(String)
        case figures([SVGElement])
        /// Header row, then rows; cells are plain text.
        case table([String], [[String]])
    }

    /// A titled part of the page, with an anchor for the table of contents.
    public struct Section: Sendable {
        public var title: String
        public var anchor: String
        public var blocks: [Block]

        public init(title: String, blocks: [Block]) {
            self.title = title
            anchor = title.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            self.blocks = blocks
        }
    }

    public var title: String
    public var subtitle: String
    public var sections: [Section]

    public init(title: String, subtitle: String, sections: [Section]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    static let css = """
        body { font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; color: #222;
               margin: 0 auto; max-width: 1340px; padding: 20px 28px 60px; background: #fafafa; }
        h1 { font-size: 26px; margin: 8px 0 4px; }
        h2 { font-size: 20px; margin: 36px 0 10px; padding-top: 12px; border-top: 1px solid #ddd; }
        .subtitle { color: #555; margin: 0 0 14px; }
        nav ul { columns: 2; padding-left: 20px; margin: 6px 0; }
        nav a { color: #0b5cad; text-decoration: none; }
        p { line-height: 1.45; max-width: 1000px; }
        .figures { display: flex; flex-wrap: wrap; gap: 14px; margin: 10px 0; }
        .figures svg { background: white; border: 1px solid #e2e2e2; border-radius: 4px;
                       flex: 1 1 560px; max-width: 960px; height: auto; }
        .figures svg.confusion { flex: 0 1 340px; }
        table { border-collapse: collapse; margin: 10px 0 16px; font-size: 13px; background: white; }
        th, td { border: 1px solid #ddd; padding: 4px 9px; text-align: left; }
        th { background: #f0f3f7; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr:nth-child(even) td { background: #fbfbfb; }
        """

    /// A table without the columns that hold nothing in any row (every cell empty or "n/a"), and the
    /// names of the columns left out, so that the page can say why instead of showing an empty column.
    public static func table(_ header: [String], _ rows: [[String]]) -> (block: Block, dropped: [String]) {
        let empty = header.indices.filter { c in
            !rows.isEmpty && rows.allSatisfy { c >= $0.count || ["", "n/a"].contains($0[c]) }
        }
        let keep = header.indices.filter { !empty.contains($0) }
        let block = Block.table(keep.map { header[$0] }, rows.map { row in keep.map { $0 < row.count ? row[$0] : "" } })
        return (block, empty.map { header[$0] })
    }

    /// Cells that read as numbers ("0.8243", "0.71 ± 0.02", "3/5", "1e-4") are right-aligned.
    static func isNumeric(_ cell: String) -> Bool {
        guard let first = cell.first else { return false }
        return (first.isNumber || first == "-" || first == ".")
            && cell.allSatisfy { $0.isNumber || " .-+±/e%".contains($0) }
    }

    public var html: String {
        // XHTML-compatible (void elements closed), so the page parses as XML too.
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
        out += "<title>\(SVGElement.escape(title))</title><style>\(Self.css)</style></head><body>\n"
        out += "<h1>\(SVGElement.escape(title))</h1><p class=\"subtitle\">\(SVGElement.escape(subtitle))</p>\n"
        out +=
            "<nav><ul>"
            + sections.map { "<li><a href=\"#\($0.anchor)\">\(SVGElement.escape($0.title))</a></li>" }.joined()
            + "</ul></nav>\n"
        for section in sections {
            out += "<section id=\"\(section.anchor)\"><h2>\(SVGElement.escape(section.title))</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    out += "<p>\(SVGElement.escape(text))</p>\n"
                case .figures(let figures):
                    out += "<div class=\"figures\">"
                    for f in figures { f.render(into: &out) }
                    out += "</div>\n"
                case .table(let header, let rows):
                    out +=
                        "<table><thead><tr>" + header.map { "<th>\(SVGElement.escape($0))</th>" }.joined()
                        + "</tr></thead><tbody>"
                    for row in rows {
                        out +=
                            "<tr>"
                            + row.map { "<td\(Self.isNumeric($0) ? " class=\"n\"" : "")>\(SVGElement.escape($0))</td>" }
                            .joined() + "</tr>"
                    }
                    out += "</tbody></table>\n"
                }
            }
            out += "</section>\n"
        }
        out += "</body></html>\n"
        return out
    }
}
