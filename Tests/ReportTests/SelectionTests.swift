@testable import Report
import RiteCore
import Store
import Testing

@Suite struct SelectionTests {
    let scoring = TaskScoring(task: "hellaswag-style", selectionMetric: "acc_norm")
    let key = RunGroupKey(preset: "tiny", task: "hellaswag-style", rank: 16, optimizer: "adam")

    func runs(_ lr: Double, _ devs: [Double?], tests: [Double]? = nil, status: [RunStatus]? = nil) -> [RunResult] {
        devs.enumerated().map { seed, dev in
            run("adam", task: "hellaswag-style", lr: lr, seed: seed, status: status?[seed] ?? .done,
                dev: dev, test: tests?[seed] ?? dev)
        }
    }

    @Test func bestMeanDevScoreWins() throws {
        // 1e-4: mean(0.60, 0.62, 0.64) = 0.62; 2e-4: (0.70 + 0.50 + 0 for the diverged seed) / 3 = 0.40.
        let all = runs(1e-4, [0.60, 0.62, 0.64])
            + runs(2e-4, [0.70, 0.50, nil], status: [.done, .done, .diverged])
        let selection = try LearningRateSelector.select(key: key, runs: all, scoring: scoring)
        #expect(selection.selected?.learningRate == 1e-4)
        #expect(abs(selection.candidates[0].selectionScore! - 0.62) < 1e-15)
        #expect(abs(selection.candidates[1].selectionScore! - 0.40) < 1e-15)
        #expect(selection.isAtGridEdge)
    }

    @Test func divergedCountsAsWorst() throws {
        // 1e-4: (0.5 + 0) / 2 = 0.25 < 2e-4: 0.3. Without the diverged seed 1e-4 would win with 0.5.
        let all = runs(1e-4, [0.5, nil], status: [.done, .diverged]) + runs(2e-4, [0.3, 0.3])
        #expect(try LearningRateSelector.select(key: key, runs: all, scoring: scoring).selected?.learningRate == 2e-4)
    }

    /// A run that did not learn keeps its (here high) dev score in the store, but selection scores it
    /// 0 and its cell counts it as an outcome, never as a value.
    @Test func didNotLearnCountsAsWorstAndIsShownAsAnOutcome() throws {
        let all = runs(1e-4, [0.9, 0.9], status: [.didNotLearn, .done]) + runs(2e-4, [0.5, 0.5])
        let selection = try LearningRateSelector.select(key: key, runs: all, scoring: scoring)
        #expect(abs(selection.candidates[0].selectionScore! - 0.45) < 1e-15, "(0 + 0.9) / 2")
        #expect(selection.selected?.learningRate == 2e-4)
        let cell = CellSummary.make(runs: runs(1e-4, [0.9, 0.6], status: [.didNotLearn, .done])) { $0.testScores["acc_norm"]! * 100 }
        #expect(cell.text() == "60.00 (n=1; 1/2 did not learn)")
    }

    @Test func tiesGoToTheSmallerRateWhateverTheInputOrder() throws {
        let all = runs(1e-4, [0.4, 0.4]) + runs(2e-4, [0.4, 0.4]) + runs(5e-5, [0.1, 0.1])
        #expect(try LearningRateSelector.select(key: key, runs: all, scoring: scoring).selected?.learningRate == 1e-4)
        #expect(try LearningRateSelector.select(key: key, runs: all.reversed(), scoring: scoring).selected?.learningRate == 1e-4)
    }

    @Test func unfinishedRunsDoNotTakePart() throws {
        // 2e-4 has one done seed at 0.9 and two pending: its score is 0.9 over the finished run.
        let all = runs(1e-4, [0.5, 0.5, 0.5]) + runs(2e-4, [0.9, nil, nil], status: [.done, .pending, .failed])
        let selection = try LearningRateSelector.select(key: key, runs: all, scoring: scoring)
        #expect(selection.selected?.learningRate == 2e-4)
        let nothing = runs(1e-4, [nil, nil], status: [.pending, .running])
        #expect(try LearningRateSelector.select(key: key, runs: nothing, scoring: scoring).selected == nil)
    }

    @Test func ratesAreComparedOnTheSeedsTheyShare() throws {
        // A first-seed search: every rate ran seed 0; the sweep picked 1e-4 (0.60 > 0.55) and ran
        // seeds 1 and 2 there. Comparing means over unequal seed sets would now pick 2e-4
        // (0.55 > mean(0.60, 0.40, 0.40)); comparing on seed 0, as the sweep did, keeps 1e-4.
        let all = runs(1e-4, [0.60, 0.40, 0.40]) + runs(2e-4, [0.55])
        let selection = try LearningRateSelector.select(key: key, runs: all, scoring: scoring)
        #expect(selection.selected?.learningRate == 1e-4)
        #expect(selection.candidates.map(\.selectionScore) == [0.60, 0.55])
    }

    @Test func missingScoreAndDuplicatesAreErrors() {
        let noScore = [run("adam", task: "hellaswag-style", lr: 1e-4, seed: 0, dev: nil)]
        #expect(throws: ReportError.missingScore(runKey: noScore[0].runKey, split: .dev, metric: "acc_norm")) {
            try LearningRateSelector.select(key: key, runs: noScore, scoring: scoring)
        }
        var twin = run("adam", task: "hellaswag-style", lr: 1e-4, seed: 0, dev: 0.5)
        twin.runKey = "other"
        let pair = [run("adam", task: "hellaswag-style", lr: 1e-4, seed: 0, dev: 0.5), twin]
        #expect(throws: ReportError.self) { try LearningRateSelector.group(pair) }
        #expect(throws: ReportError.unknownTask("mystery")) {
            try LearningRateSelector.selectAll([run("adam", task: "hellaswag-style", lr: 1, seed: 0, dev: 0.1)].map {
                var copy = $0; copy.task = "mystery"; return copy
            }, scoring: [scoring])
        }
    }

    @Test func cellTexts() {
        // mean(60, 62, 64) = 62, sample variance (4 + 0 + 4) / 2 = 4, std 2.
        #expect(CellSummary(values: [60, 62, 64], total: 3, outcomes: []).text() == "62.00 ± 2.00 (n=3)")
        #expect(CellSummary(values: [60, 62, 64], total: 3, outcomes: []).text(bold: true) == "**62.00** ± 2.00 (n=3)")
        #expect(CellSummary(values: [61.3], total: 1, outcomes: []).text() == "61.30 (n=1)")
        // mean(60.5, 62.1) = 61.3, std = 1.6 / sqrt(2) = 1.1314.
        let partial = CellSummary(values: [60.5, 62.1], total: 3, outcomes: [RunOutcomeCount(status: .diverged, count: 1)])
        #expect(partial.text() == "61.30 ± 1.13 (n=2; 1/3 diverged)")
        #expect(!partial.isComplete)
        let none = CellSummary(values: [], total: 3, outcomes: [RunOutcomeCount(status: .diverged, count: 2),
                                                                RunOutcomeCount(status: .failed, count: 1)])
        #expect(none.text() == "2/3 diverged, 1/3 failed")
        #expect(CellSummary.missing.text() == "—")
    }

    @Test func cellFromRunsKeepsOutcomes() throws {
        let runs = [
            run("adam", task: "hellaswag-style", lr: 1e-4, seed: 0, test: 0.605),
            run("adam", task: "hellaswag-style", lr: 1e-4, seed: 1, status: .diverged),
            run("adam", task: "hellaswag-style", lr: 1e-4, seed: 2, test: 0.621),
            run("adam", task: "hellaswag-style", lr: 1e-4, seed: 3, status: .pending),
        ]
        let cell = CellSummary.make(runs: runs) { $0.testScores["acc_norm"]! * 100 }
        #expect(cell.total == 4)
        #expect(cell.outcomeNote == "1/4 diverged, 1/4 pending")
        #expect(cell.text() == "61.30 ± 1.13 (n=2; 1/4 diverged, 1/4 pending)")
    }

    @Test func boldComparesPrintedValues() {
        #expect(BestValue.marks([62.004, 62.001, nil, 61.0], decimals: 2) == [true, true, false, false])
        #expect(BestValue.marks([nil, nil], decimals: 2) == [false, false])
    }

    @Test func budgetCheck() throws {
        let adam = runs(1e-4, [0.5, 0.5]) + runs(2e-4, [0.5, 0.5])
        let rite = [run("lora-rite", task: "hellaswag-style", lr: 1e-4, seed: 0, dev: 0.5),
                    run("lora-rite", task: "hellaswag-style", lr: 1e-4, seed: 1, status: .pending)]
        let groups = try LearningRateSelector.group(adam + rite)
        let context = BudgetContext(preset: "tiny", task: "hellaswag-style", rank: 16)
        let warnings = BudgetCheck.warnings(groups: groups, contexts: [context, BudgetContext(preset: "tiny", task: "arc-style", rank: 16)],
                                            optimizers: ["adam", "lamb", "lora-rite"])
        #expect(warnings == [
            "arc-style (tiny, r=16): no runs.",
            "hellaswag-style (tiny, r=16): no runs for Lamb.",
            "hellaswag-style (tiny, r=16): tuning budgets differ: Adam 4 runs over 2 rates (1e-4, 2e-4) and 2 seeds (0, 1); "
                + "LoRA-RITE 2 runs over 1 rate (1e-4) and 2 seeds (0, 1).",
            "hellaswag-style (tiny, r=16): runs without an outcome (LoRA-RITE 1 pending); learning rates were chosen "
                + "and cells computed from the finished runs only.",
        ])
        let equal = BudgetCheck.warnings(groups: try LearningRateSelector.group(adam), contexts: [context], optimizers: ["adam"])
        #expect(equal.isEmpty)
    }

    @Test func digestIsCanonical() {
        let first = run("adam", task: "hellaswag-style", lr: 1e-4, seed: 0, dev: 0.6, test: 0.62)
        let line = "run\tpaper-tables/tiny/hellaswag-style/adam/r16/lr0.0001/s0\tpaper-tables\ttiny\thellaswag-style\tadam\t16"
            + "\t0.0001\t0\tdone\tacc_norm=0.6\tacc_norm=0.62\t-\n"
        #expect(RowDigest.digest(runs: [first]) == SHA256.hex(line))
        let second = run("lora-rite", task: "arc-style", lr: 2e-5, seed: 1, status: .diverged, speed: 3.5)
        #expect(RowDigest.line(second).hasSuffix("\t2e-05\t1\tdiverged\t\t\t3.5"))
        #expect(RowDigest.digest(runs: [first, second]) == RowDigest.digest(runs: [second, first]))
        var changed = first
        changed.testScores["acc_norm"] = 0.6200001
        #expect(RowDigest.digest(runs: [first, second]) != RowDigest.digest(runs: [changed, second]))
    }
}
