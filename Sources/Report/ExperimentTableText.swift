// The three written forms of an experiment's score table: Markdown (as the paper's tables, with
// warnings and caption), CSV (one line per cell, for data-frame libraries) and LaTeX (booktabs,
// with a header row per column dimension).
import Foundation

enum ExperimentTableText {
    // MARK: Markdown

    static func markdown(_ table: ExperimentTable) -> String {
        let labels = table.columnKeys.map { columnLabel(table.columnDimensions, $0) }
        var markdown = MarkdownTable(headers: table.rowDimensions.map(\.header) + labels,
                                     alignments: table.rowDimensions.map { _ in .left } + labels.map { _ in .right })
        for (rowKey, cells) in zip(table.rowKeys, table.cells) {
            markdown.append(rowKey.map(\.display) + cells.map(markdownCell))
        }
        return "### \(table.title)\n\n" + markdown.render() + "\n" + renderWarnings(table.warnings) + table.caption.render()
    }

    /// "arc-style (acc_norm)", "arc-style, r=4 (EM)", "acc_norm"; "Value" when every dimension is in the rows.
    static func columnLabel(_ dimensions: [ExperimentDimension], _ key: [DimensionValue]) -> String {
        if key.isEmpty { return "Value" }
        let pairs = Array(zip(dimensions, key))
        let others = pairs.filter { $0.0 != .metric }.map(\.1.display).joined(separator: ", ")
        guard let metric = pairs.first(where: { $0.0 == .metric })?.1 else { return others }
        return others.isEmpty ? metric.display : "\(others) (\(metric.display))"
    }

    static func markdownCell(_ cell: ExperimentCell) -> String {
        switch cell {
        case .missing: return "—"
        case let .score(summary, bold): return summary.text(bold: bold)
        case let .rate(rate, atEdge): return NumberFormat.scientific(rate) + (atEdge ? " †" : "")
        case let .outcomes(summary): return summary.text()
        }
    }

    // MARK: CSV

    /// The CSV columns, in order.
    static let csvColumns = ["optimizer", "rank", "preset", "task", "metric", "mean", "sd", "n", "runs", "outcomes",
                             "learning_rate", "at_grid_edge"]

    static func csv(_ table: ExperimentTable) -> String {
        var lines = [csvColumns.joined(separator: ",")]
        let scoreCells = table.placed.filter { $0.coordinates[.metric]?.raw != selectedRateMeasure }
        for item in scoreCells.isEmpty ? table.placed : scoreCells {
            let coordinates = [ExperimentDimension.optimizer, .rank, .preset, .task, .metric].map { item.coordinates[$0]?.raw ?? "" }
            var mean = "", sd = "", n = "", runs = "", outcomes = ""
            switch item.cell {
            case let .score(summary, _), let .outcomes(summary):
                mean = summary.mean.map { NumberFormat.fixed($0, decimals: 2) } ?? ""
                sd = summary.standardDeviation.map { NumberFormat.fixed($0, decimals: 2) } ?? ""
                n = String(summary.values.count)
                runs = String(summary.total)
                outcomes = summary.outcomeNote
            case .rate, .missing:
                break
            }
            let selected = item.selection.selected
            let rate = selected.map { CSVText.number($0.learningRate) } ?? ""
            let edge = selected == nil ? "" : (item.selection.isAtGridEdge ? "true" : "false")
            lines.append(CSVText.line(coordinates + [mean, sd, n, runs, outcomes, rate, edge]))
        }
        return lines.map { $0 + "\n" }.joined()
    }

    // MARK: LaTeX

    static func latex(_ table: ExperimentTable) -> String {
        var text = "% " + table.title + "\n"
        for line in table.warnings { text += "% Warning: " + line + "\n" }
        for line in table.caption.lines { text += "% " + line + "\n" }
        let rowCount = table.rowDimensions.count
        let columnSpec = String(repeating: "l", count: rowCount) + String(repeating: "r", count: max(1, table.columnKeys.count))
        text += "\\begin{table}[htbp]\n\\centering\n\\begin{tabular}{\(columnSpec)}\n\\toprule\n"
        let levels = table.columnDimensions.count
        // One spanning header row per column dimension but the last, each with its rules.
        for level in 0 ..< max(0, levels - 1) {
            var cells = Array(repeating: "", count: rowCount)
            var rules: [String] = []
            var start = 0
            while start < table.columnKeys.count {
                var end = start
                let prefix = Array(table.columnKeys[start].prefix(level + 1))
                while end + 1 < table.columnKeys.count, Array(table.columnKeys[end + 1].prefix(level + 1)) == prefix { end += 1 }
                let label = LaTeXText.escape(table.columnKeys[start][level].display)
                let span = end - start + 1
                cells.append(span == 1 ? label : "\\multicolumn{\(span)}{c}{\(label)}")
                rules.append("\\cmidrule(lr){\(rowCount + start + 1)-\(rowCount + end + 1)}")
                start = end + 1
            }
            text += cells.joined(separator: " & ") + " \\\\\n" + rules.joined(separator: " ") + "\n"
        }
        let last = table.columnKeys.map { key in key.last.map { LaTeXText.escape($0.display) } ?? "Value" }
        text += (table.rowDimensions.map(\.header) + last).joined(separator: " & ") + " \\\\\n\\midrule\n"
        for (rowKey, cells) in zip(table.rowKeys, table.cells) {
            text += (rowKey.map { LaTeXText.escape($0.display) } + cells.map(latexCell)).joined(separator: " & ") + " \\\\\n"
        }
        text += "\\bottomrule\n\\end{tabular}\n"
        text += "\\caption{" + LaTeXText.text(table.title) + ". Test scores in percent, mean $\\pm$ sample standard deviation "
            + "over the seeds that finished at the selected learning rate (lr), n = their number; other outcomes are counted "
            + "beside n; bold: the best mean per column group.}\n"
        text += "\\label{tab:" + LaTeXText.label(table.title) + "}\n\\end{table}\n"
        return text
    }

    static func latexCell(_ cell: ExperimentCell) -> String {
        switch cell {
        case .missing: return "---"
        case let .rate(rate, atEdge): return NumberFormat.scientific(rate) + (atEdge ? "$^\\dagger$" : "")
        case let .outcomes(summary): return LaTeXText.escape(summary.outcomeNote)
        case let .score(summary, bold):
            guard let mean = summary.mean else { return LaTeXText.escape(summary.outcomeNote) }
            let meanText = NumberFormat.fixed(mean, decimals: 2)
            var text = bold ? "\\textbf{\(meanText)}" : meanText
            if let sd = summary.standardDeviation { text += " $\\pm$ " + NumberFormat.fixed(sd, decimals: 2) }
            text += " (n=\(summary.values.count)"
            if !summary.outcomes.isEmpty { text += "; " + LaTeXText.escape(summary.outcomeNote) }
            return text + ")"
        }
    }
}

/// CSV fields as data-frame libraries read them: quoted only when they hold a comma, a quote or a
/// line break (quotes doubled); numbers as Swift's shortest round-trip text.
enum CSVText {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }

    /// Shortest round-trip text ("0.001", "2e-05"); "nan", "inf" and "-inf" for non-finite values.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return value.description
    }
}

/// Text for LaTeX: special characters escaped, the few non-ASCII symbols the reports print as
/// commands.
enum LaTeXText {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(character)
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "±": out += "$\\pm$"
            case "—": out += "---"
            case "†": out += "$^\\dagger$"
            case "−": out += "$-$"
            default: out.append(character)
            }
        }
        return out
    }

    /// Escaped text whose `code spans` become `\texttt{...}`.
    static func text(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { index, part in
            index % 2 == 1 ? "\\texttt{" + escape(String(part)) + "}" : escape(String(part))
        }.joined()
    }

    /// A label from the code spans of `text` (the experiment names): letters, digits, '-', '.', ':'.
    static func label(_ text: String) -> String {
        let names = text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
        let joined = names.isEmpty ? "experiment" : names.joined(separator: "+")
        return String(joined.map { $0.isLetter || $0.isNumber || "-.:+".contains($0) ? $0 : "-" })
    }
}
