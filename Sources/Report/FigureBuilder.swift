// Figures 1-4: per-step curves, one line per optimizer at its selected learning rate (chosen exactly
// as the tables choose it), the mean over the done seeds at that rate, and a band from the smallest
// to the largest seed value at each step (min-max: with a handful of seeds it hides nothing).
// Diverged, failed and unfinished seeds are not plotted; the caption counts them.

/// A rendered figure: the SVG document and a Markdown caption for the report.
public struct RenderedFigure: Sendable, Equatable {
    public let svg: String
    public let caption: String
}

/// Settings of the figures.
public struct FigureOptions: Sendable, Equatable {
    public var preset: String
    /// Tasks of Figures 1, 3 and 4 (one each), and of Figure 2 (one panel per task).
    public var figure1Task: String
    public var figure2Tasks: [String]
    public var figure3Task: String
    public var figure4Task: String
    /// Trailing mean of each seed's training loss over this many steps before averaging over seeds
    /// (1 = none); only the loss is smoothed.
    public var lossSmoothing: Int

    public init(preset: String = "tiny", figure1Task: String = "openbookqa-style",
                figure2Tasks: [String] = ["sni-global", "openbookqa-style"],
                figure3Task: String = "sni-global", figure4Task: String = "openbookqa-style",
                lossSmoothing: Int = 20) {
        self.preset = preset
        self.figure1Task = figure1Task
        self.figure2Tasks = figure2Tasks
        self.figure3Task = figure3Task
        self.figure4Task = figure4Task
        self.lossSmoothing = lossSmoothing
    }
}

enum FigureBuilder {
    struct PanelSpec {
        let title: String
        let task: String
        let metric: CurveMetric
        let yLabel: String
        let scale: AxisScale
        let smoothing: Int
    }

    static func panels(_ figure: ReportFigure, options: FigureOptions) -> (title: String, panels: [PanelSpec]) {
        let loss = "training loss" + (options.lossSmoothing > 1 ? " (mean over \(options.lossSmoothing) steps)" : "")
        switch figure {
        case .figure1:
            return ("Weight norms of the LoRA factors (\(options.figure1Task))", [
                PanelSpec(title: "‖A‖ (Frobenius)", task: options.figure1Task, metric: .normA, yLabel: "‖A‖", scale: .linear, smoothing: 1),
                PanelSpec(title: "‖B‖ (Frobenius)", task: options.figure1Task, metric: .normB, yLabel: "‖B‖", scale: .linear, smoothing: 1),
            ])
        case .figure2:
            return ("Training loss", options.figure2Tasks.map {
                PanelSpec(title: $0, task: $0, metric: .trainLoss, yLabel: loss, scale: .linear, smoothing: options.lossSmoothing)
            })
        case .figure3, .figure4:
            let task = figure == .figure3 ? options.figure3Task : options.figure4Task
            return ("Update magnitude of A and B (\(task))", [
                PanelSpec(title: "(a) factor A", task: task, metric: .updateRatioA, yLabel: "‖ΔA‖ / ‖A‖", scale: .log10, smoothing: 1),
                PanelSpec(title: "(b) factor B", task: task, metric: .updateRatioB, yLabel: "‖ΔB‖ / ‖B‖", scale: .log10, smoothing: 1),
            ])
        }
    }

    static func build(_ figure: ReportFigure, results: [RunResult], curves: [StepSeries],
                      options: ReportOptions, figureOptions: FigureOptions) throws -> RenderedFigure {
        let (title, specs) = panels(figure, options: figureOptions)
        var curveByRun: [String: [CurveMetric: StepSeries]] = [:]
        for curve in curves {
            if curveByRun[curve.runKey]?[curve.metric] != nil {
                throw ReportError.duplicateCurve(runKey: curve.runKey, metric: curve.metric)
            }
            curveByRun[curve.runKey, default: [:]][curve.metric] = curve
        }
        let tasks = Set(specs.map(\.task))
        let used = results.filter { $0.preset == figureOptions.preset && $0.rank == options.rank && tasks.contains($0.task) }
        let selections = try LearningRateSelector.selectAll(used, scoring: options.scoring)
        let optimizers = ReportCatalog.sortedOptimizers(used.map(\.optimizer))

        var chartPanels: [ChartPanel] = []
        var notes: [String] = []
        var plotted: [StepSeries] = []
        for spec in specs {
            var series: [ChartSeries] = []
            var panelNotes: [String] = []
            var panelHasRuns = false
            for optimizer in optimizers {
                let display = ReportCatalog.displayName(optimizer: optimizer)
                let key = RunGroupKey(preset: figureOptions.preset, task: spec.task, rank: options.rank, optimizer: optimizer)
                guard let selection = selections[key] else {
                    panelNotes.append("\(display): no runs")
                    continue
                }
                panelHasRuns = true
                guard let selected = selection.selected else {
                    let outcomes = CellSummary.make(runs: selection.candidates.flatMap(\.runs)) { _ in 0 }
                    panelNotes.append("\(display): no finished run (\(outcomes.outcomeNote))")
                    continue
                }
                let cell = CellSummary.make(runs: selected.runs) { _ in 0 }
                let seeds = selected.runs.filter { $0.status == .done }.compactMap { curveByRun[$0.runKey]?[spec.metric] }
                plotted += seeds
                var note = "\(display) lr \(NumberFormat.scientific(selected.learningRate)), \(seeds.count) seeds plotted"
                if !cell.outcomes.isEmpty { note += " (\(cell.outcomeNote))" }
                let withoutCurve = cell.values.count - seeds.count
                if withoutCurve > 0 { note += ", \(withoutCurve) done seeds without a \(spec.metric.rawValue) curve" }
                panelNotes.append(note)
                guard !seeds.isEmpty else { continue }
                let (points, band) = aggregate(seeds.map { smooth($0.points, window: spec.smoothing) })
                series.append(ChartSeries(name: display, styleIndex: ReportCatalog.optimizerOrder(optimizer),
                                          points: points, band: seeds.count >= 2 ? band : []))
            }
            chartPanels.append(ChartPanel(title: spec.title, xAxis: AxisSpec(label: "training step"),
                                          yAxis: AxisSpec(label: spec.yLabel, scale: spec.scale), series: series))
            let scoring = try options.scoring(for: spec.task)
            notes.append("\(spec.title) [\(spec.task); rates chosen on \(scoring.selectionSplit.rawValue) \(scoring.selectionMetric)]: "
                + (panelHasRuns ? panelNotes.joined(separator: "; ") : "no runs") + ".")
        }
        let svg = try SVGChartRenderer.render(Chart(title: title, panels: chartPanels))
        let paperNumber = String(figure.rawValue.dropFirst("figure".count))
        var caption = "**Figure \(paperNumber).** \(title); preset \(figureOptions.preset), rank \(options.rank). "
        caption += "One line per optimizer at its selected learning rate (chosen as in the tables), the mean over the "
        caption += "done seeds at that rate, shaded from the smallest to the largest seed value at each step; "
        caption += "diverged, failed and unfinished seeds are not plotted. Values that cannot be drawn (not finite, "
        caption += "or not positive on a log axis, such as ‖ΔB‖/‖B‖ while B is zero) are gaps."
        if let smoothing = specs.map(\.smoothing).max(), smoothing > 1 {
            caption += " Each seed's training loss is first replaced by its trailing mean over \(smoothing) steps."
        }
        caption += "\n\n"
        caption += notes.map { "- " + $0 + "\n" }.joined() + "\n"
        caption += "Compare with \(PaperNumbers.source), Figure \(paperNumber) (an image in the paper; no numbers transcribed). "
        caption += "Input digest: SHA-256 \(RowDigest.digest(runs: used, curves: plotted)) over \(used.count) runs and "
        caption += "\(plotted.count) curves. Rendered by rite-repro \(options.toolVersion).\n"
        return RenderedFigure(svg: svg, caption: caption)
    }

    /// Trailing mean over a window of `window` training steps: the value at step s is the mean of the
    /// finite values recorded at steps s - window + 1 ... s (non-finite values stay gaps). Measured in
    /// steps, not recorded points, so the smoothing means the same whatever the logging period.
    static func smooth(_ points: [CurvePoint], window: Int) -> [CurvePoint] {
        guard window > 1 else { return points }
        var recent: [CurvePoint] = []
        return points.map { point in
            guard point.value.isFinite else { return point }
            recent.append(point)
            recent.removeAll { $0.step <= point.step - window }
            return CurvePoint(step: point.step, value: recent.map(\.value).reduce(0, +) / Double(recent.count))
        }
    }

    /// Per step (union over seeds, ascending): the mean of the finite seed values and their min-max.
    /// A step where no seed has a finite value is a gap (NaN, never drawn).
    static func aggregate(_ seeds: [[CurvePoint]]) -> (points: [ChartPoint], band: [BandPoint]) {
        var byStep: [Int: [Double]] = [:]
        for seed in seeds {
            for point in seed { byStep[point.step, default: []].append(point.value) }
        }
        var points: [ChartPoint] = []
        var band: [BandPoint] = []
        for step in byStep.keys.sorted() {
            let finite = byStep[step]!.filter(\.isFinite)
            let x = Double(step)
            guard let low = finite.min(), let high = finite.max() else {
                points.append(ChartPoint(x: x, y: .nan))
                band.append(BandPoint(x: x, low: .nan, high: .nan))
                continue
            }
            points.append(ChartPoint(x: x, y: finite.reduce(0, +) / Double(finite.count)))
            band.append(BandPoint(x: x, low: low, high: high))
        }
        return (points, band)
    }
}
