// The input of the SVG line-chart renderer: a chart is one or more panels side by side, each with its
// own axes and series; the legend is shared and lists each series name once.

/// How an axis maps data to position.
public enum AxisScale: String, Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; values <= 0 cannot be placed and are drawn as gaps.
    case log10
}

/// One axis of a panel.
public struct AxisSpec: Sendable, Equatable {
    public var label: String
    public var scale: AxisScale
    /// A fixed data range; nil takes the range of the drawable data. Ticks widen it to nice values.
    public var range: ClosedRange<Double>?

    public init(label: String, scale: AxisScale = .linear, range: ClosedRange<Double>? = nil) {
        self.label = label
        self.scale = scale
        self.range = range
    }
}

/// One point of a line.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// One point of a shaded band: the band covers [low, high] at x.
public struct BandPoint: Sendable, Equatable {
    public var x: Double
    public var low: Double
    public var high: Double
    public init(x: Double, low: Double, high: Double) { self.x = x; self.low = low; self.high = high }
}

/// A named line, with an optional band drawn beneath it in the same colour.
/// Points are joined in the given order; a point that cannot be drawn (NaN, infinite, or <= 0 on a log
/// axis) breaks the line, so it is never written into the SVG.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    /// Index into `ChartPalette.styles` (taken modulo its count); lets a caller keep one colour per
    /// optimizer across figures even when some optimizer is missing.
    public var styleIndex: Int
    public var points: [ChartPoint]
    public var band: [BandPoint]

    public init(name: String, styleIndex: Int, points: [ChartPoint], band: [BandPoint] = []) {
        self.name = name
        self.styleIndex = styleIndex
        self.points = points
        self.band = band
    }
}

/// One plot area with its axes.
public struct ChartPanel: Sendable, Equatable {
    public var title: String
    public var xAxis: AxisSpec
    public var yAxis: AxisSpec
    public var series: [ChartSeries]

    public init(title: String, xAxis: AxisSpec, yAxis: AxisSpec, series: [ChartSeries]) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
    }
}

/// A whole figure.
public struct Chart: Sendable, Equatable {
    public var title: String
    public var panels: [ChartPanel]
    /// Size of one panel in SVG user units (pixels), axes and labels included.
    public var panelWidth: Double
    public var panelHeight: Double

    public init(title: String, panels: [ChartPanel], panelWidth: Double = 400, panelHeight: Double = 300) {
        self.title = title
        self.panels = panels
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
    }
}

/// A fixed, colour-blind-safe palette (Okabe and Ito, 2008), each colour paired with a dash pattern so
/// the lines stay apart in greyscale print too.
public enum ChartPalette {
    public struct Style: Sendable, Equatable {
        public let color: String
        /// SVG `stroke-dasharray`, empty for a solid line.
        public let dash: String
    }

    public static let styles: [Style] = [
        Style(color: "#0072B2", dash: ""),          // blue
        Style(color: "#E69F00", dash: "7 3"),       // orange
        Style(color: "#009E73", dash: "2 2"),       // bluish green
        Style(color: "#CC79A7", dash: "7 3 2 3"),   // reddish purple
        Style(color: "#56B4E9", dash: "4 2 1 2"),   // sky blue
        Style(color: "#D55E00", dash: ""),          // vermillion
        Style(color: "#000000", dash: "10 3"),      // black
        Style(color: "#F0E442", dash: "1 2"),       // yellow
    ]

    public static func style(_ index: Int) -> Style {
        let count = styles.count
        return styles[((index % count) + count) % count]
    }
}
