// Table 4: training steps per second per optimizer on both presets, and each optimizer's speed
// relative to Adam (the only comparison that carries over from the paper's TPUs to a CPU).

enum SpeedTableRenderer {
    static func render(runs: [RunResult], options: ReportOptions) throws -> String {
        let paper = PaperNumbers.table4
        let presets = options.displayPresets(runs)
        let used = runs.filter { $0.task == options.speedTask && $0.rank == options.rank && presets.contains($0.preset) }
        let ourOptimizers = ReportCatalog.sortedOptimizers(used.map(\.optimizer))
        let optimizers = ReportCatalog.sortedOptimizers(
            ourOptimizers + paper.columns.map { label in ReportCatalog.optimizers.first { $0.display == label }?.name ?? label }
        )
        func speeds(_ preset: String, _ optimizer: String) -> CellSummary {
            let values = used.filter { $0.preset == preset && $0.optimizer == optimizer && $0.status == .done }
                .sorted { ($0.learningRate, $0.seed, $0.runKey) < ($1.learningRate, $1.seed, $1.runKey) }
                .compactMap(\.stepsPerSecond).filter { $0.isFinite && $0 > 0 }
            return CellSummary(values: values, total: values.count, outcomes: [])
        }
        func ratio(_ value: Double?, _ adam: Double?) -> String {
            guard let value, let adam, adam > 0 else { return "—" }
            return NumberFormat.fixed(value / adam, decimals: 3)
        }

        var table = MarkdownTable(headers: ["Source"] + optimizers.map { ReportCatalog.displayName(optimizer: $0) },
                                  alignments: [.left] + optimizers.map { _ in .right })
        for preset in presets {
            let paperModel = options.paperModel(for: preset)
            let hasPaper = paperModel.map(paper.models.contains) ?? false
            guard hasPaper || used.contains(where: { $0.preset == preset }) else { continue }
            let cells = optimizers.map { speeds(preset, $0) }
            let adam = optimizers.firstIndex(of: "adam").flatMap { cells[$0].mean }
            table.append(["ours (\(preset)), steps/s"] + cells.map { $0.text(decimals: 2) })
            table.append(["ours (\(preset)), relative to Adam"] + cells.map { ratio($0.mean, adam) })
            if hasPaper, let paperModel {
                let paperCells = optimizers.map { optimizer in
                    paper.cell(model: paperModel, label: "", column: ReportCatalog.displayName(optimizer: optimizer)) ?? ""
                }
                let paperAdam = PaperNumbers.value(paperCells[optimizers.firstIndex(of: "adam") ?? 0])
                table.append(["paper (\(paperModel)), steps/s"] + paperCells.map { $0.isEmpty ? "—" : $0 })
                table.append(["paper (\(paperModel)), relative to Adam"] + paperCells.map { ratio(PaperNumbers.value($0), paperAdam) })
            }
        }

        let done = used.filter { $0.status == .done }
        let withoutSpeed = done.filter { run in !(run.stepsPerSecond.map { $0.isFinite && $0 > 0 } ?? false) }.count
        var text = "### Table 4 (ours and the paper): training steps per second (rank \(options.rank), \(options.speedTask))\n\n"
        text += table.render() + "\n"
        var caption = TableCaption()
        caption.addRuns(used: used, unused: runs.count - used.count)
        caption.add("Cells: training steps per second over a whole run (wall time), mean ± sample standard deviation "
            + "over the done runs of every learning rate and seed, 2 decimals, n = their number"
            + (withoutSpeed > 0 ? "; \(withoutSpeed) done runs recorded no speed and are not counted" : "")
            + "; diverged, failed and unfinished runs are not timed; — = no runs. Relative to Adam: the ratio of "
            + "means, 3 decimals (below 1 = slower than Adam). No bold: speeds are not scores.")
        caption.add("The paper's Gemma-2B Adam cell is empty in its text; its prose says LoRA-RITE is \"only 8% slower "
            + "than Adam on Gemma 2B\".")
        caption.addPaper(paper, pairing: "(TPUv5e, rank 16, OpenBookQA.)")
        caption.addDigest(RowDigest.digest(runs: used), rows: used.count)
        caption.addVersion(options.toolVersion)
        return text + caption.render()
    }
}
