// The SVG line-chart renderer: panels side by side, a title above, a shared legend below.
//
// Output is byte-stable: the same chart gives the same bytes (no timestamps, no random ids, elements
// and attributes in a fixed order, numbers through `SVGText.number`). Clip-path ids are derived from
// the panel index. Every string is escaped.

/// Why a chart cannot be rendered.
public enum ChartError: Error, Equatable, CustomStringConvertible {
    case noPanels
    case invalidSize(width: Double, height: Double)
    case invalidRange(panel: String, axis: String, reason: String)

    public var description: String {
        switch self {
        case .noPanels:
            return "chart has no panels; expected at least one"
        case let .invalidSize(width, height):
            return "panel size \(width) x \(height) is invalid; expected finite sizes of at least 160 x 120"
        case let .invalidRange(panel, axis, reason):
            return "panel \"\(panel)\", \(axis) axis: \(reason)"
        }
    }
}

/// Renders `Chart` values to SVG text.
public enum SVGChartRenderer {
    static let padding = 12.0
    static let titleBand = 30.0
    static let legendRowHeight = 20.0
    static let legendSampleWidth = 28.0

    /// The SVG document for `chart`.
    public static func render(_ chart: Chart) throws -> String {
        guard !chart.panels.isEmpty else { throw ChartError.noPanels }
        guard chart.panelWidth.isFinite, chart.panelHeight.isFinite,
              chart.panelWidth >= 160, chart.panelHeight >= 120 else {
            throw ChartError.invalidSize(width: chart.panelWidth, height: chart.panelHeight)
        }
        let layouts = try chart.panels.map(PanelLayout.init(panel:))
        let tickLabelWidth = layouts.map(\.yTickLabelWidth).max() ?? 0
        let leftMargin = 22 + tickLabelWidth + 9

        let width = 2 * padding + Double(chart.panels.count) * chart.panelWidth
        let top = padding + (chart.title.isEmpty ? 0 : titleBand)
        let legend = legendEntries(chart.panels)
        let legendRows = layoutLegend(legend, width: width - 2 * padding)
        let legendHeight = legendRows.isEmpty ? 0 : Double(legendRows.count) * legendRowHeight + 6
        let height = top + chart.panelHeight + legendHeight + padding

        var svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\""
        svg += " viewBox=\"0 0 \(n(width)) \(n(height))\""
        svg += " font-family=\"DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif\">\n"
        let documentTitle = chart.title.isEmpty ? chart.panels.map(\.title).joined(separator: "; ") : chart.title
        svg += "<title>\(SVGText.escape(documentTitle))</title>\n"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        if !chart.title.isEmpty {
            svg += "<text x=\"\(n(width / 2))\" y=\"\(n(padding + 18))\" font-size=\"15\" font-weight=\"bold\""
            svg += " text-anchor=\"middle\" fill=\"#000000\">\(SVGText.escape(chart.title))</text>\n"
        }
        for (index, layout) in layouts.enumerated() {
            let frame = PanelFrame(
                x: padding + Double(index) * chart.panelWidth, y: top,
                width: chart.panelWidth, height: chart.panelHeight, leftMargin: leftMargin
            )
            svg += layout.svg(frame: frame, clipID: "plot-area-\(index + 1)")
        }
        svg += legendSVG(legendRows, top: top + chart.panelHeight + 4, width: width)
        svg += "</svg>\n"
        return svg
    }

    struct LegendEntry: Equatable {
        let name: String
        let style: ChartPalette.Style
        let hasBand: Bool
        var width: Double { legendSampleWidth + 6 + SVGText.estimatedWidth(name, fontSize: 12) }
    }

    /// Series names in order of first appearance over the panels; the first style seen wins.
    static func legendEntries(_ panels: [ChartPanel]) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for panel in panels {
            for series in panel.series {
                if let existing = entries.firstIndex(where: { $0.name == series.name }) {
                    if !series.band.isEmpty && !entries[existing].hasBand {
                        entries[existing] = LegendEntry(name: series.name, style: entries[existing].style, hasBand: true)
                    }
                    continue
                }
                entries.append(LegendEntry(name: series.name, style: ChartPalette.style(series.styleIndex),
                                           hasBand: !series.band.isEmpty))
            }
        }
        return entries
    }

    static func layoutLegend(_ entries: [LegendEntry], width: Double) -> [[LegendEntry]] {
        let gap = 18.0
        var rows: [[LegendEntry]] = []
        var current: [LegendEntry] = []
        var used = 0.0
        for entry in entries {
            let needed = (current.isEmpty ? 0 : gap) + entry.width
            if !current.isEmpty && used + needed > width {
                rows.append(current)
                current = []
                used = 0
            }
            used += current.isEmpty ? entry.width : gap + entry.width
            current.append(entry)
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }

    static func legendSVG(_ rows: [[LegendEntry]], top: Double, width: Double) -> String {
        let gap = 18.0
        var svg = ""
        for (rowIndex, row) in rows.enumerated() {
            let rowWidth = row.map(\.width).reduce(0, +) + gap * Double(row.count - 1)
            var x = (width - rowWidth) / 2
            let middle = top + Double(rowIndex) * legendRowHeight + 10
            for entry in row {
                if entry.hasBand {
                    svg += "<rect x=\"\(n(x))\" y=\"\(n(middle - 5))\" width=\"\(n(legendSampleWidth))\" height=\"10\""
                    svg += " fill=\"\(entry.style.color)\" fill-opacity=\"0.18\"/>\n"
                }
                svg += "<line x1=\"\(n(x))\" y1=\"\(n(middle))\" x2=\"\(n(x + legendSampleWidth))\" y2=\"\(n(middle))\""
                svg += PanelLayout.strokeAttributes(entry.style) + "/>\n"
                svg += "<text x=\"\(n(x + legendSampleWidth + 6))\" y=\"\(n(middle + 4))\" font-size=\"12\""
                svg += " fill=\"#000000\">\(SVGText.escape(entry.name))</text>\n"
                x += entry.width + gap
            }
        }
        return svg
    }

    private static func n(_ value: Double) -> String { SVGText.number(value) }
}
