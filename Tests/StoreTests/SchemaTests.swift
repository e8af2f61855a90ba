import Foundation
@testable import Store
import Testing

@Suite struct SchemaTests {
    static let allTables = ["base_checkpoints", "evaluations", "experiment_runs", "experiments", "final_scores", "grdb_migrations",
                            "pair_metrics", "run_numbers", "runs", "sqlite_sequence", "step_metrics", "timings", "workers"]

    @Test func freshFileGetsEveryMigrationAndWAL() throws {
        let path = temporaryDatabase()
        let store = try ResultStore(path: path)
        #expect(try store.appliedMigrations() == ResultStore.knownMigrations)
        #expect(try store.tableNames() == Self.allTables)
        #expect(try store.journalMode() == "wal")
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func createsTheFolderAndRefusesAMissingFileWhenAsked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)/nested").path
        #expect(throws: StoreError.missingDatabase(path: folder + "/x.sqlite")) {
            try ResultStore(path: folder + "/x.sqlite", mode: .existing)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
        _ = try ResultStore(path: folder + "/x.sqlite")
        #expect(FileManager.default.fileExists(atPath: folder + "/x.sqlite"))
    }

    @Test func oldFileIsMigratedAndKeepsItsData() throws {
        let path = temporaryDatabase()
        try ResultStore.createOldSchemaFile(path: path, upTo: ResultStore.knownMigrations[0])
        let old = try ResultStore(unmigratedPath: path)
        #expect(try old.appliedMigrations() == [ResultStore.knownMigrations[0]])
        #expect(try !old.tableNames().contains("workers"))
        try old.execute(sql: """
            INSERT INTO experiments (name, spec_text, spec_sha256, source_path, updated_at)
            VALUES ('e', 'name: e', 'h', 'e.yaml', '2025-01-01 00:00:00.000');
            INSERT INTO runs (key, experiment, config_json, preset, task, optimizer, rank, learning_rate, seed, steps, status,
                              attempts, last_step, created_at, wall_seconds, steps_per_second)
            VALUES ('k1', 'e', '{}', 'tiny', 'arc', 'adam', 16, 0.001, 0, 10, 'done', 1, 10, '2025-01-01 00:00:00.000', 5, 2);
            INSERT INTO experiment_runs (experiment, run_key, ordinal, phase) VALUES ('e', 'k1', 0, 1);
            INSERT INTO final_scores (run_key, split, metric, value) VALUES ('k1', 'dev', 'accuracy', 0.5);
            """)
        let store = try ResultStore(path: path)
        #expect(try store.appliedMigrations() == ResultStore.knownMigrations)
        #expect(try store.tableNames() == Self.allTables)
        #expect(try store.run(key: "k1")?.status == .done)
        #expect(try store.finalScores(runKey: "k1") == [FinalScore(split: "dev", metric: "accuracy", value: 0.5)])
        #expect(try store.members(of: "e").map(\.run.key) == ["k1"])
        // The tables of the later migration work on the upgraded file.
        try store.registerWorker(testWorker("w"))
        try store.saveBaseCheckpoint(BaseCheckpoint(preset: "tiny", corpusVersion: "1", path: "results/tiny.ckpt", sha256: "ab", createdAt: Date()))
        #expect(try store.baseCheckpoints(preset: "tiny").map(\.sha256) == ["ab"])
    }

    @Test func stepMetricsOfAVersion3FileAreRenumberedAndKeptExactly() throws {
        let path = temporaryDatabase()
        try ResultStore.createOldSchemaFile(path: path, upTo: "v3-timings")
        let old = try ResultStore(unmigratedPath: path)
        var inserts = "INSERT INTO experiments (name, spec_text, spec_sha256, source_path, updated_at) VALUES ('e', 'name: e', 'h', 'e.yaml', '2025-01-01 00:00:00.000');\n"
        for key in ["kb", "ka", "kc"] {
            inserts += """
                INSERT INTO runs (key, experiment, config_json, preset, task, optimizer, rank, learning_rate, seed, steps, status,
                                  attempts, last_step, created_at)
                VALUES ('\(key)', 'e', '{}', 'tiny', 'arc', 'adam', 16, 0.001, 0, 3, 'done', 1, 3, '2025-01-01 00:00:00.000');

                """
        }
        // Values that do not round-trip through Float, a null ratio, and steps out of order.
        inserts += """
            INSERT INTO step_metrics VALUES ('kb', 2, 0.1, 0.001, 1.0000000000000002, 3.5, 0.25, NULL);
            INSERT INTO step_metrics VALUES ('kb', 1, 0.30000000000000004, 0.0005, 2.0, 0.0, NULL, 1.0);
            INSERT INTO step_metrics VALUES ('ka', 1, 7.0, 0.0, 1.0, 0.0, NULL, NULL);
            """
        try old.execute(sql: inserts)
        let store = try ResultStore(path: path)
        #expect(try store.appliedMigrations() == ResultStore.knownMigrations)
        #expect(try store.stepMetrics(runKey: "kb") == [
            StepMetric(step: 1, trainLoss: 0.30000000000000004, learningRate: 0.0005, aNorm: 2.0, bNorm: 0.0, aUpdateRatio: nil, bUpdateRatio: 1.0),
            StepMetric(step: 2, trainLoss: 0.1, learningRate: 0.001, aNorm: 1.0000000000000002, bNorm: 3.5, aUpdateRatio: 0.25, bUpdateRatio: nil),
        ])
        #expect(try store.stepMetrics(runKey: "ka") == [
            StepMetric(step: 1, trainLoss: 7.0, learningRate: 0.0, aNorm: 1.0, bNorm: 0.0, aUpdateRatio: nil, bUpdateRatio: nil),
        ])
        #expect(try store.stepMetrics(runKey: "kc").isEmpty)
        // Numbered in run-key order; a run without step metrics has no number.
        #expect(try store.rows(sql: "SELECT id || ':' || run_key FROM run_numbers ORDER BY id") == ["1:ka", "2:kb"])
        #expect(try store.rows(sql: "SELECT run_key || ':' || step FROM step_metrics_by_key ORDER BY run_key, step")
            == ["ka:1", "kb:1", "kb:2"])
        // Deleting a run deletes its number and its step rows.
        try store.execute(sql: "DELETE FROM runs WHERE key = 'kb'")
        #expect(try store.rows(sql: "SELECT count(*) FROM step_metrics") == ["1"])
        #expect(try store.rows(sql: "SELECT run_key FROM run_numbers") == ["ka"])
    }

    @Test func fileFromANewerVersionIsRefused() throws {
        let path = temporaryDatabase()
        let store = try ResultStore(path: path)
        try store.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3-from-the-future')")
        let known = ResultStore.knownMigrations
        #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v3-from-the-future"], knownMigrations: known)) {
            try ResultStore(path: path)
        }
        let message = StoreError.newerSchema(path: path, unknownMigrations: ["v3-from-the-future"], knownMigrations: known).description
        #expect(message == "\(path) was written by a newer rite-repro: it has schema migration(s) v3-from-the-future that this "
            + "build does not know (it knows v1-runs-and-results, v2-workers-checkpoints-pair-metrics, v3-timings, "
            + "v4-step-metrics-by-run-number, v6-training-step-benchmarks). Use a newer rite-repro, or another --db.")
    }

    @Test func checkpointsAreRecordedOnce() throws {
        let store = try ResultStore(path: temporaryDatabase())
        let early = BaseCheckpoint(preset: "tiny", corpusVersion: "1", path: "a", sha256: "aa", createdAt: Date(timeIntervalSince1970: 1000))
        let later = BaseCheckpoint(preset: "tiny", corpusVersion: "2", path: "b", sha256: "bb", createdAt: Date(timeIntervalSince1970: 2000))
        try store.saveBaseCheckpoint(early)
        try store.saveBaseCheckpoint(early)
        try store.saveBaseCheckpoint(later)
        #expect(try store.baseCheckpoints(preset: "tiny") == [later, early])
        #expect(try store.baseCheckpoints(preset: "small").isEmpty)
    }
}
