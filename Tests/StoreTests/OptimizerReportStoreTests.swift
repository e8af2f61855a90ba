import Foundation
import RiteCore
@testable import Store
import Testing

/// `optimizer_reports`: one row per run, written with its end, gone with its results, carried by
/// merge, and absent (not zero) for runs finished before the table existed.
@Suite struct OptimizerReportStoreTests {
    static let score = [FinalScore(split: "dev", metric: "accuracy", value: 0.5)]

    /// A LoRA-RITE-like report: skips early, one zeroed step, an internal norm; and Lamb-like trust ratios.
    static func sampleReport(steps: Int = 40) -> OptimizerRunReport {
        var norm = ValueSummary(0.5)
        norm.add(3.25)
        var ratio = ValueSummary(1)
        ratio.add(0.125)
        ratio.add(7)
        return OptimizerRunReport(steps: steps, skippedFactors: .init(total: 14, steps: 7, firstStep: 1, lastStep: 7),
                                  zeroedPreconditionedSteps: .init(total: 1, steps: 1, firstStep: 12, lastStep: 12),
                                  clippedSteps: .init(total: 3, steps: 3, firstStep: 2, lastStep: 9),
                                  internalGradientNorm: norm, trustRatio: ratio)
    }

    @Test func reportIsWrittenWithTheRunsEndAndReadBackExactly() throws {
        let store = try storeWithRuns(3)
        let report = Self.sampleReport()
        let done = try complete(store, .done(scores: Self.score), optimizerReport: report)
        let diverged = try complete(store, .diverged(step: 2, reason: "loss"), optimizerReport: OptimizerRunReport(steps: 2))
        let unrecorded = try complete(store, .failed(message: "before its first step"))
        #expect(try store.optimizerReport(runKey: done) == report)
        #expect(try store.optimizerReport(runKey: diverged) == OptimizerRunReport(steps: 2))
        #expect(try store.optimizerReport(runKey: unrecorded) == nil, "no report is not a report of zeros")
        #expect(try store.optimizerReports(of: "e") == [done: report, diverged: OptimizerRunReport(steps: 2)])
        #expect(try store.rows(sql: "SELECT skipped_total || '/' || skipped_steps || '/' || skipped_first_step || '-' || skipped_last_step"
            + " FROM optimizer_reports WHERE run_key = '\(done)'") == ["14/7/1-7"])
        #expect(try store.rows(sql: "SELECT trust_ratio_mean FROM optimizer_reports WHERE run_key = '\(diverged)'") == ["NULL"])
    }

    @Test func aNaNSummaryIsStoredAndReadBackAsNaN() throws {
        let store = try storeWithRuns(1)
        var ratio = ValueSummary(1)
        ratio.add(.nan)
        let key = try complete(store, .done(scores: Self.score), optimizerReport: OptimizerRunReport(steps: 1, trustRatio: ratio))
        let read = try #require(try store.optimizerReport(runKey: key)?.trustRatio)
        #expect(read.count == 2 && read.minimum == 1 && read.mean.isNaN)
    }

    @Test func aNewAttemptAndARequeueDeleteTheReport() throws {
        let store = try storeWithRuns(1)
        let key = try complete(store, .failed(message: "boom"), optimizerReport: Self.sampleReport())
        #expect(try store.optimizerReport(runKey: key) != nil)
        #expect(try store.requeueFailedRuns(of: "e", includes: { _ in true }) == 1)
        try store.registerWorker(testWorker("w2"))
        let claimed = try #require(try store.claimNextRun(of: "e", includes: { _ in true }, worker: testWorker("w2"), stamp: stamp,
                                                          policy: alivePolicy))
        #expect(try store.optimizerReport(runKey: key) == nil, "the new attempt starts without the old attempt's report")
        #expect(try store.releaseRun(claimed.claim))
        #expect(try store.optimizerReport(runKey: key) == nil)
    }

    @Test func mergeCarriesTheReportAndFillsItIntoAnEqualResultWithout() throws {
        let input = try storeWithRuns(2)
        let first = try complete(input, .done(scores: Self.score), optimizerReport: Self.sampleReport())
        let second = try complete(input, .done(scores: Self.score), optimizerReport: OptimizerRunReport(steps: 3))
        // The output has the second run done with the same scores but no report (written by an older build).
        let output = try storeWithRuns(2)
        try complete(output, .done(scores: Self.score), only: second)
        #expect(try output.optimizerReport(runKey: second) == nil)
        let merged = try output.merge(from: input)
        #expect(merged.added == 0 && merged.replaced == 1 && merged.unchanged == 1 && merged.conflicts.isEmpty)
        #expect(try output.optimizerReport(runKey: first) == Self.sampleReport())
        #expect(try output.optimizerReport(runKey: second) == OptimizerRunReport(steps: 3))
    }

    @Test func pruningARunRemovesItsReport() throws {
        let store = try storeWithRuns(2)
        let key = try complete(store, .done(scores: Self.score), optimizerReport: Self.sampleReport())
        try store.syncMembers(of: "e", planned: [PlannedRun(run: newRun(1), ordinal: 0, phase: 1)], prunes: { _ in true })
        #expect(try store.deleteOrphanRuns() == 1)
        #expect(try store.rows(sql: "SELECT count(*) FROM optimizer_reports") == ["0"])
        #expect(try store.optimizerReport(runKey: key) == nil)
    }

    /// A file written before optimizer reports (version 9, as the committed store is) opens, keeps its runs, reads "not
    /// recorded" for them, and records reports of runs finished afterwards.
    @Test func version9FileGetsTheTableAndItsRunsHaveNoReport() throws {
        let path = temporaryDatabase()
        try ResultStore.createOldSchemaFile(path: path, upTo: "v9-training-step-benchmarks")
        let old = try ResultStore(unmigratedPath: path)
        #expect(try !old.tableNames().contains("optimizer_reports"))
        try old.execute(sql: """
            INSERT INTO experiments (name, spec_text, spec_sha256, source_path, updated_at)
            VALUES ('e', 'name: e', 'h', 'e.yaml', '2025-01-01 00:00:00.000');
            INSERT INTO runs (key, experiment, config_json, preset, task, optimizer, rank, learning_rate, seed, steps, status,
                              attempts, last_step, created_at)
            VALUES ('\(newRun(0).key)', 'e', '{}', 'tiny', 'arc', 'lora-rite', 16, 0.001, 0, 10, 'done', 1, 10, '2025-01-01 00:00:00.000'),
                   ('\(newRun(1).key)', 'e', '{}', 'tiny', 'arc', 'adam', 16, 0.001, 0, 10, 'pending', 0, 0, '2025-01-01 00:00:00.000');
            INSERT INTO experiment_runs (experiment, run_key, ordinal, phase) VALUES ('e', '\(newRun(0).key)', 0, 1), ('e', '\(newRun(1).key)', 1, 1);
            INSERT INTO final_scores (run_key, split, metric, value) VALUES ('\(newRun(0).key)', 'dev', 'accuracy', 0.5);
            """)
        let store = try ResultStore(path: path)
        #expect(try store.appliedMigrations() == ResultStore.knownMigrations)
        #expect(try store.run(key: newRun(0).key)?.status == .done)
        #expect(try store.finalScores(runKey: newRun(0).key) == Self.score)
        #expect(try store.optimizerReport(runKey: newRun(0).key) == nil)
        #expect(try store.optimizerReports(of: "e").isEmpty)
        let key = try complete(store, .done(scores: Self.score), optimizerReport: Self.sampleReport())
        #expect(key == newRun(1).key)
        #expect(try store.optimizerReports(of: "e") == [key: Self.sampleReport()])
    }
}
