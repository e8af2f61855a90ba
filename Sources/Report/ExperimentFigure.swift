// The curves of any stored experiment, in the house style of the paper's figures: one panel per task
// (and rank and preset, where they vary), one line per optimizer at the rate
// its experiment's rule selects, the mean over the done seeds shaded from the smallest to the
// largest seed value. With every rate of one optimizer instead, it is a learning-rate sweep plot.

/// Which learning rates a figure draws.
public enum ExperimentFigureRates: Sendable, Equatable {
    /// Each optimizer (and rank) at its selected rate.
    case selected
    /// Every rate of one optimizer; nil when the experiment has only one.
    case all(optimizer: String?)
}

/// What to draw.
public struct ExperimentFigureRequest: Sendable, Equatable {
    public var metric: CurveMetric
    /// One task's panel only; nil draws a panel per task.
    public var task: String?
    public var rates: ExperimentFigureRates
    /// Trailing mean of the training loss over this many steps (1 = none), as Figure 2 does.
    public var lossSmoothing: Int

    public init(metric: CurveMetric, task: String? = nil, rates: ExperimentFigureRates = .selected,
                lossSmoothing: Int = FigureOptions().lossSmoothing) {
        self.metric = metric
        self.task = task
        self.rates = rates
        self.lossSmoothing = lossSmoothing
    }

    /// The command-line names of the quantities.
    public static let metricNames: [(name: String, metric: CurveMetric)] = [
        ("loss", .trainLoss), ("a-norm", .normA), ("b-norm", .normB), ("a-update", .updateRatioA), ("b-update", .updateRatioB),
    ]

    /// The quantity called `name` on the command line ("loss", "a-norm", ...).
    public static func metric(named name: String) -> CurveMetric? { metricNames.first { $0.name == name }?.metric }

    /// The command-line name of `metric`.
    public static func name(of metric: CurveMetric) -> String { metricNames.first { $0.metric == metric }!.name }
}

public enum ExperimentFigureBuilder {
    /// The figure of `request` from the runs of `input` and the curves of their done runs.
    public static func build(_ input: ExperimentInput, curves: [StepSeries], request: ExperimentFigureRequest) throws -> RenderedFigure {
        guard !input.results.isEmpty else { throw ExperimentReportError.noRuns(experiments: input.experiments) }
        var curveByRun: [String: StepSeries] = [:]
        for curve in curves where curve.metric == request.metric {
            if curveByRun[curve.runKey] != nil { throw ReportError.duplicateCurve(runKey: curve.runKey, metric: curve.metric) }
            curveByRun[curve.runKey] = curve
        }
        var tasks: [String] = []
        for run in input.results where !tasks.contains(run.task) { tasks.append(run.task) }
        if let task = request.task {
            guard tasks.contains(task) else { throw ExperimentReportError.unknownValue(option: "--task", value: task, expected: tasks) }
            tasks = [task]
        }
        let runs = input.results.filter { tasks.contains($0.task) }
        let (scorings, _) = try ExperimentInput(experiments: input.experiments, results: runs, rules: input.rules,
                                                primaryMetrics: input.primaryMetrics).scoring()
        let selections = try LearningRateSelector.selectAll(runs, scoring: scorings)
        var optimizers: [String] = [], presets: [String] = []
        for run in runs {
            if !optimizers.contains(run.optimizer) { optimizers.append(run.optimizer) }
            if !presets.contains(run.preset) { presets.append(run.preset) }
        }
        let ranks = Array(Set(runs.map(\.rank))).sorted()
        let rateOptimizer = try rateOptimizer(request.rates, among: optimizers)
        let quantity = Quantity(request.metric, smoothing: request.lossSmoothing)
        let allRates = Array(Set(runs.filter { $0.optimizer == rateOptimizer }.map(\.learningRate))).sorted()
        var panels: [ChartPanel] = [], notes: [String] = [], plotted: [StepSeries] = []
        for preset in presets {
            for task in tasks {
                for rank in ranks where runs.contains(where: { $0.preset == preset && $0.task == task && $0.rank == rank }) {
                    var series: [ChartSeries] = [], panelNotes: [String] = []
                    var selectedRate: Double?
                    for (index, optimizer) in optimizers.enumerated() where rateOptimizer == nil || optimizer == rateOptimizer {
                        let key = RunGroupKey(preset: preset, task: task, rank: rank, optimizer: optimizer)
                        guard let selection = selections[key] else { continue }
                        let name = ReportCatalog.displayName(optimizer: optimizer)
                        // (legend label, style, the runs of one rate)
                        var lines: [(label: String, style: Int, candidate: LearningRateCandidate)] = []
                        if rateOptimizer != nil {
                            for candidate in selection.candidates {
                                lines.append(("lr \(NumberFormat.scientific(candidate.learningRate))",
                                              allRates.firstIndex(of: candidate.learningRate) ?? 0, candidate))
                            }
                            selectedRate = selection.selected?.learningRate
                        } else if let selected = selection.selected {
                            lines.append((name, index, selected))
                        } else {
                            let outcomes = CellSummary.make(runs: selection.candidates.flatMap(\.runs)) { _ in 0 }
                            panelNotes.append("\(name): no finished run (\(outcomes.outcomeNote))")
                        }
                        for line in lines {
                            let cell = CellSummary.make(runs: line.candidate.runs) { _ in 0 }
                            let seeds = line.candidate.runs.filter { $0.status == .done }.compactMap { curveByRun[$0.runKey] }
                            plotted += seeds
                            let what = rateOptimizer == nil ? "\(name) lr \(NumberFormat.scientific(line.candidate.learningRate))" : line.label
                            var note = "\(what), \(seeds.count) \(seeds.count == 1 ? "seed" : "seeds") plotted"
                            if !cell.outcomes.isEmpty { note += " (\(cell.outcomeNote))" }
                            panelNotes.append(note)
                            guard !seeds.isEmpty else { continue }
                            let (points, band) = FigureBuilder.aggregate(seeds.map { FigureBuilder.smooth($0.points, window: quantity.smoothing) })
                            series.append(ChartSeries(name: line.label, styleIndex: line.style, points: points,
                                                      band: seeds.count >= 2 ? band : []))
                        }
                    }
                    let title = task + (ranks.count > 1 ? ", r=\(rank)" : "") + (presets.count > 1 ? " (\(preset))" : "")
                        + (selectedRate.map { ", selected \(NumberFormat.scientific($0))" } ?? "")
                    panels.append(ChartPanel(title: title, xAxis: AxisSpec(label: "training step"),
                                             yAxis: AxisSpec(label: quantity.axisLabel, scale: quantity.scale), series: series))
                    let scoring = scorings.first { $0.task == task }
                    notes.append("\(title) [rates chosen on \(scoring.map { "\($0.selectionSplit.rawValue) \($0.selectionMetric)" } ?? "-")]: "
                        + (panelNotes.isEmpty ? "no runs" : panelNotes.joined(separator: "; ")) + ".")
                }
            }
        }
        let subject = rateOptimizer.map { "\(ReportCatalog.displayName(optimizer: $0)) at every learning rate: " } ?? ""
        var title = rateOptimizer.map { "\(ReportCatalog.displayName(optimizer: $0)), every rate: \(quantity.axisLabel)" } ?? quantity.title
        // The experiments join the title when it still fits above the panels (the renderer does not wrap).
        let named = title + " (" + input.experiments.joined(separator: ", ") + ")"
        let chart = Chart(title: named, panels: panels)
        if SVGText.estimatedWidth(named, fontSize: 15) <= Double(max(1, panels.count)) * chart.panelWidth { title = named }
        let svg = try SVGChartRenderer.render(Chart(title: title, panels: panels))
        var caption = "**Figure.** \(subject)\(quantity.title), experiment\(input.experiments.count == 1 ? "" : "s") \(input.experimentList). "
        caption += rateOptimizer == nil
            ? "One line per optimizer at the learning rate its experiment's rule selects (as the tables choose it), "
            : "One line per learning rate of \(ReportCatalog.displayName(optimizer: rateOptimizer!)) (the selected one named in the panel title), "
        caption += "the mean over the done seeds at that rate, shaded from the smallest to the largest seed value at each step; "
        caption += "diverged, failed and unfinished seeds are not plotted. Values that cannot be drawn (not finite, or not "
        caption += "positive on a log axis) are gaps."
        if quantity.smoothing > 1 { caption += " Each seed's training loss is first replaced by its trailing mean over \(quantity.smoothing) steps." }
        caption += "\n\n" + notes.map { "- " + $0 + "\n" }.joined() + "\n"
        caption += "Input digest: SHA-256 \(RowDigest.digest(runs: runs, curves: plotted)) over \(runs.count) runs and "
        caption += "\(plotted.count) curves. Rendered by rite-repro \(input.toolVersion).\n"
        return RenderedFigure(svg: svg, caption: caption)
    }

    /// The optimizer whose every rate is drawn, nil when each optimizer is drawn at its selected rate.
    static func rateOptimizer(_ rates: ExperimentFigureRates, among optimizers: [String]) throws -> String? {
        guard case let .all(optimizer) = rates else { return nil }
        if let optimizer {
            guard optimizers.contains(optimizer) else {
                throw ExperimentReportError.unknownValue(option: "--optimizer", value: optimizer, expected: optimizers)
            }
            return optimizer
        }
        guard optimizers.count == 1 else {
            throw ExperimentReportError.invalidLayout("--rate all draws every rate of one optimizer; pass --optimizer, "
                + "one of: \(optimizers.joined(separator: ", "))")
        }
        return optimizers[0]
    }

    /// How a quantity is titled, labelled and scaled, as in the paper's figures.
    struct Quantity {
        let title: String
        let axisLabel: String
        let scale: AxisScale
        let smoothing: Int

        init(_ metric: CurveMetric, smoothing: Int) {
            switch metric {
            case .trainLoss:
                self.smoothing = max(1, smoothing)
                title = "Training loss"
                axisLabel = "training loss" + (self.smoothing > 1 ? " (mean over \(self.smoothing) steps)" : "")
                scale = .linear
            case .normA: (title, axisLabel, scale, self.smoothing) = ("‖A‖ (Frobenius)", "‖A‖", .linear, 1)
            case .normB: (title, axisLabel, scale, self.smoothing) = ("‖B‖ (Frobenius)", "‖B‖", .linear, 1)
            case .updateRatioA: (title, axisLabel, scale, self.smoothing) = ("Update magnitude of A", "‖ΔA‖ / ‖A‖", .log10, 1)
            case .updateRatioB: (title, axisLabel, scale, self.smoothing) = ("Update magnitude of B", "‖ΔB‖ / ‖B‖", .log10, 1)
            }
        }
    }
}
