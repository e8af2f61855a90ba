// The score tables (paper Tables 1, 2, 3 and 8): rows are optimizers, each of our rows followed by the
// paper's row for the model it stands in for, so a reader compares at a glance; one block per preset.

/// Which part of a paper cell a column shows (Table 1's "Global" cells hold "EM/ROUGE-L").
enum PaperPart { case whole, globalExactMatch, globalRougeL }

/// One value column of a score table.
struct ScoreColumn {
    let header: String
    let task: String
    let metric: String
    /// Fixed preset and rank of the column (Table 3); nil takes them from the block and the row.
    var preset: String? = nil
    var rank: Int? = nil
    let paperColumn: String
    var paperPart: PaperPart = .whole
}

/// The shape of one score table.
struct ScoreTableSpec {
    let name: String
    let title: String
    let paper: PaperTable
    let columns: [ScoreColumn]
    /// Adds the paper's "Avg." column: the mean of the row's task means when all are complete.
    let average: Bool
    /// The rank of each row group ([16], or [4, 16, 64] for Table 8); [nil] when columns fix it.
    let rowRanks: [Int?]
    /// Blocks by preset (Tables 1, 2, 8), or one block whose columns fix the presets (Table 3).
    let blocksByPreset: Bool
    /// Paper rows are found by model (Tables 1, 2, 8); Table 3 has the models in its headers.
    let paperRowsByModel: Bool
    /// Paper rows carry a rank (Table 8).
    let paperRowsByRank: Bool
    /// One sentence on how our presets map to the paper's models.
    let pairingNote: String
}

enum ScoreTableRenderer {
    static func render(_ spec: ScoreTableSpec, runs: [RunResult], options: ReportOptions) throws -> String {
        let tasks = Set(spec.columns.map(\.task))
        let blockPresets: [String?] = spec.blocksByPreset ? options.displayPresets(runs) : [nil]
        let columnPresets = Set(spec.columns.compactMap(\.preset))
        let presets = spec.blocksByPreset ? Set(blockPresets.compactMap { $0 }) : columnPresets
        let ranks = Set(spec.rowRanks.compactMap { $0 } + spec.columns.compactMap(\.rank))
        let used = runs.filter { tasks.contains($0.task) && presets.contains($0.preset) && ranks.contains($0.rank) }
        let groups = try LearningRateSelector.group(used)
        let selections = try LearningRateSelector.selectAll(used, scoring: options.scoring)
        let paperOptimizers = spec.paper.rows.map { row in
            ReportCatalog.optimizer(displayedAs: row.label) ?? row.label
        }
        let ourOptimizers = ReportCatalog.sortedOptimizers(used.map(\.optimizer))
        let optimizers = ReportCatalog.sortedOptimizers(ourOptimizers + paperOptimizers)

        var text = "### Table \(spec.paper.number) (ours and the paper): \(spec.title)\n\n"
        var contexts: [BudgetContext] = []
        var blockWarnings: [String] = []
        for blockPreset in blockPresets {
            let paperModel = blockPreset.flatMap(options.paperModel(for:))
            let hasPaper = !spec.paperRowsByModel || (paperModel.map(spec.paper.models.contains) ?? false)
            let hasOurs = blockPreset.map { preset in used.contains { $0.preset == preset } } ?? true
            guard hasOurs || hasPaper else { continue }
            if !hasOurs, let blockPreset {
                blockWarnings.append("\(blockPreset): no runs of ours in this table's scope; only the paper's rows have numbers.")
            }
            for column in spec.columns where hasOurs {
                for rank in spec.rowRanks {
                    if let preset = column.preset ?? blockPreset, let rank = column.rank ?? rank {
                        contexts.append(BudgetContext(preset: preset, task: column.task, rank: rank))
                    }
                }
            }
            if let blockPreset {
                text += "#### \(blockPreset)" + (paperModel.map { " (paper: \($0))" } ?? " (no paper counterpart)") + "\n\n"
            }
            let block = Block(spec: spec, preset: blockPreset, paperModel: hasPaper ? (paperModel ?? "") : nil)
            text += try block.table(optimizers: optimizers, selections: selections, options: options).render() + "\n"
        }
        text += renderWarnings(blockWarnings + BudgetCheck.warnings(groups: groups, contexts: Array(Set(contexts)), optimizers: ourOptimizers))

        var caption = TableCaption()
        caption.addRuns(used: used, unused: runs.count - used.count)
        caption.addSelectionRule()
        caption.addCellRule(units: "scores on the reported split in percent with 2 decimals")
        if spec.average {
            caption.add("Avg.: the mean of the row's task means, shown only when every task cell of the row is complete.")
        }
        var reported: [String: [String]] = [:]
        for column in spec.columns where !(reported[column.task]?.contains(column.metric) ?? false) {
            reported[column.task, default: []].append(column.metric)
        }
        var scorings: [TaskScoring] = []
        for column in spec.columns where !scorings.contains(where: { $0.task == column.task }) {
            scorings.append(try options.scoring(for: column.task))
        }
        caption.addScoring(scorings, reportedMetrics: reported)
        caption.addPaper(spec.paper, pairing: spec.pairingNote)
        caption.addDigest(RowDigest.digest(runs: used), rows: used.count)
        caption.addVersion(options.toolVersion)
        return text + caption.render()
    }

    /// One block: our rows and the paper's rows for one preset.
    struct Block {
        let spec: ScoreTableSpec
        let preset: String?
        /// The paper model of the block's paper rows; nil when the paper has no rows for it.
        let paperModel: String?

        func table(optimizers: [String], selections: [RunGroupKey: LearningRateSelection],
                   options: ReportOptions) throws -> MarkdownTable {
            let showRank = spec.rowRanks.count > 1
            var headers = ["Optimizer"] + (showRank ? ["Rank"] : []) + ["Source"] + spec.columns.map(\.header)
            if spec.average { headers.append("Avg.") }
            var table = MarkdownTable(headers: headers,
                                      alignments: Array(repeating: .left, count: showRank ? 3 : 2)
                                          + Array(repeating: .right, count: headers.count - (showRank ? 3 : 2)))
            let ourLabel = preset.map { "ours (\($0))" } ?? "ours"
            let paperLabel = paperModel.map { $0.isEmpty ? "paper" : "paper (\($0))" }
            for rank in spec.rowRanks {
                // Cells of every optimizer at this rank first, so bold can compare them.
                var ours: [[CellSummary]] = []
                var averages: [Double?] = []
                var papers: [[String]] = []
                for optimizer in optimizers {
                    let cells = try spec.columns.map { try ourCell($0, optimizer: optimizer, rank: rank, selections: selections, options: options) }
                    ours.append(cells)
                    let complete = cells.allSatisfy(\.isComplete)
                    averages.append(complete && !cells.isEmpty ? cells.compactMap(\.mean).reduce(0, +) / Double(cells.count) : nil)
                    papers.append(paperCells(optimizer: optimizer, rank: rank))
                }
                let valueColumns = spec.columns.count + (spec.average ? 1 : 0)
                var ourBold = Array(repeating: Array(repeating: false, count: valueColumns), count: optimizers.count)
                var paperBold = ourBold
                for column in 0 ..< valueColumns {
                    let ourValues: [Double?] = optimizers.indices.map { index in
                        column < spec.columns.count
                            ? (ours[index][column].isComplete ? ours[index][column].mean : nil) : averages[index]
                    }
                    for (index, mark) in BestValue.marks(ourValues, decimals: 2).enumerated() { ourBold[index][column] = mark }
                    let paperValues = optimizers.indices.map { PaperNumbers.value(papers[$0][column]) }
                    for (index, mark) in BestValue.marks(paperValues, decimals: 2).enumerated() { paperBold[index][column] = mark }
                }
                for (index, optimizer) in optimizers.enumerated() {
                    let lead = [ReportCatalog.displayName(optimizer: optimizer)] + (showRank ? [rank.map { "r=\($0)" } ?? ""] : [])
                    var row = lead + [ourLabel]
                    row += ours[index].enumerated().map { $0.element.text(bold: ourBold[index][$0.offset]) }
                    if spec.average {
                        let bold = ourBold[index][spec.columns.count]
                        row.append(averages[index].map { bold ? "**\(NumberFormat.fixed($0, decimals: 2))**" : NumberFormat.fixed($0, decimals: 2) } ?? "—")
                    }
                    table.append(row)
                    if let paperLabel {
                        let blank = Array(repeating: "", count: lead.count)
                        table.append(blank + [paperLabel] + papers[index].enumerated().map { column, cell in
                            cell.isEmpty ? "—" : (paperBold[index][column] ? "**\(cell)**" : cell)
                        })
                    }
                }
            }
            return table
        }

        func ourCell(_ column: ScoreColumn, optimizer: String, rank: Int?, selections: [RunGroupKey: LearningRateSelection],
                     options: ReportOptions) throws -> CellSummary {
            guard let preset = column.preset ?? preset, let rank = column.rank ?? rank else { return .missing }
            let key = RunGroupKey(preset: preset, task: column.task, rank: rank, optimizer: optimizer)
            guard let selection = selections[key] else { return .missing }
            guard let selected = selection.selected else {
                // No finished run: the cell shows the outcome of whatever runs exist at any rate.
                return CellSummary.make(runs: selection.candidates.flatMap(\.runs)) { _ in .nan }
            }
            let split = selection.scoring.reportSplit
            return try CellSummary.make(runs: selected.runs) { run in
                guard let score = run.scores(split)[column.metric], score.isFinite else {
                    throw ReportError.missingScore(runKey: run.runKey, split: split, metric: column.metric)
                }
                return score * 100
            }
        }

        /// The paper's cells for a row ("" where the paper has none), the average last.
        func paperCells(optimizer: String, rank: Int?) -> [String] {
            let count = spec.columns.count + (spec.average ? 1 : 0)
            guard let paperModel else { return Array(repeating: "", count: count) }
            let label = ReportCatalog.displayName(optimizer: optimizer)
            let rowRank = spec.paperRowsByRank ? rank : nil
            var cells = spec.columns.map { column -> String in
                guard let cell = spec.paper.cell(model: paperModel, label: label, rank: rowRank, column: column.paperColumn)
                else { return "" }
                switch column.paperPart {
                case .whole: return cell
                case .globalExactMatch: return PaperNumbers.globalParts(cell)?.exactMatch ?? ""
                case .globalRougeL: return PaperNumbers.globalParts(cell)?.rougeL ?? ""
                }
            }
            if spec.average {
                cells.append(spec.paper.cell(model: paperModel, label: label, rank: rowRank, column: "Avg.") ?? "")
            }
            return cells
        }
    }
}
