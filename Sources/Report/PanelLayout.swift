// One panel of a chart: its axes (from the drawable data or a fixed range), grid, bands, lines, tick
// labels, axis labels and title.
import Foundation

/// Where a panel sits on the canvas.
struct PanelFrame {
    let x: Double
    let y: Double
    let width: Double
    let height: Double
    let leftMargin: Double

    static let topMargin = 30.0
    static let bottomMargin = 44.0
    static let rightMargin = 14.0

    var plotLeft: Double { x + leftMargin }
    var plotRight: Double { x + width - Self.rightMargin }
    var plotTop: Double { y + Self.topMargin }
    var plotBottom: Double { y + height - Self.bottomMargin }
}

struct PanelLayout {
    let panel: ChartPanel
    let xTicks: AxisTicks
    let yTicks: AxisTicks
    let hasDrawableData: Bool

    init(panel: ChartPanel) throws {
        self.panel = panel
        var xs: [Double] = []
        var ys: [Double] = []
        for series in panel.series {
            for point in series.points where Self.drawable(point.x, panel.xAxis.scale) && Self.drawable(point.y, panel.yAxis.scale) {
                xs.append(point.x)
                ys.append(point.y)
            }
            for point in series.band where Self.drawable(point, panel) {
                xs.append(point.x)
                ys.append(point.low)
                ys.append(point.high)
            }
        }
        hasDrawableData = !xs.isEmpty
        xTicks = try Self.ticks(panel.xAxis, data: xs, panel: panel.title, axis: "x")
        yTicks = try Self.ticks(panel.yAxis, data: ys, panel: panel.title, axis: "y")
    }

    var yTickLabelWidth: Double { yTicks.labels.map { SVGText.estimatedWidth($0, fontSize: 11) }.max() ?? 0 }

    static func drawable(_ value: Double, _ scale: AxisScale) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }

    static func drawable(_ point: BandPoint, _ panel: ChartPanel) -> Bool {
        drawable(point.x, panel.xAxis.scale) && drawable(point.low, panel.yAxis.scale)
            && drawable(point.high, panel.yAxis.scale)
    }

    static func ticks(_ spec: AxisSpec, data: [Double], panel: String, axis: String) throws -> AxisTicks {
        var low = data.min()
        var high = data.max()
        if let range = spec.range {
            guard range.lowerBound.isFinite, range.upperBound.isFinite else {
                throw ChartError.invalidRange(panel: panel, axis: axis, reason: "fixed range \(range) is not finite")
            }
            if spec.scale == .log10 && range.lowerBound <= 0 {
                throw ChartError.invalidRange(panel: panel, axis: axis,
                                              reason: "fixed range \(range) of a log axis must be positive")
            }
            low = range.lowerBound
            high = range.upperBound
        }
        switch spec.scale {
        case .linear:
            guard let low, let high else { return AxisTickGenerator.linear(min: 0, max: 1) }
            return AxisTickGenerator.linear(min: low, max: high)
        case .log10:
            guard let low, let high else { return AxisTickGenerator.log10(min: 1, max: 10) }
            return AxisTickGenerator.log10(min: low, max: high)
        }
    }

    static func fraction(_ value: Double, _ ticks: AxisTicks, _ scale: AxisScale) -> Double {
        let low = ticks.domain.lowerBound
        let high = ticks.domain.upperBound
        switch scale {
        case .linear:
            return high > low ? (value - low) / (high - low) : 0.5
        case .log10:
            let logLow = Foundation.log10(low)
            let logHigh = Foundation.log10(high)
            return logHigh > logLow ? (Foundation.log10(value) - logLow) / (logHigh - logLow) : 0.5
        }
    }

    static func strokeAttributes(_ style: ChartPalette.Style) -> String {
        var text = " stroke=\"\(style.color)\" stroke-width=\"1.8\""
        if !style.dash.isEmpty { text += " stroke-dasharray=\"\(style.dash)\"" }
        return text
    }

    func svg(frame: PanelFrame, clipID: String) -> String {
        func n(_ value: Double) -> String { SVGText.number(value) }
        func px(_ value: Double) -> Double {
            frame.plotLeft + Self.fraction(value, xTicks, panel.xAxis.scale) * (frame.plotRight - frame.plotLeft)
        }
        func py(_ value: Double) -> Double {
            frame.plotBottom - Self.fraction(value, yTicks, panel.yAxis.scale) * (frame.plotBottom - frame.plotTop)
        }
        var svg = "<g>\n"
        svg += "<clipPath id=\"\(clipID)\"><rect x=\"\(n(frame.plotLeft))\" y=\"\(n(frame.plotTop))\""
        svg += " width=\"\(n(frame.plotRight - frame.plotLeft))\" height=\"\(n(frame.plotBottom - frame.plotTop))\"/></clipPath>\n"
        // Grid.
        for value in yTicks.values {
            svg += "<line x1=\"\(n(frame.plotLeft))\" y1=\"\(n(py(value)))\" x2=\"\(n(frame.plotRight))\" y2=\"\(n(py(value)))\""
            svg += " stroke=\"#e3e3e3\" stroke-width=\"1\"/>\n"
        }
        for value in xTicks.values {
            svg += "<line x1=\"\(n(px(value)))\" y1=\"\(n(frame.plotTop))\" x2=\"\(n(px(value)))\" y2=\"\(n(frame.plotBottom))\""
            svg += " stroke=\"#e3e3e3\" stroke-width=\"1\"/>\n"
        }
        // Bands under all lines, then lines.
        for series in panel.series {
            let style = ChartPalette.style(series.styleIndex)
            for segment in bandSegments(series.band) where segment.count >= 2 {
                var d = "M" + segment.map { "\(n(px($0.x))) \(n(py($0.high)))" }.joined(separator: " L")
                d += " L" + segment.reversed().map { "\(n(px($0.x))) \(n(py($0.low)))" }.joined(separator: " L") + " Z"
                svg += "<path d=\"\(d)\" fill=\"\(style.color)\" fill-opacity=\"0.18\" stroke=\"none\""
                svg += " clip-path=\"url(#\(clipID))\"/>\n"
            }
        }
        for series in panel.series {
            let segments = lineSegments(series.points)
            guard !segments.isEmpty else { continue }
            let d = segments.map { segment in
                "M" + segment.map { "\(n(px($0.x))) \(n(py($0.y)))" }.joined(separator: " L")
                    + (segment.count == 1 ? " L\(n(px(segment[0].x))) \(n(py(segment[0].y)))" : "")
            }.joined(separator: " ")
            svg += "<path d=\"\(d)\" fill=\"none\"" + Self.strokeAttributes(ChartPalette.style(series.styleIndex))
            svg += " stroke-linejoin=\"round\" stroke-linecap=\"round\" clip-path=\"url(#\(clipID))\"/>\n"
        }
        if !hasDrawableData {
            svg += "<text x=\"\(n((frame.plotLeft + frame.plotRight) / 2))\" y=\"\(n((frame.plotTop + frame.plotBottom) / 2))\""
            svg += " font-size=\"12\" text-anchor=\"middle\" fill=\"#666666\">no data</text>\n"
        }
        // Axes, ticks and labels.
        svg += "<line x1=\"\(n(frame.plotLeft))\" y1=\"\(n(frame.plotBottom))\" x2=\"\(n(frame.plotRight))\" y2=\"\(n(frame.plotBottom))\""
        svg += " stroke=\"#000000\" stroke-width=\"1\"/>\n"
        svg += "<line x1=\"\(n(frame.plotLeft))\" y1=\"\(n(frame.plotTop))\" x2=\"\(n(frame.plotLeft))\" y2=\"\(n(frame.plotBottom))\""
        svg += " stroke=\"#000000\" stroke-width=\"1\"/>\n"
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            let x = px(value)
            svg += "<line x1=\"\(n(x))\" y1=\"\(n(frame.plotBottom))\" x2=\"\(n(x))\" y2=\"\(n(frame.plotBottom + 5))\""
            svg += " stroke=\"#000000\" stroke-width=\"1\"/>\n"
            svg += "<text x=\"\(n(x))\" y=\"\(n(frame.plotBottom + 17))\" font-size=\"11\" text-anchor=\"middle\""
            svg += " fill=\"#000000\">\(SVGText.escape(label))</text>\n"
        }
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            let y = py(value)
            svg += "<line x1=\"\(n(frame.plotLeft - 5))\" y1=\"\(n(y))\" x2=\"\(n(frame.plotLeft))\" y2=\"\(n(y))\""
            svg += " stroke=\"#000000\" stroke-width=\"1\"/>\n"
            svg += "<text x=\"\(n(frame.plotLeft - 8))\" y=\"\(n(y + 4))\" font-size=\"11\" text-anchor=\"end\""
            svg += " fill=\"#000000\">\(SVGText.escape(label))</text>\n"
        }
        let middleX = (frame.plotLeft + frame.plotRight) / 2
        let middleY = (frame.plotTop + frame.plotBottom) / 2
        svg += "<text x=\"\(n(middleX))\" y=\"\(n(frame.plotBottom + 35))\" font-size=\"12\" text-anchor=\"middle\""
        svg += " fill=\"#000000\">\(SVGText.escape(panel.xAxis.label))</text>\n"
        let labelX = frame.x + 14
        svg += "<text x=\"\(n(labelX))\" y=\"\(n(middleY))\" font-size=\"12\" text-anchor=\"middle\""
        svg += " transform=\"rotate(-90 \(n(labelX)) \(n(middleY)))\" fill=\"#000000\">\(SVGText.escape(panel.yAxis.label))</text>\n"
        svg += "<text x=\"\(n(middleX))\" y=\"\(n(frame.y + 19))\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\""
        svg += " fill=\"#000000\">\(SVGText.escape(panel.title))</text>\n"
        svg += "</g>\n"
        return svg
    }

    /// Runs of consecutive drawable points.
    func lineSegments(_ points: [ChartPoint]) -> [[ChartPoint]] {
        var segments: [[ChartPoint]] = []
        var current: [ChartPoint] = []
        for point in points {
            if Self.drawable(point.x, panel.xAxis.scale) && Self.drawable(point.y, panel.yAxis.scale) {
                current.append(point)
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// Runs of consecutive drawable band points.
    func bandSegments(_ points: [BandPoint]) -> [[BandPoint]] {
        var segments: [[BandPoint]] = []
        var current: [BandPoint] = []
        for point in points {
            if Self.drawable(point, panel) {
                current.append(point)
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }
}
