import Foundation
import RiteCore
@testable import Store
import Testing

@Suite struct SchemaTests {
    static let allTables = ["base_checkpoints", "evaluations", "experiment_runs", "experiments", "final_scores", "grdb_migrations",
                            "invariance_checks", "optimizer_reports", "pair_metrics", "run_crashes", "run_numbers", "runs", "sqlite_sequence", "step_metrics",
                            "step_series", "timings", "workers"]

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
        // Up to v4 only: v6 packs the rows into series (StepSeriesTests).
        try ResultStore.createOldSchemaFile(path: path, upTo: "v4-step-metrics-by-run-number")
        let store = try ResultStore(unmigratedPath: path)
        #expect(try store.appliedMigrations() == Array(ResultStore.knownMigrations[0 ... 3]))
        func column(_ name: String) throws -> [String] {
            try store.rows(sql: "SELECT \(name) FROM step_metrics_by_key ORDER BY run_key, step")
        }
        #expect(try column("step") == ["1", "1", "2"])
        #expect(try column("train_loss") == ["7.0", "0.30000000000000004", "0.1"])
        #expect(try column("learning_rate") == ["0.0", "0.0005", "0.001"])
        #expect(try column("a_norm") == ["1.0", "2.0", "1.0000000000000002"])
        #expect(try column("b_norm") == ["0.0", "0.0", "3.5"])
        #expect(try column("a_update_ratio") == ["NULL", "NULL", "0.25"])
        #expect(try column("b_update_ratio") == ["NULL", "1.0", "NULL"])
        // Numbered in run-key order; a run without step metrics has no number.
        #expect(try store.rows(sql: "SELECT id || ':' || run_key FROM run_numbers ORDER BY id") == ["1:ka", "2:kb"])
        #expect(try store.rows(sql: "SELECT run_key || ':' || step FROM step_metrics_by_key ORDER BY run_key, step")
            == ["ka:1", "kb:1", "kb:2"])
        // Deleting a run deletes its number and its step rows.
        try store.execute(sql: "DELETE FROM runs WHERE key = 'kb'")
        #expect(try store.rows(sql: "SELECT count(*) FROM step_metrics") == ["1"])
        #expect(try store.rows(sql: "SELECT run_key FROM run_numbers") == ["ka"])
    }

    /// v5 rebuilds the runs table to admit `did-not-learn`: every row of every table that
    /// references runs survives the rebuild, the references still cascade, and the CHECK still
    /// refuses a status it does not know.
    @Test func version4FileKeepsEveryRowAndAdmitsDidNotLearn() throws {
        let path = temporaryDatabase()
        try ResultStore.createOldSchemaFile(path: path, upTo: "v4-step-metrics-by-run-number")
        let old = try ResultStore(unmigratedPath: path)
        try old.execute(sql: """
            INSERT INTO experiments (name, spec_text, spec_sha256, source_path, updated_at)
            VALUES ('e', 'name: e', 'h', 'e.yaml', '2025-01-01 00:00:00.000');
            INSERT INTO runs (key, experiment, config_json, preset, task, optimizer, rank, learning_rate, seed, steps, status,
                              attempts, last_step, created_at, error_text, diverged_step)
            VALUES ('k1', 'e', '{"a":1}', 'tiny', 'arc', 'adam', 16, 0.001, 0, 2, 'done', 1, 2, '2025-01-01 00:00:00.000', NULL, NULL),
                   ('k2', 'e', '{}', 'tiny', 'arc', 'sgd', 4, 1e30, 1, 2, 'diverged', 1, 1, '2025-01-01 00:00:00.000', 'boom', 1);
            INSERT INTO experiment_runs (experiment, run_key, ordinal, phase) VALUES ('e', 'k1', 0, 1), ('e', 'k2', 1, 1);
            INSERT INTO run_numbers (run_key) VALUES ('k1');
            INSERT INTO step_metrics VALUES (1, 1, 2.5, 0.0, 1.0, 0.0, NULL, NULL), (1, 2, 2.25, 0.001, 1.0, 0.5, 0.0, NULL);
            INSERT INTO pair_metrics VALUES ('k1', 1, 'layer0.q', 1.0, 0.0, 0.0, 0.0);
            INSERT INTO evaluations VALUES ('k1', 2, 'dev', 'accuracy', 0.25);
            INSERT INTO final_scores VALUES ('k1', 'dev', 'accuracy', 0.25);
            """)
        let tables = ["runs", "experiment_runs", "run_numbers", "step_metrics", "pair_metrics", "evaluations", "final_scores"]
        func counts(_ store: ResultStore) throws -> [String] { try tables.flatMap { try store.rows(sql: "SELECT count(*) FROM \($0)") } }
        let before = try counts(old)
        #expect(before == ["2", "2", "1", "2", "1", "1", "1"])
        // Up to v5 only: v6 packs the step rows into series (StepSeriesTests).
        try ResultStore.createOldSchemaFile(path: path, upTo: "v5-did-not-learn-status")
        let store = try ResultStore(unmigratedPath: path)
        #expect(try store.appliedMigrations() == Array(ResultStore.knownMigrations[0 ... 4]))
        #expect(try counts(store) == before)
        #expect(try store.rows(sql: "SELECT key || ' ' || status || ' ' || config_json || ' ' || coalesce(error_text, '-') FROM runs ORDER BY key")
            == [#"k1 done {"a":1} -"#, "k2 diverged {} boom"])
        #expect(try store.rows(sql: "SELECT train_loss FROM step_metrics ORDER BY step") == ["2.5", "2.25"])
        try store.execute(sql: "UPDATE runs SET status = 'did-not-learn' WHERE key = 'k2'")
        #expect(try store.run(key: "k2")?.status == .didNotLearn)
        #expect(throws: (any Error).self) { try store.execute(sql: "UPDATE runs SET status = 'finished' WHERE key = 'k2'") }
        try store.execute(sql: "DELETE FROM runs WHERE key = 'k1'")
        #expect(try counts(store) == ["1", "1", "0", "0", "0", "0", "0"], "references to runs still cascade")
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
            + "v4-step-metrics-by-run-number, v5-did-not-learn-status, v6-worker-sweeps-and-run-crashes, v7-step-series-blobs, "
            + "v8-invariance-checks, v9-training-step-benchmarks, v10-timing-rounds, v11-optimizer-reports). Use a newer rite-repro, or another --db.")
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
