import Foundation
import RiteCore
@testable import Store
import Testing

@Suite struct StepSeriesTests {
    /// Metrics with values Float32 cannot hold exactly, a missing and a NaN ratio, and an exact
    /// Float64 learning rate.
    static func metrics(_ steps: ClosedRange<Int>) -> [StepMetric] {
        steps.map { step in
            StepMetric(step: step, trainLoss: 0.1 * Double(step), learningRate: 1e-3 / 3 * Double(step), aNorm: 1 + 1e-12 * Double(step),
                       bNorm: Double(step) / 3, aUpdateRatio: step == 1 ? nil : 0.2, bUpdateRatio: step == 2 ? .nan : 1 / Double(step))
        }
    }

    static func count(_ store: ResultStore, _ table: String) throws -> String {
        try store.rows(sql: "SELECT count(*) FROM \(table)")[0]
    }

    @Test func storedPrecisionIsFloat32ExceptTheLearningRate() {
        let stored = Self.metrics(1 ... 2).map(\.inStoredPrecision)
        #expect(stored[0] == StepMetric(step: 1, trainLoss: 0.10000000149011612, learningRate: 1e-3 / 3, aNorm: 1,
                                        bNorm: 0.3333333432674408, aUpdateRatio: nil, bUpdateRatio: 1))
        #expect(stored[1].aUpdateRatio == 0.20000000298023224 && stored[1].bUpdateRatio == nil, "NaN reads as missing")
    }

    @Test func aFinishedRunIsPackedAndReadsAsItDidWhileRunning() throws {
        let store = try storeWithRuns(2)
        try store.registerWorker(testWorker("w"))
        let claimed = try #require(try store.claimNextRun(of: "e", includes: { _ in true }, worker: testWorker("w"), stamp: stamp, policy: alivePolicy))
        try store.recordProgress(claimed.claim, metrics: MetricBatch(steps: Self.metrics(1 ... 5)), lastStep: 5)
        #expect(try Self.count(store, "step_metrics") == "5" && Self.count(store, "step_series") == "0")
        let expected = Self.metrics(1 ... 8).map(\.inStoredPrecision)
        #expect(try store.stepMetrics(runKey: claimed.run.key) == Array(expected.prefix(5)))
        try store.finishRun(claimed.claim, completion: .done(scores: []), metrics: MetricBatch(steps: Self.metrics(6 ... 8)),
                            lastStep: 8, wallSeconds: 1)
        #expect(try Self.count(store, "step_metrics") == "0" && Self.count(store, "step_series") == "1")
        #expect(try store.rows(sql: "SELECT step_count FROM step_series") == ["8"])
        #expect(try store.stepMetrics(runKey: claimed.run.key) == expected)
        #expect(try store.stepMetrics(runKey: claimed.run.key)[7].learningRate == 1e-3 / 3 * 8)
        // A failed run keeps its metrics too, packed.
        let failed = try complete(store, .failed(message: "boom"), steps: 3)
        #expect(try store.stepMetrics(runKey: failed).map(\.step) == [1, 2, 3])
        #expect(try Self.count(store, "step_metrics") == "0" && Self.count(store, "step_series") == "2")
        // Deleting a run deletes its series.
        try store.execute(sql: "DELETE FROM runs WHERE key = '\(failed)'")
        #expect(try Self.count(store, "step_series") == "1")
    }

    @Test func aRunTakenBackLosesItsRowsAndItsSeries() throws {
        let store = try storeWithRuns(1)
        try store.registerWorker(testWorker("w"))
        let claimed = try #require(try store.claimNextRun(of: "e", includes: { _ in true }, worker: testWorker("w"), stamp: stamp, policy: alivePolicy))
        try store.recordProgress(claimed.claim, metrics: MetricBatch(steps: Self.metrics(1 ... 3)), lastStep: 3)
        // As a migration leaves a run that was running: its rows packed, then more rows.
        try store.pool.write { db in try StepMetricStorage.pack(runKey: claimed.run.key, in: db) }
        try store.recordProgress(claimed.claim, metrics: MetricBatch(steps: Self.metrics(4 ... 5)), lastStep: 5)
        #expect(try Self.count(store, "step_metrics") == "2" && Self.count(store, "step_series") == "1")
        #expect(try store.stepMetrics(runKey: claimed.run.key) == Self.metrics(1 ... 5).map(\.inStoredPrecision))
        try store.markWorkerExited(workerID: "w")
        #expect(try store.requeueAbandonedRuns(policy: alivePolicy).map(\.key) == [claimed.run.key])
        #expect(try Self.count(store, "step_metrics") == "0" && Self.count(store, "step_series") == "0")
        #expect(try store.stepMetrics(runKey: claimed.run.key).isEmpty)
    }

    /// A version-5 file as the committed store was: rows in `step_metrics`, a run still running.
    static func version5File() throws -> String {
        let path = temporaryDatabase()
        try ResultStore.createOldSchemaFile(path: path, upTo: "v5-did-not-learn-status")
        let old = try ResultStore(unmigratedPath: path)
        var sql = "INSERT INTO experiments (name, spec_text, spec_sha256, source_path, updated_at) VALUES ('e', 'name: e', 'h', 'e.yaml', '2025-01-01 00:00:00.000');\n"
        for (key, status) in [("ka", "done"), ("kb", "diverged"), ("kc", "pending"), ("kr", "running")] {
            sql += """
                INSERT INTO runs (key, experiment, config_json, preset, task, optimizer, rank, learning_rate, seed, steps, status,
                                  worker_id, attempts, last_step, created_at)
                VALUES ('\(key)', 'e', '{}', 'tiny', 'arc', 'adam', 16, 0.001, 0, 3, '\(status)', 'w', 1, 2, '2025-01-01 00:00:00.000');
                INSERT INTO experiment_runs (experiment, run_key, ordinal, phase) VALUES ('e', '\(key)', 0, 1);

                """
        }
        sql += """
            INSERT INTO run_numbers (run_key) VALUES ('ka'), ('kb'), ('kr');
            INSERT INTO step_metrics VALUES (2, 2, 0.1, 0.001, 1.0000000000000002, 3.5, 0.25, NULL);
            INSERT INTO step_metrics VALUES (2, 1, 0.30000000000000004, 0.0005, 2.0, 0.0, NULL, 1.0);
            INSERT INTO step_metrics VALUES (1, 1, 7.0, 0.0, 1.0, 0.0, NULL, NULL);
            INSERT INTO step_metrics VALUES (3, 1, 5.0, 0.0, 1.0, 0.0, NULL, NULL), (3, 2, 4.5, 1e-4, 1.5, 0.1, 0.5, 2.0);
            """
        try old.execute(sql: sql)
        return path
    }

    @Test func migrationPacksEveryRunOfAVersion5File() throws {
        let store = try ResultStore(path: try Self.version5File())
        #expect(try store.appliedMigrations() == ResultStore.knownMigrations)
        #expect(try Self.count(store, "step_metrics") == "0")
        #expect(try store.rows(sql: "SELECT run_number || ':' || step_count FROM step_series ORDER BY run_number") == ["1:1", "2:2", "3:2"])
        #expect(try store.stepMetrics(runKey: "kb") == [
            StepMetric(step: 1, trainLoss: 0.30000001192092896, learningRate: 0.0005, aNorm: 2, bNorm: 0, aUpdateRatio: nil, bUpdateRatio: 1),
            StepMetric(step: 2, trainLoss: 0.10000000149011612, learningRate: 0.001, aNorm: 1, bNorm: 3.5, aUpdateRatio: 0.25, bUpdateRatio: nil),
        ])
        #expect(try store.stepMetrics(runKey: "ka") == [
            StepMetric(step: 1, trainLoss: 7, learningRate: 0, aNorm: 1, bNorm: 0, aUpdateRatio: nil, bUpdateRatio: nil),
        ])
        #expect(try store.stepMetrics(runKey: "kc").isEmpty)
        #expect(try store.rows(sql: "SELECT count(*) FROM sqlite_master WHERE name = 'step_metrics_by_key'") == ["0"])
        // The run that was running goes on writing rows and is packed, old steps with new, when it finishes.
        let claim = RunClaim(runKey: "kr", workerID: "w", attempt: 1)
        try store.finishRun(claim, completion: .done(scores: []), metrics: MetricBatch(steps: Self.metrics(3 ... 3)), lastStep: 3, wallSeconds: 1)
        #expect(try store.stepMetrics(runKey: "kr").map(\.trainLoss) == [5, 4.5, 0.30000001192092896])
        #expect(try Self.count(store, "step_metrics") == "0")
    }

    @Test func migrationIsDeterministic() throws {
        let blobs = "SELECT hex(steps) || hex(train_loss) || hex(learning_rate) || hex(a_norm) || hex(b_norm) || hex(a_update_ratio) "
            + "|| hex(b_update_ratio) FROM step_series ORDER BY run_number"
        let first = try ResultStore(path: try Self.version5File()).rows(sql: blobs)
        #expect(first.count == 3)
        #expect(try ResultStore(path: try Self.version5File()).rows(sql: blobs) == first)
    }
}
