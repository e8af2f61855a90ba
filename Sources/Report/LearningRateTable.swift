// Table 9: the selected learning rate per optimizer and task, printed as the paper prints it ("5e-5").

enum LearningRateTableRenderer {
    static func render(runs: [RunResult], options: ReportOptions) throws -> String {
        let paper = PaperNumbers.table9
        let tasks = ReportCatalog.benchmarkTasks
        let paperColumns = paper.columns
        let presets = options.displayPresets(runs)
        let used = runs.filter { tasks.contains($0.task) && presets.contains($0.preset) && $0.rank == options.rank }
        let groups = try LearningRateSelector.group(used)
        let selections = try LearningRateSelector.selectAll(used, scoring: options.scoring)
        let ourOptimizers = ReportCatalog.sortedOptimizers(used.map(\.optimizer))
        let optimizers = ReportCatalog.sortedOptimizers(
            ourOptimizers + paper.rows.map { row in ReportCatalog.optimizer(displayedAs: row.label) ?? row.label }
        )

        var text = "### Table 9 (ours and the paper): selected learning rate per optimizer and task (rank \(options.rank))\n\n"
        var contexts: [BudgetContext] = []
        var anyEdge = false
        var blockWarnings: [String] = []
        for preset in presets {
            let paperModel = options.paperModel(for: preset)
            let hasPaper = paperModel.map(paper.models.contains) ?? false
            let hasOurs = used.contains { $0.preset == preset }
            guard hasPaper || hasOurs else { continue }
            if hasOurs {
                contexts += tasks.map { BudgetContext(preset: preset, task: $0, rank: options.rank) }
            } else {
                blockWarnings.append("\(preset): no runs of ours in this table's scope; only the paper's rows have numbers.")
            }
            text += "#### \(preset)" + (paperModel.map { " (paper: \($0))" } ?? " (no paper counterpart)") + "\n\n"
            var table = MarkdownTable(headers: ["Optimizer", "Source"] + tasks,
                                      alignments: [.left, .left] + tasks.map { _ in .right })
            for optimizer in optimizers {
                var row = [ReportCatalog.displayName(optimizer: optimizer), "ours (\(preset))"]
                for task in tasks {
                    let key = RunGroupKey(preset: preset, task: task, rank: options.rank, optimizer: optimizer)
                    guard let selection = selections[key] else { row.append("—"); continue }
                    guard let selected = selection.selected else {
                        row.append(CellSummary.make(runs: selection.candidates.flatMap(\.runs)) { _ in .nan }.text())
                        continue
                    }
                    var cell = NumberFormat.scientific(selected.learningRate)
                    if selection.isAtGridEdge { cell += " †"; anyEdge = true }
                    row.append(cell)
                }
                table.append(row)
                if hasPaper, let paperModel {
                    let label = ReportCatalog.displayName(optimizer: optimizer)
                    table.append(["", "paper (\(paperModel))"] + paperColumns.map { column in
                        let cell = paper.cell(model: paperModel, label: label, column: column) ?? ""
                        return cell.isEmpty ? "—" : cell
                    })
                }
            }
            text += table.render() + "\n"
        }
        text += renderWarnings(blockWarnings + BudgetCheck.warnings(groups: groups, contexts: contexts, optimizers: ourOptimizers))

        var caption = TableCaption()
        caption.addRuns(used: used, unused: runs.count - used.count)
        caption.addSelectionRule()
        caption.add("Cells: the selected rate in the paper's style (\"5e-5\" is 5 x 10^-5)"
            + (anyEdge ? "; † = the smallest or largest rate of the grid, so the best rate may lie outside it" : "")
            + "; when no run of a group finished, the outcomes of its runs; — = no runs. "
            + "Columns in the paper's order: \(tasks.joined(separator: ", ")) stand for \(paperColumns.joined(separator: ", ")).")
        caption.addScoring(try tasks.map { try options.scoring(for: $0) }, reportedMetrics: [:])
        caption.addPaper(paper, pairing: "(Gemma-2B only; the paper searched 2e-6 to 2e-2.)")
        caption.addDigest(RowDigest.digest(runs: used), rows: used.count)
        caption.addVersion(options.toolVersion)
        return text + caption.render()
    }
}
