@testable import Report
import Testing

/// Tables 1, 2, 3 and 8 on hand-made runs; every expected cell is worked out in the comments.
@Suite struct ScoreTableTests {
    /// Runs at one rate, one per seed, with the given dev and test scores (nil dev = diverged).
    static func seeds(_ optimizer: String, _ task: String, _ lr: Double, dev: [Double?], test: [Double]? = nil,
                      preset: String = "tiny", rank: Int = 16) -> [RunResult] {
        dev.enumerated().map { seed, value in
            run(optimizer, task: task, lr: lr, seed: seed, status: value == nil ? .diverged : .done,
                dev: value, test: value == nil ? nil : (test?[seed] ?? value), preset: preset, rank: rank)
        }
    }

    /// The Table 2 scenario on the tiny preset, Adam and LoRA-RITE only.
    static func table2Runs() -> [RunResult] {
        var runs: [RunResult] = []
        // hellaswag-style. Adam: 1e-4 dev mean 0.62 beats 2e-4 (0.70 + 0.50 + 0) / 3 = 0.40;
        // test at 1e-4: 60, 62, 64 -> 62.00 ± 2.00. LoRA-RITE: 2e-4 (0.7) beats 1e-4 (0.5);
        // test 70, 71, 72 -> 71.00 ± 1.00, the column's best.
        runs += seeds("adam", "hellaswag-style", 1e-4, dev: [0.60, 0.62, 0.64])
        runs += seeds("adam", "hellaswag-style", 2e-4, dev: [0.70, 0.50, nil])
        runs += seeds("lora-rite", "hellaswag-style", 1e-4, dev: [0.5, 0.5, 0.5])
        runs += seeds("lora-rite", "hellaswag-style", 2e-4, dev: [0.7, 0.7, 0.7], test: [0.70, 0.71, 0.72])
        // arc-style. Adam: dev tie 0.4 = 0.4, the smaller rate 1e-4 wins (test 50s, not the 90s at 2e-4).
        // LoRA-RITE: 2e-4 wins, test 50s: a tie at 50.00, both bold.
        runs += seeds("adam", "arc-style", 1e-4, dev: [0.4, 0.4, 0.4], test: [0.5, 0.5, 0.5])
        runs += seeds("adam", "arc-style", 2e-4, dev: [0.4, 0.4, 0.4], test: [0.9, 0.9, 0.9])
        runs += seeds("lora-rite", "arc-style", 1e-4, dev: [0.3, 0.3, 0.3])
        runs += seeds("lora-rite", "arc-style", 2e-4, dev: [0.4, 0.4, 0.4], test: [0.5, 0.5, 0.5])
        // gsm8k-style: Adam only (LoRA-RITE missing). 1e-4: test 10, 20, 30 -> 20.00 ± 10.00.
        runs += seeds("adam", "gsm8k-style", 1e-4, dev: [0.1, 0.2, 0.3])
        runs += seeds("adam", "gsm8k-style", 2e-4, dev: [0.0, 0.0, 0.0])
        // openbookqa-style. Adam (3 rates, a budget mismatch): 1e-4 wins, test 55, 56, 57 -> 56.00 ± 1.00.
        // LoRA-RITE: 2e-4 dev (0.8 + 0.8 + 0) / 3 = 0.533 beats 0.5; test 60.5, 62.1 and a diverged seed
        // -> 61.30 ± 1.13 (n=2; 1/3 diverged): higher than Adam's but not complete, so Adam is bold.
        runs += seeds("adam", "openbookqa-style", 5e-5, dev: [0.1, 0.1, 0.1])
        runs += seeds("adam", "openbookqa-style", 1e-4, dev: [0.55, 0.56, 0.57])
        runs += seeds("adam", "openbookqa-style", 2e-4, dev: [0.2, 0.2, 0.2])
        runs += seeds("lora-rite", "openbookqa-style", 1e-4, dev: [0.5, 0.5, 0.5])
        runs += seeds("lora-rite", "openbookqa-style", 2e-4, dev: [0.8, 0.8, nil], test: [0.605, 0.621, 0])
        // Outside the table (rank 4): not used, counted in the caption.
        runs.append(run("adam", task: "hellaswag-style", lr: 1e-4, seed: 0, dev: 0.9, test: 0.9, rank: 4))
        return runs
    }

    @Test func table2Cells() throws {
        let markdown = try ReportBuilder.table(.table2, results: Self.table2Runs())
        // Avg. of Adam: (62 + 50 + 20 + 56) / 4 = 47.00, the only complete row, so bold.
        #expect(row(markdown, startingWith: "| Adam | ours (tiny) |")
            == "| Adam | ours (tiny) | 62.00 ± 2.00 (n=3) | **50.00** ± 0.00 (n=3) | **20.00** ± 10.00 (n=3) | **56.00** ± 1.00 (n=3) | **47.00** |")
        #expect(row(markdown, startingWith: "| LoRA-RITE | ours (tiny) |")
            == "| LoRA-RITE | ours (tiny) | **71.00** ± 1.00 (n=3) | **50.00** ± 0.00 (n=3) | — | 61.30 ± 1.13 (n=2; 1/3 diverged) | — |")
        #expect(row(markdown, startingWith: "| LoRA+ | ours (tiny) |") == "| LoRA+ | ours (tiny) | — | — | — | — | — |")
        // The paper rows follow each of ours, bold from the paper's numbers.
        #expect(row(markdown, startingWith: "|  | paper (Gemma-2B) |", after: "| Adam | ours (tiny) |")
            == "|  | paper (Gemma-2B) | 83.76 | 45.31 | 24.26 | 64.0 | 54.33 |")
        #expect(row(markdown, startingWith: "|  | paper (Gemma-2B) |", after: "| LoRA-RITE | ours (tiny) |")
            == "|  | paper (Gemma-2B) | **87.28** | **49.06** | **30.10** | **68.8** | **58.81** |")
        #expect(row(markdown, startingWith: "|  | paper (Gemma-7B) |", after: "| Adam | ours (small) |")
            == "|  | paper (Gemma-7B) | 94.07 | 54.78 | 48.37 | 77.60 | 68.71 |")
        #expect(row(markdown, startingWith: "| Adam | ours (small) |") == "| Adam | ours (small) | — | — | — | — | — |")
        #expect(markdown.contains("| Optimizer | Source | hellaswag-style (acc_norm) | arc-style (acc_norm) | gsm8k-style (EM) | openbookqa-style (acc_norm) | Avg. |"))
        // Six optimizers in the paper's order, each with its paper row, in each of two blocks.
        #expect(markdown.components(separatedBy: "| ours (").count - 1 == 12)
        #expect(markdown.components(separatedBy: "| paper (Gemma-").count - 1 == 12)
    }

    /// The whole table, byte for byte (tool version fixed so a version bump does not touch it).
    @Test func table2Golden() throws {
        let markdown = try ReportBuilder.table(.table2, results: Self.table2Runs(),
                                               options: ReportOptions(toolVersion: "0.0.0-test"))
        try Golden.check("table2.md", markdown)
    }

    @Test func table2WarningsAndCaption() throws {
        let markdown = try ReportBuilder.table(.table2, results: Self.table2Runs())
        #expect(markdown.contains("- small: no runs of ours in this table's scope; only the paper's rows have numbers.\n"))
        #expect(markdown.contains("- gsm8k-style (tiny, r=16): no runs for LoRA-RITE.\n"))
        #expect(markdown.contains("- openbookqa-style (tiny, r=16): tuning budgets differ: Adam 9 runs over 3 rates "
            + "(5e-5, 1e-4, 2e-4) and 3 seeds (0, 1, 2); LoRA-RITE 6 runs over 2 rates (1e-4, 2e-4) and 3 seeds (0, 1, 2).\n"))
        #expect(!markdown.contains("hellaswag-style (tiny, r=16): tuning"))
        // 45 runs in scope: 12 + 12 + 6 + 15; two diverged; the rank-4 run is outside.
        #expect(markdown.contains("Ours: experiment `paper-tables`; 45 runs in scope (done 43, diverged 2); "
            + "1 input run outside this table's tasks, presets or ranks not used."))
        #expect(markdown.contains("hellaswag-style: selected on dev acc_norm, reported on test acc_norm"))
        #expect(markdown.contains("Paper: Yen et al. 2024 (arXiv 2410.20625), Table 2, \"Experimental results on LLM benchmarking datasets.\""))
        let used = Self.table2Runs().filter { $0.rank == 16 }
        #expect(markdown.contains("Input digest: SHA-256 \(RowDigest.digest(runs: used)) over the 45 input rows"))
        #expect(markdown.contains("Rendered by rite-repro \(ReportOptions().toolVersion)."))
        // Same input in another order: the same bytes.
        #expect(try ReportBuilder.table(.table2, results: Self.table2Runs().reversed()) == markdown)
    }

    @Test func table1SplitsTheGlobalColumn() throws {
        var runs: [RunResult] = []
        for (task, metric) in [("sni-cause-effect", "exact_match"), ("sni-coreference", "exact_match"),
                               ("sni-title", "rouge_l"), ("sni-data-to-text", "rouge_l")] {
            runs += (0 ..< 2).map { run("adam", task: task, lr: 1e-4, seed: $0, dev: 0.5, test: 0.5 + 0.01 * Double($0), metric: metric) }
        }
        // sni-global: selected on exact match, both metrics reported; EM 40, 42 -> 41.00 ± 1.41; ROUGE-L 70, 70.
        runs += (0 ..< 2).map { seed in
            RunResult(experiment: "sni", preset: "tiny", task: "sni-global", optimizer: "adam", rank: 16, learningRate: 1e-4,
                      seed: seed, status: .done, devScores: ["exact_match": 0.4, "rouge_l": 0.7],
                      testScores: ["exact_match": 0.40 + 0.02 * Double(seed), "rouge_l": 0.7], runKey: "g\(seed)")
        }
        let markdown = try ReportBuilder.table(.table1, results: runs)
        #expect(markdown.contains("| sni-global (EM) | sni-global (ROUGE-L) |"))
        // 50, 51 -> 50.50 ± 0.71 (std = 1 / sqrt 2).
        #expect(row(markdown, startingWith: "| Adam | ours (tiny) |")
            == "| Adam | ours (tiny) | **50.50** ± 0.71 (n=2) | **50.50** ± 0.71 (n=2) | **50.50** ± 0.71 (n=2) | **50.50** ± 0.71 (n=2) | **41.00** ± 1.41 (n=2) | **70.00** ± 0.00 (n=2) |")
        #expect(row(markdown, startingWith: "|  | paper (Gemma-2B) |", after: "| Adam | ours (tiny) |")
            == "|  | paper (Gemma-2B) | 58.93 | 77.06 | 51.30 | 55.52 | 50.51 | 74.54 |")
        #expect(row(markdown, startingWith: "|  | paper (Gemma-7B) |", after: "| Lamb | ours (small) |")
            == "|  | paper (Gemma-7B) | 69.62 | 86.57 | 51.87 | 55.5 | 57.79 | 78.18 |")

        // A done run without the second reported metric is an error naming it.
        var broken = runs
        broken[broken.count - 1].testScores["rouge_l"] = nil
        #expect(throws: ReportError.missingScore(runKey: "g1", split: .test, metric: "rouge_l")) {
            try ReportBuilder.table(.table1, results: broken)
        }
    }

    @Test func table3ColumnsArePresetAndRank() throws {
        var runs: [RunResult] = []
        runs += Self.seeds("adam", "openbookqa-style", 1e-4, dev: [0.60, 0.62], rank: 4)
        runs += Self.seeds("lamb", "openbookqa-style", 1e-3, dev: [0.70, 0.70], preset: "small", rank: 16)
        let markdown = try ReportBuilder.table(.table3, results: runs)
        #expect(markdown.contains("| Optimizer | Source | tiny, r=4 (paper: Gemma-2B, rank=4) | tiny, r=16 (paper: Gemma-2B, rank=16) | "
            + "small, r=4 (paper: mT5-XXL, rank=4) | small, r=16 (paper: mT5-XXL, rank=16) |"))
        #expect(row(markdown, startingWith: "| Adam | ours |") == "| Adam | ours | **61.00** ± 1.41 (n=2) | — | — | — |")
        #expect(row(markdown, startingWith: "| Lamb | ours |") == "| Lamb | ours | — | — | — | **70.00** ± 0.00 (n=2) |")
        #expect(row(markdown, startingWith: "|  | paper |", after: "| Adam | ours |") == "|  | paper | 63.00 | 64.0 | 72.00 | 72.20 |")
        // ScaledAdam has no runs of ours but a paper row; LoRA+ and Shampoo are in neither, so not shown.
        #expect(row(markdown, startingWith: "| ScaledAdam | ours |") == "| ScaledAdam | ours | — | — | — | — |")
        #expect(row(markdown, startingWith: "|  | paper |", after: "| ScaledAdam | ours |") == "|  | paper | 63.00 | 64.8 | 70.80 | 74.60 |")
        #expect(!markdown.contains("| LoRA+ |") && !markdown.contains("| Shampoo |"))
        #expect(row(markdown, startingWith: "|  | paper |", after: "| LoRA-RITE | ours |")
            == "|  | paper | **70.40** | **68.8** | **74.80** | **75.00** |")
    }

    @Test func table8HasRankRows() throws {
        var runs: [RunResult] = []
        for rank in [4, 16, 64] {
            for task in ReportCatalog.benchmarkTasks {
                runs += Self.seeds("adam", task, 1e-4, dev: [0.5, 0.5], rank: rank)
                runs += Self.seeds("lora-rite", task, 1e-4, dev: rank == 64 ? [0.5, 0.5] : [0.6, 0.6], rank: rank)
            }
        }
        let markdown = try ReportBuilder.table(.table8, results: runs)
        #expect(row(markdown, startingWith: "| Adam | r=4 | ours (tiny) |")
            == "| Adam | r=4 | ours (tiny) | 50.00 ± 0.00 (n=2) | 50.00 ± 0.00 (n=2) | 50.00 ± 0.00 (n=2) | 50.00 ± 0.00 (n=2) | 50.00 |")
        #expect(row(markdown, startingWith: "| LoRA-RITE | r=4 | ours (tiny) |")
            == "| LoRA-RITE | r=4 | ours (tiny) | **60.00** ± 0.00 (n=2) | **60.00** ± 0.00 (n=2) | **60.00** ± 0.00 (n=2) | **60.00** ± 0.00 (n=2) | **60.00** |")
        // At rank 64 the two tie: both bold.
        #expect(row(markdown, startingWith: "| Adam | r=64 | ours (tiny) |")?.hasSuffix("| **50.00** |") == true)
        #expect(row(markdown, startingWith: "|  |  | paper (Gemma-2B) |", after: "| Adam | r=64 | ours (tiny) |")
            == "|  |  | paper (Gemma-2B) | 84.56 | 46.67 | 26.08 | 67.0 | 56.08 |")
        // Bold compares optimizers at the same rank: at r=64 Lamb's 62.8 on OpenBookQA is not bold.
        #expect(row(markdown, startingWith: "|  |  | paper (Gemma-2B) |", after: "| Lamb | r=64 | ours (tiny) |")
            == "|  |  | paper (Gemma-2B) | 87.83 | 47.53 | 29.04 | 62.8 | 56.80 |")
        // The paper has no Gemma-7B ablation and we have no small runs: no small block.
        #expect(!markdown.contains("#### small"))
    }

    @Test func emptyInputStillRendersEveryTable() throws {
        for name in ReportTable.allCases {
            let markdown = try ReportBuilder.table(name, results: [])
            #expect(markdown.hasPrefix("### Table "))
            #expect(markdown.contains("Rendered by rite-repro"))
        }
    }
}
