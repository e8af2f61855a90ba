import Foundation
@testable import Report
import Testing

@Suite struct ChartRenderTests {
    /// Two panels: a linear one with bands, a gap (NaN) and an infinite point, and a log one whose
    /// first points are 0 and -1 (not drawable on a log axis); the title needs escaping.
    static func sampleChart() -> Chart {
        let steps = stride(from: 0, through: 2000, by: 100).map(Double.init)
        func series(_ name: String, _ style: Int, _ f: (Double) -> Double, spread: Double) -> ChartSeries {
            let points = steps.map { ChartPoint(x: $0, y: f($0)) }
            let band = points.map { BandPoint(x: $0.x, low: $0.y * (1 - spread), high: $0.y * (1 + spread)) }
            return ChartSeries(name: name, styleIndex: style, points: points, band: band)
        }
        var adam = series("Adam", 0, { 2.5 * exp(-$0 / 900) + 0.4 }, spread: 0.05)
        adam.points[5].y = .nan
        adam.points[6].y = .infinity
        let rite = series("LoRA-RITE", 5, { 2.5 * exp(-$0 / 500) + 0.3 }, spread: 0.04)
        var ratioA = series("Adam", 0, { 1e-5 * (1 + $0 / 400) }, spread: 0.2)
        ratioA.points[0].y = 0
        ratioA.points[1].y = -1
        ratioA.band[0].low = 0
        let ratioRite = series("LoRA-RITE", 5, { 3e-3 / (1 + $0 / 1000) }, spread: 0.1)
        return Chart(title: "Loss & update <magnitude> of \"A\" and 'B'", panels: [
            ChartPanel(title: "(a) training loss", xAxis: AxisSpec(label: "training step"),
                       yAxis: AxisSpec(label: "loss"), series: [adam, rite]),
            ChartPanel(title: "(b) ‖ΔA‖ / ‖A‖", xAxis: AxisSpec(label: "training step"),
                       yAxis: AxisSpec(label: "‖ΔA‖ / ‖A‖", scale: .log10), series: [ratioA, ratioRite]),
        ])
    }

    static func allStylesChart() -> Chart {
        let series = (0 ..< 8).map { index in
            ChartSeries(name: "series \(index)", styleIndex: index, points: (0 ... 10).map {
                ChartPoint(x: Double($0), y: -3.7 + Double(index) * 0.4 + sin(Double($0) / 2 + Double(index)) * 0.2)
            })
        }
        return Chart(title: "", panels: [ChartPanel(title: "palette", xAxis: AxisSpec(label: "x"),
                                                    yAxis: AxisSpec(label: "y (negative)"), series: series)],
                     panelWidth: 480, panelHeight: 320)
    }

    static func emptyChart() -> Chart {
        Chart(title: "Nothing yet", panels: [
            ChartPanel(title: "no runs", xAxis: AxisSpec(label: "training step"),
                       yAxis: AxisSpec(label: "‖A‖", scale: .log10), series: [
                           ChartSeries(name: "Adam", styleIndex: 0, points: [ChartPoint(x: 0, y: .nan)]),
                       ]),
        ])
    }

    @Test func goldenCharts() throws {
        for (name, chart) in [("two-panels.svg", Self.sampleChart()), ("palette.svg", Self.allStylesChart()),
                              ("empty.svg", Self.emptyChart())] {
            let svg = try SVGChartRenderer.render(chart)
            try Golden.check(name, svg)
            try SVGCheck.validate(svg, name: name)
        }
    }

    @Test func everyGoldenFileParsesAndConverts() throws {
        let files = try Golden.goldenSVGs()
        #expect(files.count >= 3)
        for file in files {
            let svg = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            try SVGCheck.validate(svg, name: file.deletingPathExtension().lastPathComponent)
        }
    }

    /// The checks can fail: malformed XML, a non-SVG root, a NaN coordinate, and a file rsvg-convert
    /// refuses (no dimensions) are each caught.
    @Test func brokenFilesAreCaught() throws {
        let header = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
        withKnownIssue { try SVGCheck.validate(header + "<g></svg>", name: "malformed") }
        withKnownIssue { try SVGCheck.validate("<html xmlns=\"http://www.w3.org/1999/xhtml\"/>", name: "not-svg") }
        withKnownIssue { try SVGCheck.validate(header + "<path d=\"M 0 0 L nan 5\"/></svg>", name: "nan") }
        if SVGCheck.rsvgConvert() != nil {
            withKnownIssue {
                try SVGCheck.convertToPNG("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"></svg>", name: "empty-size")
            }
        }
    }

    @Test func byteStable() throws {
        let first = try SVGChartRenderer.render(Self.sampleChart())
        let second = try SVGChartRenderer.render(Self.sampleChart())
        #expect(first == second)
    }

    @Test func textIsEscapedAndBadPointsAreGaps() throws {
        let svg = try SVGChartRenderer.render(Self.sampleChart())
        #expect(svg.contains("Loss &amp; update &lt;magnitude&gt; of &quot;A&quot; and &apos;B&apos;"))
        #expect(!svg.contains("<magnitude>"))
        // Lines in drawing order: panel 1 Adam, LoRA-RITE; panel 2 Adam, LoRA-RITE.
        let paths = svg.split(separator: "\n").filter { $0.hasPrefix("<path d=\"M") && $0.contains("fill=\"none\"") }
        #expect(paths.count == 4)
        // Adam's loss points 5 (NaN) and 6 (infinite) break its line into two segments.
        #expect(paths[0].filter { $0 == "M" }.count == 2)
        #expect(paths[1].filter { $0 == "M" }.count == 1)
        // On the log panel Adam's first two points (0 and -1) cannot be drawn: one segment of 19 points.
        #expect(paths[2].filter { $0 == "M" }.count == 1)
        #expect(paths[2].filter { $0 == "L" }.count == 18)
    }

    @Test func escapeHelper() {
        #expect(SVGText.escape("a & b < c > d \"e\" 'f'") == "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;")
        #expect(SVGText.escape("bell\u{07}") == "bell\u{FFFD}")
        #expect(SVGText.number(12.5) == "12.5")
        #expect(SVGText.number(300) == "300")
        #expect(SVGText.number(-0.001) == "0")
        #expect(SVGText.number(1e300) == "1000000")
    }

    @Test func legendListsEachNameOnceInFirstAppearanceOrder() {
        let entries = SVGChartRenderer.legendEntries(Self.sampleChart().panels)
        #expect(entries.map(\.name) == ["Adam", "LoRA-RITE"])
        #expect(entries.map(\.style) == [ChartPalette.style(0), ChartPalette.style(5)])
        #expect(entries.allSatisfy { $0.hasBand })
    }

    @Test func invalidInputIsAnError() {
        #expect(throws: ChartError.noPanels) { try SVGChartRenderer.render(Chart(title: "x", panels: [])) }
        let panel = ChartPanel(title: "p", xAxis: AxisSpec(label: "x"),
                               yAxis: AxisSpec(label: "y", scale: .log10, range: 0 ... 1), series: [])
        #expect(throws: ChartError.self) { try SVGChartRenderer.render(Chart(title: "x", panels: [panel])) }
        #expect(throws: ChartError.invalidSize(width: 10, height: 300)) {
            try SVGChartRenderer.render(Chart(title: "x", panels: [panel], panelWidth: 10))
        }
    }

    @Test func fixedRangeIsHonoured() throws {
        let panel = ChartPanel(title: "p", xAxis: AxisSpec(label: "x", range: 0 ... 10),
                               yAxis: AxisSpec(label: "y", range: -1 ... 1),
                               series: [ChartSeries(name: "s", styleIndex: 0, points: [ChartPoint(x: 0, y: 0), ChartPoint(x: 20, y: 5)])])
        let layout = try PanelLayout(panel: panel)
        #expect(layout.xTicks.values == [0, 2, 4, 6, 8, 10])
        #expect(layout.yTicks.values == [-1, -0.5, 0, 0.5, 1])
    }
}
