/// A Markdown pipe table.
struct MarkdownTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(headers: [String], alignments: [Alignment]) {
        self.headers = headers
        self.alignments = alignments
    }

    /// A bare "|" would end the cell, so it is written with a backslash before it.
    static func escapePipes(_ cell: String) -> String {
        var out = ""
        for character in cell {
            if character == "|" { out += "\\|" } else { out.append(character) }
        }
        return out
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The table text, one line per row, ending in a newline. "|" inside a cell is escaped.
    func render() -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map(Self.escapePipes).joined(separator: " | ") + " |\n"
        }
        var text = line(headers)
        text += "|" + alignments.map { $0 == .left ? "---" : "---:" }.joined(separator: "|") + "|\n"
        for row in rows { text += line(row) }
        return text
    }
}
