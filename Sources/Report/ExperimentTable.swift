// The score table of any stored experiment: every cell is one optimizer, rank, preset, task and
// metric at the learning rate the experiment's own rule selects, with the cell rules of the paper's
// tables (mean ± sd over the done seeds, n, outcomes of the others). The `lr` pseudo-metric holds
// the selected rate. Rows and columns are any split of the dimensions (`ExperimentTableLayout`).

/// One coordinate of a cell along a dimension.
struct DimensionValue: Hashable, Comparable {
    /// Position along the dimension: first appearance (optimizers, presets, tasks), the rank
    /// itself, or the fixed metric order.
    let order: Int
    /// The machine name: "lora-rite", "4", "acc_norm".
    let raw: String
    /// The printed name: "LoRA-RITE", "r=4", "acc_norm", "EM".
    let display: String

    static func < (lhs: DimensionValue, rhs: DimensionValue) -> Bool { (lhs.order, lhs.raw) < (rhs.order, rhs.raw) }
}

/// What one cell shows.
enum ExperimentCell: Equatable {
    case missing
    /// Scores in percent at the selected rate.
    case score(CellSummary, bold: Bool)
    /// The selected learning rate; `atEdge` when it is the smallest or largest of the grid.
    case rate(Double, atEdge: Bool)
    /// A group none of whose runs finished: the outcomes of its runs.
    case outcomes(CellSummary)
}

/// One cell with its coordinates (the rows of the CSV form).
struct PlacedCell {
    let coordinates: [ExperimentDimension: DimensionValue]
    let cell: ExperimentCell
    let selection: LearningRateSelection
}

/// A table ready for a renderer.
struct ExperimentTable {
    let title: String
    let rowDimensions: [ExperimentDimension]
    let columnDimensions: [ExperimentDimension]
    let rowKeys: [[DimensionValue]]
    let columnKeys: [[DimensionValue]]
    /// `cells[row][column]`.
    let cells: [[ExperimentCell]]
    /// Every cell, in row then column order.
    let placed: [PlacedCell]
    let warnings: [String]
    let caption: TableCaption
}

/// Builds and renders the score table of experiments.
public enum ExperimentTableBuilder {
    /// The table of `input` in `format`. `metrics` limits the metric dimension to these names (`lr`
    /// included); nil shows every metric the runs recorded and `lr`.
    public static func render(_ input: ExperimentInput, layout: ExperimentTableLayout = .standard,
                              format: ExperimentTableFormat = .markdown, metrics: [String]? = nil) throws -> String {
        let table = try build(input, layout: layout, metrics: metrics)
        switch format {
        case .markdown: return ExperimentTableText.markdown(table)
        case .csv: return ExperimentTableText.csv(table)
        case .latex: return ExperimentTableText.latex(table)
        }
    }

    /// The columns of the CSV form, in order: the cell's coordinates, its mean and sd (percent, as
    /// printed), n (done seeds), runs (all seeds at the selected rate), outcomes ("1/3 diverged"),
    /// the selected learning rate and whether it is at the edge of the grid.
    public static var csvColumns: [String] { ExperimentTableText.csvColumns }

    /// The fixed order of metrics: the bundled tasks' metrics, then any other by name, then `lr`.
    static let metricOrder = ["accuracy", "acc_norm", "exact_match", "rouge_l"]

    static func metricValue(_ metric: String) -> DimensionValue {
        let known = metricOrder.firstIndex(of: metric)
        let order = metric == selectedRateMeasure ? Int.max : (known ?? metricOrder.count)
        let display = metric == selectedRateMeasure ? "lr" : ReportCatalog.metricShortName(metric)
        return DimensionValue(order: order, raw: metric, display: display)
    }

    static func build(_ input: ExperimentInput, layout: ExperimentTableLayout, metrics: [String]?) throws -> ExperimentTable {
        let runs = input.results
        guard !runs.isEmpty else { throw ExperimentReportError.noRuns(experiments: input.experiments) }
        let (scorings, notes) = try input.scoring()
        let groups = try LearningRateSelector.group(runs)
        let selections = try LearningRateSelector.selectAll(runs, scoring: scorings)

        func firstAppearance(_ value: (RunResult) -> String) -> [String: Int] {
            var order: [String: Int] = [:]
            for run in runs where order[value(run)] == nil { order[value(run)] = order.count }
            return order
        }
        let optimizerOrder = firstAppearance(\.optimizer), presetOrder = firstAppearance(\.preset)
        let taskOrder = firstAppearance(\.task)

        // The metrics of each task: those its done runs recorded on the reported split.
        var taskMetrics: [String: [String]] = [:]
        for scoring in scorings {
            let done = runs.filter { $0.task == scoring.task && $0.status == .done }
            var recorded = Set(done.flatMap { $0.scores(scoring.reportSplit).keys })
            if recorded.isEmpty { recorded.insert(scoring.selectionMetric) }
            taskMetrics[scoring.task] = recorded.map(metricValue).sorted().map(\.raw) + [selectedRateMeasure]
        }
        if let metrics {
            let known = Set(taskMetrics.values.joined())
            if let unknown = metrics.first(where: { !known.contains($0) }) {
                throw ExperimentReportError.unknownValue(option: "--metrics", value: unknown,
                                                         expected: known.map(metricValue).sorted().map(\.raw))
            }
            taskMetrics = taskMetrics.mapValues { $0.filter(metrics.contains) }
        }

        var placed: [PlacedCell] = []
        for (key, selection) in selections.sorted(by: { $0.key < $1.key }) {
            let base: [ExperimentDimension: DimensionValue] = [
                .optimizer: DimensionValue(order: optimizerOrder[key.optimizer] ?? 0, raw: key.optimizer,
                                           display: ReportCatalog.displayName(optimizer: key.optimizer)),
                .rank: DimensionValue(order: key.rank, raw: String(key.rank), display: "r=\(key.rank)"),
                .preset: DimensionValue(order: presetOrder[key.preset] ?? 0, raw: key.preset, display: key.preset),
                .task: DimensionValue(order: taskOrder[key.task] ?? 0, raw: key.task, display: key.task),
            ]
            for metric in taskMetrics[key.task] ?? [] {
                var coordinates = base
                coordinates[.metric] = metricValue(metric)
                placed.append(PlacedCell(coordinates: coordinates, cell: try cell(selection, metric: metric), selection: selection))
            }
        }
        placed = bolded(placed)

        var varying = Set<ExperimentDimension>()
        for dimension in ExperimentDimension.allCases where Set(placed.compactMap { $0.coordinates[dimension] }).count > 1 {
            varying.insert(dimension)
        }
        let (rowDimensions, columnDimensions) = layout.resolved(varying: varying)
        func key(_ cell: PlacedCell, _ dimensions: [ExperimentDimension]) -> [DimensionValue] {
            dimensions.map { cell.coordinates[$0]! }
        }
        let rowKeys = Array(Set(placed.map { key($0, rowDimensions) })).sorted { $0.lexicographicallyPrecedes($1) }
        let columnKeys = Array(Set(placed.map { key($0, columnDimensions) })).sorted { $0.lexicographicallyPrecedes($1) }
        let rowIndex = Dictionary(uniqueKeysWithValues: rowKeys.enumerated().map { ($1, $0) })
        let columnIndex = Dictionary(uniqueKeysWithValues: columnKeys.enumerated().map { ($1, $0) })
        var cells = Array(repeating: Array(repeating: ExperimentCell.missing, count: columnKeys.count), count: rowKeys.count)
        for item in placed {
            cells[rowIndex[key(item, rowDimensions)]!][columnIndex[key(item, columnDimensions)]!] = item.cell
        }
        let ordered = placed.sorted { lhs, rhs in
            let (l, r) = (key(lhs, rowDimensions + columnDimensions), key(rhs, rowDimensions + columnDimensions))
            return l.lexicographicallyPrecedes(r)
        }

        let constant = [ExperimentDimension.preset, .rank, .task, .metric, .optimizer].filter { !rowDimensions.contains($0) && !columnDimensions.contains($0) }
            .compactMap { dimension in placed.first?.coordinates[dimension].map { "\(dimension.rawValue) \($0.raw)" } }
        let title = "Experiment\(input.experiments.count == 1 ? "" : "s") \(input.experimentList): scores at the selected learning rate"
            + (constant.isEmpty ? "" : " (\(constant.joined(separator: ", ")))")

        var contexts = Set<BudgetContext>()
        for key in selections.keys { contexts.insert(BudgetContext(preset: key.preset, task: key.task, rank: key.rank)) }
        let optimizers = optimizerOrder.sorted { $0.value < $1.value }.map(\.key)
        var warnings = BudgetCheck.warnings(groups: groups, contexts: Array(contexts), optimizers: optimizers)
        for scoring in scorings where scoring.selectionSplit == scoring.reportSplit {
            warnings.append("\(scoring.task): the rate is chosen on the \(scoring.reportSplit.rawValue) split that is reported, "
                + "so its scores are tuned on themselves.")
        }
        let anyEdge = placed.contains { if case .rate(_, true) = $0.cell { true } else { false } }
        let caption = caption(input, scorings: scorings, notes: notes, taskMetrics: taskMetrics, anyEdge: anyEdge)
        return ExperimentTable(title: title, rowDimensions: rowDimensions, columnDimensions: columnDimensions,
                               rowKeys: rowKeys, columnKeys: columnKeys, cells: cells, placed: ordered,
                               warnings: warnings, caption: caption)
    }

    /// The cell of one metric of a group.
    static func cell(_ selection: LearningRateSelection, metric: String) throws -> ExperimentCell {
        guard let selected = selection.selected else {
            return .outcomes(CellSummary.make(runs: selection.candidates.flatMap(\.runs)) { _ in .nan })
        }
        if metric == selectedRateMeasure { return .rate(selected.learningRate, atEdge: selection.isAtGridEdge) }
        let split = selection.scoring.reportSplit
        return .score(try CellSummary.make(runs: selected.runs) { run in
            guard let score = run.scores(split)[metric], score.isFinite else {
                throw ReportError.missingScore(runKey: run.runKey, split: split, metric: metric)
            }
            return score * 100
        }, bold: false)
    }

    /// Bold: per preset, task, rank and metric, the best mean among the optimizers as printed (the
    /// highest, or the lowest when the task's rule has the lowest win), among complete cells.
    static func bolded(_ cells: [PlacedCell]) -> [PlacedCell] {
        var byGroup: [[DimensionValue]: [Int]] = [:]
        for (index, cell) in cells.enumerated() {
            guard case .score = cell.cell else { continue }
            byGroup[[ExperimentDimension.preset, .task, .rank, .metric].map { cell.coordinates[$0]! }, default: []].append(index)
        }
        var result = cells
        for indices in byGroup.values {
            let sign = cells[indices[0]].selection.scoring.goal == .max ? 1.0 : -1.0
            let values: [Double?] = indices.map { index in
                guard case let .score(summary, _) = cells[index].cell, summary.isComplete else { return nil }
                return summary.mean.map { $0 * sign }
            }
            for (index, mark) in zip(indices, BestValue.marks(values, decimals: 2)) where mark {
                guard case let .score(summary, _) = cells[index].cell else { continue }
                result[index] = PlacedCell(coordinates: cells[index].coordinates, cell: .score(summary, bold: true),
                                           selection: cells[index].selection)
            }
        }
        return result
    }

    static func caption(_ input: ExperimentInput, scorings: [TaskScoring], notes: [String], taskMetrics: [String: [String]],
                        anyEdge: Bool) -> TableCaption {
        var caption = TableCaption()
        caption.addRuns(used: input.results, unused: 0)
        let rules = input.experiments.compactMap { name in input.rules[name].map { "`\(name)`: \($0)" } }
        caption.add("Learning rate: per optimizer, task, preset and rank, chosen by the experiment's own rule ("
            + rules.joined(separator: "; ") + "): the rate with the best mean over seeds of that score, rates compared on "
            + "the seeds they all finished (the first seed of a first-seed search); a diverged seed scores the worst value "
            + "(0, or 1 when the lowest wins); equal means go to the smaller rate; failed, pending and running runs do not "
            + "take part. lr: the selected rate" + (anyEdge ? "; † = the smallest or largest rate of the grid, so the best "
            + "rate may lie outside it" : "") + ".")
        caption.add("Cells: scores on the reported split in percent with 2 decimals, mean ± sample standard deviation "
            + "(n − 1) over the seeds that finished at the selected rate, n = their number; seeds with any other outcome "
            + "are shown as outcomes (\"1/3 diverged\") and never averaged in; — = no runs. Bold: per task, metric, preset "
            + "and rank, the best mean among the optimizers, as printed, among cells whose seeds all finished (ties all bold).")
        var reported: [String: [String]] = [:]
        for (task, metrics) in taskMetrics { reported[task] = metrics.filter { $0 != selectedRateMeasure } }
        caption.addScoring(scorings, reportedMetrics: reported)
        for note in notes { caption.add(note) }
        caption.addDigest(RowDigest.digest(runs: input.results), rows: input.results.count)
        caption.addVersion(input.toolVersion)
        return caption
    }
}
