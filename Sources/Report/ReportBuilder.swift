// The entry points the command line calls: one table (Markdown) or one figure (SVG) by name, from plain
// input rows. Reading the rows from the store is the caller's job.

public enum ReportBuilder {
    /// The Markdown of `table`, with the paper's numbers beside ours,
    /// warnings and a caption. `results` are the runs of the table's experiment; `measurements` feed
    /// Table 7 only, `speeds` (the recorded training-step benchmark) Table 4 only.
    public static func table(_ table: ReportTable, results: [RunResult], measurements: [StepCostMeasurement] = [],
                             speeds: [TrainingStepSpeed] = [], options: ReportOptions = ReportOptions()) throws -> String {
        switch table {
        case .table1: return try ScoreTableRenderer.render(table1Spec(options), runs: results, options: options)
        case .table2: return try ScoreTableRenderer.render(table2Spec(options), runs: results, options: options)
        case .table3: return try ScoreTableRenderer.render(table3Spec(options), runs: results, options: options)
        case .table4: return try SpeedTableRenderer.render(runs: results, speeds: speeds, options: options)
        case .table7: return try CostTableRenderer.render(measurements: measurements, options: options)
        case .table8: return try ScoreTableRenderer.render(table8Spec(options), runs: results, options: options)
        case .table9: return try LearningRateTableRenderer.render(runs: results, options: options)
        }
    }

    /// The SVG and caption of `figure`. `results` choose the learning rates; `curves` are the per-step
    /// series of those runs.
    public static func figure(_ figure: ReportFigure, results: [RunResult], curves: [StepSeries],
                              options: ReportOptions = ReportOptions(),
                              figureOptions: FigureOptions = FigureOptions()) throws -> RenderedFigure {
        try FigureBuilder.build(figure, results: results, curves: curves, options: options, figureOptions: figureOptions)
    }

    static func column(_ task: String, _ metric: String, paper: String, part: PaperPart = .whole) -> ScoreColumn {
        ScoreColumn(header: "\(task) (\(ReportCatalog.metricShortName(metric)))", task: task, metric: metric,
                    paperColumn: paper, paperPart: part)
    }

    static func pairing(_ options: ReportOptions) -> String {
        "(" + options.presets.map { "\($0.preset) stands for \($0.paperModel)" }.joined(separator: ", ") + ".)"
    }

    static func benchmarkColumns(_ options: ReportOptions) throws -> [ScoreColumn] {
        let paperNames = ["HellaSwag", "ArcChallenge", "GSM8K", "OpenBookQA"]
        return try zip(ReportCatalog.benchmarkTasks, paperNames).map { task, paper in
            column(task, try options.scoring(for: task).selectionMetric, paper: paper)
        }
    }

    static func table1Spec(_ options: ReportOptions) throws -> ScoreTableSpec {
        let paperNames = ["Cause Effect Classification", "Coreference Resolution", "Title Generation", "Data to Text"]
        var columns = try zip(ReportCatalog.sniTasks.prefix(4), paperNames).map { task, paper in
            column(task, try options.scoring(for: task).selectionMetric, paper: paper)
        }
        columns.append(column("sni-global", "exact_match", paper: "Global", part: .globalExactMatch))
        columns.append(column("sni-global", "rouge_l", paper: "Global", part: .globalRougeL))
        return ScoreTableSpec(
            name: "table1", title: "Super-Natural-Instructions-style tasks (rank \(options.rank))",
            paper: PaperNumbers.table1, columns: columns, average: false, rowRanks: [options.rank],
            blocksByPreset: true, paperRowsByModel: true, paperRowsByRank: false,
            pairingNote: pairing(options) + " The paper's Global cell \"EM/ROUGE-L\" is split into two columns."
        )
    }

    static func table2Spec(_ options: ReportOptions) throws -> ScoreTableSpec {
        ScoreTableSpec(
            name: "table2", title: "LLM-benchmark-style tasks (rank \(options.rank))",
            paper: PaperNumbers.table2, columns: try benchmarkColumns(options), average: true, rowRanks: [options.rank],
            blocksByPreset: true, paperRowsByModel: true, paperRowsByRank: false, pairingNote: pairing(options)
        )
    }

    static func table3Spec(_ options: ReportOptions) throws -> ScoreTableSpec {
        let metric = try options.scoring(for: options.table3Task).selectionMetric
        var columns: [ScoreColumn] = []
        for pair in options.table3Presets {
            for rank in options.table3Ranks {
                columns.append(ScoreColumn(
                    header: "\(pair.preset), r=\(rank) (paper: \(pair.paperModel), rank=\(rank))",
                    task: options.table3Task, metric: metric, preset: pair.preset, rank: rank,
                    paperColumn: "\(pair.paperModel) (rank=\(rank))"))
            }
        }
        let note = "(" + options.table3Presets.map { "\($0.preset) stands for \($0.paperModel)" }.joined(separator: ", ")
            + "; mT5-XXL is an encoder-decoder, our presets are both decoder-only, so that pair compares scale only; "
            + "task \(options.table3Task), \(ReportCatalog.metricShortName(metric)).)"
        return ScoreTableSpec(
            name: "table3", title: "ranks and model sizes (\(options.table3Task))",
            paper: PaperNumbers.table3, columns: columns, average: false, rowRanks: [nil],
            blocksByPreset: false, paperRowsByModel: false, paperRowsByRank: false, pairingNote: note
        )
    }

    static func table8Spec(_ options: ReportOptions) throws -> ScoreTableSpec {
        ScoreTableSpec(
            name: "table8", title: "ranks \(options.ablationRanks.map(String.init).joined(separator: ", ")) on the LLM-benchmark-style tasks",
            paper: PaperNumbers.table8, columns: try benchmarkColumns(options), average: true,
            rowRanks: options.ablationRanks.map { $0 },
            blocksByPreset: true, paperRowsByModel: true, paperRowsByRank: true,
            pairingNote: pairing(options) + " The paper gives this ablation for Gemma-2B only."
        )
    }
}
