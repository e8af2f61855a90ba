import Foundation
@testable import Store
import Testing

@Suite struct SchemaTests {
    static let allTables = ["base_checkpoints", "evaluations", "experiment_runs", "experiments", "final_scores", "grdb_migrations",
                            "pair_metrics", "runs", "sqlite_sequence", "step_metrics", "timings", "workers"]

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
            + "build does not know (it knows v1-runs-and-results, v2-workers-checkpoints-pair-metrics, v3-timings). Use a newer rite-repro, or another --db.")
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
