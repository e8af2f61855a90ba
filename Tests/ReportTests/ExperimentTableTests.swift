import Foundation
@testable import Report
import Store
import Testing

/// A user's own experiment, on hand-made runs: every expected cell is worked out in the comments.
@Suite struct ExperimentTableTests {
    /// A run of experiment `mine` on arc-style with both its metrics; nil scores for a run that is not done.
    static func userRun(_ optimizer: String, lr: Double, seed: Int, status: RunStatus = .done, dev: Double? = nil,
                        testNorm: Double? = nil, testAccuracy: Double? = nil, rank: Int = 16,
                        task: String = "arc-style", experiment: String = "mine") -> RunResult {
        var devScores: [String: Double] = [:], testScores: [String: Double] = [:]
        if status == .done {
            devScores = ["acc_norm": dev ?? 0, "accuracy": dev ?? 0]
            testScores = ["acc_norm": testNorm ?? dev ?? 0, "accuracy": testAccuracy ?? testNorm ?? dev ?? 0]
        }
        return RunResult(experiment: experiment, preset: "tiny", task: task, optimizer: optimizer, rank: rank, learningRate: lr,
                         seed: seed, status: status, devScores: devScores, testScores: testScores,
                         runKey: "\(experiment)/\(task)/\(optimizer)/r\(rank)/lr\(lr)/s\(seed)")
    }

    static let rule = ExperimentSelectionRule(split: .dev, metric: "acc_norm", goal: .max)

    /// Adam, LoRA-RITE and Lamb over 1e-3, 3e-3, 1e-2 and seeds 0-2 (Lamb: one rate, all pending).
    static func runs() -> [RunResult] {
        var runs: [RunResult] = []
        // Adam: dev acc_norm 0.30 / (0.40, 0.42, 0.44) / 0.30: 3e-3 wins, inside the grid.
        // Test acc_norm 50, 52, 54 -> 52.00 ± 2.00; accuracy 60 x 3 -> 60.00 ± 0.00; both complete, so bold.
        for seed in 0 ..< 3 {
            runs.append(userRun("adam", lr: 1e-3, seed: seed, dev: 0.30))
            runs.append(userRun("adam", lr: 3e-3, seed: seed, dev: 0.40 + 0.02 * Double(seed),
                                testNorm: 0.50 + 0.02 * Double(seed), testAccuracy: 0.60))
            runs.append(userRun("adam", lr: 1e-2, seed: seed, dev: 0.30))
        }
        // LoRA-RITE: 1e-3 dev 0.35, 3e-3 dev 0.20, 1e-2 dev (0.6 + 0.6 + 0 for the diverged seed) / 3 = 0.40:
        // 1e-2 wins, the grid's edge. Test acc_norm 56, 58 -> 57.00 ± 1.41 (sd of 56 and 58 is √2);
        // accuracy 62, 64 -> 63.00 ± 1.41; not complete, so never bold, though higher than Adam's.
        for seed in 0 ..< 3 {
            runs.append(userRun("lora-rite", lr: 1e-3, seed: seed, dev: 0.35))
            runs.append(userRun("lora-rite", lr: 3e-3, seed: seed, dev: 0.20))
            runs.append(seed == 2 ? userRun("lora-rite", lr: 1e-2, seed: seed, status: .diverged)
                : userRun("lora-rite", lr: 1e-2, seed: seed, dev: 0.6, testNorm: 0.56 + 0.02 * Double(seed),
                          testAccuracy: 0.62 + 0.02 * Double(seed)))
        }
        for seed in 0 ..< 3 { runs.append(userRun("lamb", lr: 1e-3, seed: seed, status: .pending)) }
        return runs
    }

    static func input(_ runs: [RunResult] = runs(), rule: ExperimentSelectionRule = rule) -> ExperimentInput {
        ExperimentInput(experiments: ["mine"], results: runs, rules: ["mine": rule], toolVersion: "test")
    }

    @Test func markdownCellsRatesAndOutcomes() throws {
        let markdown = try ExperimentTableBuilder.render(Self.input())
        #expect(markdown.hasPrefix("### Experiment `mine`: scores at the selected learning rate (preset tiny, rank 16)\n"))
        #expect(markdown.contains("\n| Optimizer | arc-style (acc) | arc-style (acc_norm) | arc-style (lr) |\n|---|---:|---:|---:|\n"))
        #expect(row(markdown, startingWith: "| Adam |") == "| Adam | **60.00** ± 0.00 (n=3) | **52.00** ± 2.00 (n=3) | 3e-3 |")
        #expect(row(markdown, startingWith: "| LoRA-RITE |")
            == "| LoRA-RITE | 63.00 ± 1.41 (n=2; 1/3 diverged) | 57.00 ± 1.41 (n=2; 1/3 diverged) | 1e-2 † |")
        #expect(row(markdown, startingWith: "| Lamb |") == "| Lamb | 3/3 pending | 3/3 pending | 3/3 pending |")
        // The caption names the rule, the runs, the digest; the warnings the unequal budget.
        #expect(markdown.contains("Ours: experiment `mine`; 21 runs in scope (done 17, diverged 1, pending 3)."))
        #expect(markdown.contains("chosen by the experiment's own rule (`mine`: dev acc_norm, highest wins)"))
        #expect(markdown.contains("Scoring: arc-style: selected on dev acc_norm, reported on test accuracy and acc_norm."))
        #expect(markdown.contains("Input digest: SHA-256 \(RowDigest.digest(runs: Self.runs())) over the 21 input rows"))
        #expect(markdown.contains("arc-style (tiny, r=16): tuning budgets differ: Adam 9 runs over 3 rates"))
        #expect(markdown.contains("runs without an outcome (Lamb 3 pending)"))
        #expect(markdown.hasSuffix("Rendered by rite-repro test.\n"))
    }

    @Test func ranksJoinTheRowsAndPivotToColumns() throws {
        var runs: [RunResult] = []
        // One seed, one rate: Adam 40 (r=4) and 50 (r=16); LoRA-RITE 45 and 42.
        for (optimizer, scores) in [("adam", [0.40, 0.50]), ("lora-rite", [0.45, 0.42])] {
            for (rank, score) in zip([4, 16], scores) { runs.append(Self.userRun(optimizer, lr: 1e-3, seed: 0, dev: score, rank: rank)) }
        }
        let standard = try ExperimentTableBuilder.render(Self.input(runs), metrics: ["acc_norm", "lr"])
        #expect(standard.contains("| Optimizer | Rank | arc-style (acc_norm) | arc-style (lr) |\n"))
        #expect(row(standard, startingWith: "| Adam | r=4 |") == "| Adam | r=4 | 40.00 (n=1) | 1e-3 |")
        #expect(row(standard, startingWith: "| LoRA-RITE | r=4 |") == "| LoRA-RITE | r=4 | **45.00** (n=1) | 1e-3 |")
        #expect(row(standard, startingWith: "| Adam | r=16 |") == "| Adam | r=16 | **50.00** (n=1) | 1e-3 |")
        let pivoted = try ExperimentTableBuilder.render(
            Self.input(runs), layout: try ExperimentTableLayout(rows: [.optimizer], columns: [.task, .rank]), metrics: ["acc_norm", "lr"])
        // The metric varies and is in neither list: it joins the rows.
        #expect(pivoted.contains("| Optimizer | Metric | arc-style, r=4 | arc-style, r=16 |\n"))
        #expect(row(pivoted, startingWith: "| LoRA-RITE | acc_norm |") == "| LoRA-RITE | acc_norm | **45.00** (n=1) | 42.00 (n=1) |")
        #expect(row(pivoted, startingWith: "| Adam | lr |") == "| Adam | lr | 1e-3 | 1e-3 |")
        #expect(throws: ExperimentReportError.self) { try ExperimentTableLayout(rows: [.task], columns: [.task, .metric]) }
        #expect(throws: ExperimentReportError.self) { try ExperimentTableLayout.dimensions("task,seed", option: "--rows") }
    }

    @Test func csvHasOneLinePerScoreCell() throws {
        let csv = try ExperimentTableBuilder.render(Self.input(), format: .csv)
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.last == "")
        #expect(!csv.contains("\""))
        let table = lines.dropLast().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(table[0] == ExperimentTableBuilder.csvColumns)
        #expect(table.count == 1 + 6)
        func line(_ optimizer: String, _ metric: String) -> [String: String]? {
            table.dropFirst().first { $0[0] == optimizer && $0[4] == metric }.map { Dictionary(uniqueKeysWithValues: zip(table[0], $0)) }
        }
        #expect(line("lora-rite", "acc_norm") == ["optimizer": "lora-rite", "rank": "16", "preset": "tiny", "task": "arc-style",
                                                  "metric": "acc_norm", "mean": "57.00", "sd": "1.41", "n": "2", "runs": "3",
                                                  "outcomes": "1/3 diverged", "learning_rate": "0.01", "at_grid_edge": "true"])
        #expect(line("adam", "accuracy")?["mean"] == "60.00" && line("adam", "accuracy")?["learning_rate"] == "0.003")
        #expect(line("lamb", "acc_norm")?["outcomes"] == "3/3 pending" && line("lamb", "acc_norm")?["learning_rate"] == "")
        #expect(CSVText.line(["a,b", "say \"hi\"", "plain"]) == "\"a,b\",\"say \"\"hi\"\"\",plain")
    }

    @Test func latexMatchesItsGoldenFileAndCompiles() throws {
        let latex = try ExperimentTableBuilder.render(Self.input(), layout: try ExperimentTableLayout(rows: [.optimizer], columns: [.task, .metric]),
                                                      format: .latex)
        #expect(latex.contains("\\toprule\n & \\multicolumn{3}{c}{arc-style} \\\\\n\\cmidrule(lr){2-4}\nOptimizer & acc & acc\\_norm & lr \\\\\n\\midrule\n"))
        #expect(latex.contains("LoRA-RITE & 63.00 $\\pm$ 1.41 (n=2; 1/3 diverged) & 57.00 $\\pm$ 1.41 (n=2; 1/3 diverged) & 1e-2$^\\dagger$ \\\\\n"))
        #expect(latex.contains("Adam & \\textbf{60.00} $\\pm$ 0.00 (n=3) &"))
        #expect(latex.contains("\\caption{Experiment \\texttt{mine}: scores at the selected learning rate (preset tiny, rank 16)."))
        try Golden.check("experiment-table.tex", latex)
        try LaTeXCheck.compile(latex, name: "experiment-table")
    }

    @Test func goalMinChoosesTheLowestMean() throws {
        let runs = [Self.userRun("adam", lr: 1e-3, seed: 0, dev: 0.3, testNorm: 0.31), Self.userRun("adam", lr: 1e-2, seed: 0, dev: 0.1, testNorm: 0.11),
                    Self.userRun("adam", lr: 3e-2, seed: 0, status: .diverged)]
        // Lowest wins: 1e-2 (0.1); the diverged rate counts as 1, the worst.
        let markdown = try ExperimentTableBuilder.render(Self.input(runs, rule: ExperimentSelectionRule(metric: "acc_norm", goal: .min)),
                                                         metrics: ["acc_norm", "lr"])
        #expect(row(markdown, startingWith: "| Adam |") == "| Adam | **11.00** (n=1) | 1e-2 |")
        #expect(markdown.contains("`mine`: dev acc_norm, lowest wins"))
        #expect(throws: ExperimentReportError.self) { try ExperimentSelectionRule(experiment: "mine", split: "train", metric: "x", goal: "max") }
        #expect(throws: ExperimentReportError.self) { try ExperimentSelectionRule(experiment: "mine", split: "dev", metric: "x", goal: "most") }
    }

    @Test func aMetricTheTaskDoesNotRecordFallsBackOrIsRefused() throws {
        let runs = [Self.userRun("adam", lr: 1e-3, seed: 0, dev: 0.3, task: "gsm8k-style"), Self.userRun("adam", lr: 1e-2, seed: 0, dev: 0.5, task: "gsm8k-style")]
            .map { run -> RunResult in
                var run = run
                run.devScores = ["exact_match": run.devScores["acc_norm"]!]
                run.testScores = ["exact_match": run.testScores["acc_norm"]!]
                return run
            }
        // gsm8k-style records no acc_norm: the rate is chosen on its primary metric, exact match.
        let markdown = try ExperimentTableBuilder.render(Self.input(runs))
        #expect(row(markdown, startingWith: "| Adam |") == "| Adam | **50.00** (n=1) | 1e-2 † |")
        #expect(markdown.contains("gsm8k-style records no dev acc_norm, so its rate is chosen on its primary metric exact_match instead."))
        // A task with no known primary metric that lacks the rule's metric is refused, naming what it records.
        let unknown = runs.map { run -> RunResult in var run = run; run.task = "my-task"; return run }
        #expect(throws: ExperimentReportError.metricNotRecorded(task: "my-task", split: .dev, metric: "acc_norm", recorded: ["exact_match"])) {
            try ExperimentTableBuilder.render(Self.input(unknown))
        }
        var withPrimary = Self.input(unknown)
        withPrimary.primaryMetrics = ["my-task": "exact_match"]
        #expect(try ExperimentTableBuilder.render(withPrimary).contains("my-task records no dev acc_norm"))
        #expect(throws: ExperimentReportError.self) { try ExperimentTableBuilder.render(Self.input(), metrics: ["rouge_l"]) }
        #expect(throws: ExperimentReportError.noRuns(experiments: ["mine"])) { try ExperimentTableBuilder.render(Self.input([])) }
    }

    @Test func twoExperimentsWithDifferentRulesOnOneTaskAreRefused() throws {
        let runs = [Self.userRun("adam", lr: 1e-3, seed: 0, dev: 0.3), Self.userRun("adam", lr: 1e-3, seed: 0, dev: 0.3, rank: 4, experiment: "other")]
        var input = Self.input(runs)
        input.experiments = ["mine", "other"]
        input.rules["other"] = ExperimentSelectionRule(metric: "accuracy")
        #expect(throws: ExperimentReportError.self) { try ExperimentTableBuilder.render(input) }
        input.rules["other"] = Self.rule
        let markdown = try ExperimentTableBuilder.render(input, metrics: ["acc_norm"])
        #expect(markdown.hasPrefix("### Experiments `mine`, `other`: scores at the selected learning rate"))
        #expect(markdown.contains("| Optimizer | Rank | arc-style (acc_norm) |\n"))
    }

    @Test func optimizerVariantsAreNamedByTheirDifferingHyperparameters() throws {
        let config = #"{"learning_rate":0.001,"optimizer":{"hyperparameters":{"beta1":0.99,"eps":1e-06,"skip":1,"escape":false,"variant":"reference"},"name":"lora-rite"}}"#
        let parsed = OptimizerVariants.hyperparameters(configJSON: config)
        #expect(parsed.mapValues(\.description) == ["beta1": "0.99", "eps": "1e-06", "skip": "1", "escape": "false", "variant": "reference"])
        let base = OptimizerVariants.hyperparameters(configJSON: config.replacingOccurrences(of: "0.99", with: "0.9"))
        let labels = OptimizerVariants.labels(optimizers: ["adam", "lora-rite", "lora-rite", "adam"],
                                              hyperparameters: [["beta1": .number(0.9)], base, parsed, ["beta1": .number(0.9)]])
        #expect(labels == ["adam", "lora-rite(beta1=0.9)", "lora-rite(beta1=0.99)", "adam"])
        #expect(ReportCatalog.displayName(optimizer: "lora-rite(beta1=0.99)") == "LoRA-RITE (beta1=0.99)")
        #expect(ReportCatalog.optimizerOrder("lora-rite(beta1=0.99)") == ReportCatalog.optimizerOrder("lora-rite"))
        #expect(ReportCatalog.displayName(optimizer: "my-optimizer") == "my-optimizer")
    }

    @Test func paperTablesAndFiguresAreFoundByNumber() {
        #expect(["3", "table3", "Table3", "table 3"].map(ReportTable.init(given:)) == Array(repeating: .table3, count: 4))
        #expect(ReportTable(given: "5") == nil && ReportTable(given: "figure1") == nil && ReportTable(given: "") == nil)
        #expect(["1", "figure1", "fig1", "Figure1"].map(ReportFigure.init(given:)) == Array(repeating: .figure1, count: 4))
        #expect(ReportFigure(given: "5") == nil && ReportFigure(given: "table1") == nil && ReportFigure(given: "") == nil)
    }
}

/// Compiles a LaTeX table with pdflatex (Debian texlive-latex-base and texlive-latex-recommended,
/// for booktabs) when it is on PATH; with RITE_REQUIRE_LATEX=1 (set by .ci/run) a missing engine
/// fails the test instead of skipping the compilation.
enum LaTeXCheck {
    static func compile(_ table: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let engine = path.split(separator: ":").map({ "\($0)/pdflatex" }).first(where: FileManager.default.isExecutableFile) else {
            if ProcessInfo.processInfo.environment["RITE_REQUIRE_LATEX"] == "1" {
                Issue.record("pdflatex is not on PATH but RITE_REQUIRE_LATEX=1 (install texlive-latex-recommended)", sourceLocation: sourceLocation)
            }
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rite-latex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(table.utf8).write(to: directory.appendingPathComponent("\(name).tex"))
        let document = "\\documentclass{article}\n\\usepackage{booktabs}\n\\usepackage[margin=1cm,landscape]{geometry}\n"
            + "\\begin{document}\n\\input{\(name).tex}\n\\end{document}\n"
        try Data(document.utf8).write(to: directory.appendingPathComponent("document.tex"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: engine)
        process.arguments = ["-interaction=nonstopmode", "-halt-on-error", "document.tex"]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let errors = log.split(separator: "\n").filter { $0.hasPrefix("!") }.joined(separator: "\n")
        #expect(process.terminationStatus == 0, "pdflatex failed on \(name): \(errors)", sourceLocation: sourceLocation)
        let pdf = FileManager.default.contents(atPath: directory.appendingPathComponent("document.pdf").path) ?? Data()
        #expect(pdf.starts(with: Array("%PDF".utf8)), "pdflatex gave no PDF for \(name)", sourceLocation: sourceLocation)
    }
}
