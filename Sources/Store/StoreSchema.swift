internal import GRDB

/// The database schema as an append-only list of migrations.
///
/// Never edit or reorder a migration that has shipped: add a new one at the end. A database
/// file records which migrations it has applied (GRDB's `grdb_migrations` table); a file that
/// holds a migration this list does not know was written by a newer rite-repro and is refused.
enum StoreSchema {
    /// Identifiers in the order they are applied. The last one is the current schema.
    static let migrationIdentifiers = ["v1-runs-and-results", "v2-workers-checkpoints-pair-metrics", "v3-timings",
                                       "v4-step-metrics-by-run-number", "v5-did-not-learn-status",
                                       "v6-worker-sweeps-and-run-crashes", "v7-step-series-blobs", "v8-invariance-checks",
                                       "v9-training-step-benchmarks", "v10-timing-rounds", "v11-optimizer-reports"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(migrationIdentifiers[0], migrate: createRunsAndResults)
        migrator.registerMigration(migrationIdentifiers[1], migrate: createWorkersCheckpointsPairMetrics)
        migrator.registerMigration(migrationIdentifiers[2], migrate: createTimings)
        migrator.registerMigration(migrationIdentifiers[3], migrate: keyStepMetricsByRunNumber)
        migrator.registerMigration(migrationIdentifiers[4], migrate: allowDidNotLearnStatus)
        migrator.registerMigration(migrationIdentifiers[5], migrate: addWorkerSweepsAndRunCrashes)
        migrator.registerMigration(migrationIdentifiers[6], migrate: packStepMetricsIntoSeries)
        migrator.registerMigration(migrationIdentifiers[7], migrate: createInvarianceChecks)
        migrator.registerMigration(migrationIdentifiers[8], migrate: describeTrainingStepBenchmarks)
        migrator.registerMigration(migrationIdentifiers[9], migrate: addTimingRounds)
        migrator.registerMigration(migrationIdentifiers[10], migrate: createOptimizerReports)
        return migrator
    }

    /// Experiments, runs, their membership, per-step metrics, evaluations and final scores.
    private static func createRunsAndResults(_ db: Database) throws {
        try db.create(table: "experiments") { t in
            t.primaryKey("name", .text)
            t.column("spec_text", .text).notNull()
            t.column("spec_sha256", .text).notNull()
            t.column("source_path", .text).notNull()
            t.column("updated_at", .datetime).notNull()
        }
        try db.create(table: "runs") { t in
            t.primaryKey("key", .text)
            t.column("experiment", .text).notNull()
            t.column("config_json", .text).notNull()
            t.column("preset", .text).notNull()
            t.column("task", .text).notNull()
            t.column("optimizer", .text).notNull()
            t.column("rank", .integer).notNull()
            t.column("learning_rate", .double).notNull()
            t.column("seed", .integer).notNull()
            t.column("steps", .integer).notNull()
            t.column("status", .text).notNull()
                .check(sql: "status IN ('pending', 'running', 'done', 'failed', 'diverged')")
            t.column("worker_id", .text)
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("last_step", .integer).notNull().defaults(to: 0)
            t.column("created_at", .datetime).notNull()
            t.column("started_at", .datetime)
            t.column("finished_at", .datetime)
            t.column("wall_seconds", .double)
            t.column("steps_per_second", .double)
            t.column("git_commit", .text)
            t.column("tool_version", .text)
            t.column("host", .text)
            t.column("error_text", .text)
            t.column("diverged_step", .integer)
        }
        try db.create(index: "runs_by_status", on: "runs", columns: ["status"])
        try db.create(table: "experiment_runs") { t in
            t.column("experiment", .text).notNull().references("experiments", onDelete: .cascade)
            t.column("run_key", .text).notNull().references("runs", onDelete: .cascade)
            t.column("ordinal", .integer).notNull()
            t.column("phase", .integer).notNull()
            t.primaryKey(["experiment", "run_key"])
        }
        try db.create(index: "experiment_runs_by_run", on: "experiment_runs", columns: ["run_key"])
        try db.create(table: "step_metrics", options: .withoutRowID) { t in
            t.column("run_key", .text).notNull().references("runs", onDelete: .cascade)
            t.column("step", .integer).notNull()
            t.column("train_loss", .double).notNull()
            t.column("learning_rate", .double).notNull()
            t.column("a_norm", .double).notNull()
            t.column("b_norm", .double).notNull()
            t.column("a_update_ratio", .double)
            t.column("b_update_ratio", .double)
            t.primaryKey(["run_key", "step"])
        }
        try db.create(table: "evaluations", options: .withoutRowID) { t in
            t.column("run_key", .text).notNull().references("runs", onDelete: .cascade)
            t.column("step", .integer).notNull()
            t.column("split", .text).notNull()
            t.column("metric", .text).notNull()
            t.column("value", .double).notNull()
            t.primaryKey(["run_key", "step", "split", "metric"])
        }
        try db.create(table: "final_scores", options: .withoutRowID) { t in
            t.column("run_key", .text).notNull().references("runs", onDelete: .cascade)
            t.column("split", .text).notNull()
            t.column("metric", .text).notNull()
            t.column("value", .double).notNull()
            t.primaryKey(["run_key", "split", "metric"])
        }
    }

    /// Worker processes (for dead-worker detection), pretrained base checkpoints, and per-pair
    /// LoRA norms at selected steps.
    private static func createWorkersCheckpointsPairMetrics(_ db: Database) throws {
        try db.create(table: "workers") { t in
            t.primaryKey("id", .text)
            t.column("host", .text).notNull()
            t.column("pid", .integer).notNull()
            t.column("process_start", .text)
            t.column("command", .text).notNull()
            t.column("started_at", .datetime).notNull()
            t.column("heartbeat_at", .datetime).notNull()
            t.column("exited_at", .datetime)
        }
        try db.create(table: "base_checkpoints") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("preset", .text).notNull()
            t.column("corpus_version", .text).notNull()
            t.column("path", .text).notNull()
            t.column("sha256", .text).notNull()
            t.column("created_at", .datetime).notNull()
            t.uniqueKey(["preset", "corpus_version", "sha256"])
        }
        try db.create(table: "pair_metrics", options: .withoutRowID) { t in
            t.column("run_key", .text).notNull().references("runs", onDelete: .cascade)
            t.column("step", .integer).notNull()
            t.column("pair", .text).notNull()
            t.column("a_norm", .double).notNull()
            t.column("b_norm", .double).notNull()
            t.column("a_update_norm", .double).notNull()
            t.column("b_update_norm", .double).notNull()
            t.primaryKey(["run_key", "step", "pair"])
        }
    }

    /// Benchmark timings (training steps per second per optimizer and preset; optimizer-step cost
    /// as the factor shapes grow).
    private static func createTimings(_ db: Database) throws {
        try db.create(table: "timings") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("benchmark", .text).notNull()
            t.column("optimizer", .text).notNull()
            t.column("preset", .text)
            t.column("m", .integer).notNull()
            t.column("n", .integer).notNull()
            t.column("r", .integer).notNull()
            t.column("batch", .integer)
            t.column("median_seconds", .double).notNull()
            t.column("samples", .integer).notNull()
            t.column("host", .text).notNull()
            t.column("tool_version", .text).notNull()
            t.column("measured_at", .datetime).notNull()
        }
        try db.create(index: "timings_by_benchmark", on: "timings", columns: ["benchmark"])
    }

    /// Per-step metrics keyed by a small integer per run instead of the 64-character run key.
    ///
    /// Why: a run writes one row per training step (2000 by default), and the key text made up
    /// about half of every row, so the database of a reproduction was twice the size it needs to
    /// be. `run_numbers` gives each run with step metrics a number (existing rows are numbered in
    /// run-key order, so the migration is deterministic); the rows are copied unchanged. The view
    /// `step_metrics_by_key` shows them with their run key, for SQL by hand.
    private static func keyStepMetricsByRunNumber(_ db: Database) throws {
        try db.create(table: "run_numbers") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("run_key", .text).notNull().unique().references("runs", onDelete: .cascade)
        }
        try db.execute(sql: "INSERT INTO run_numbers (run_key) SELECT DISTINCT run_key FROM step_metrics ORDER BY run_key")
        try db.create(table: "step_metrics_by_number", options: .withoutRowID) { t in
            t.column("run_number", .integer).notNull().references("run_numbers", onDelete: .cascade)
            t.column("step", .integer).notNull()
            t.column("train_loss", .double).notNull()
            t.column("learning_rate", .double).notNull()
            t.column("a_norm", .double).notNull()
            t.column("b_norm", .double).notNull()
            t.column("a_update_ratio", .double)
            t.column("b_update_ratio", .double)
            t.primaryKey(["run_number", "step"])
        }
        try db.execute(sql: """
            INSERT INTO step_metrics_by_number
                (run_number, step, train_loss, learning_rate, a_norm, b_norm, a_update_ratio, b_update_ratio)
            SELECT n.id, s.step, s.train_loss, s.learning_rate, s.a_norm, s.b_norm, s.a_update_ratio, s.b_update_ratio
            FROM step_metrics s JOIN run_numbers n ON n.run_key = s.run_key
            ORDER BY n.id, s.step
            """)
        try db.drop(table: "step_metrics")
        try db.rename(table: "step_metrics_by_number", to: "step_metrics")
        try db.execute(sql: """
            CREATE VIEW step_metrics_by_key AS
            SELECT n.run_key, s.step, s.train_loss, s.learning_rate, s.a_norm, s.b_norm, s.a_update_ratio, s.b_update_ratio
            FROM step_metrics s JOIN run_numbers n ON n.id = s.run_number
            """)
    }

    /// Admits the status `did-not-learn` (a run that trained to its end without lowering its loss;
    /// see the Training target's `OutcomeRule`). SQLite cannot change a CHECK constraint in place, so
    /// the runs table is rebuilt with the same columns and rows; the migrator runs this with foreign
    /// keys off and checks them after, so the tables that reference runs keep their rows.
    private static func allowDidNotLearnStatus(_ db: Database) throws {
        let columns = try db.columns(in: "runs").map(\.name)
        try db.create(table: "runs_v5") { t in
            t.primaryKey("key", .text)
            t.column("experiment", .text).notNull()
            t.column("config_json", .text).notNull()
            t.column("preset", .text).notNull()
            t.column("task", .text).notNull()
            t.column("optimizer", .text).notNull()
            t.column("rank", .integer).notNull()
            t.column("learning_rate", .double).notNull()
            t.column("seed", .integer).notNull()
            t.column("steps", .integer).notNull()
            t.column("status", .text).notNull()
                .check(sql: "status IN ('pending', 'running', 'done', 'failed', 'diverged', 'did-not-learn')")
            t.column("worker_id", .text)
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("last_step", .integer).notNull().defaults(to: 0)
            t.column("created_at", .datetime).notNull()
            t.column("started_at", .datetime)
            t.column("finished_at", .datetime)
            t.column("wall_seconds", .double)
            t.column("steps_per_second", .double)
            t.column("git_commit", .text)
            t.column("tool_version", .text)
            t.column("host", .text)
            t.column("error_text", .text)
            t.column("diverged_step", .integer)
        }
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try db.execute(sql: "INSERT INTO runs_v5 (\(list)) SELECT \(list) FROM runs ORDER BY key")
        try db.drop(table: "runs")
        try db.rename(table: "runs_v5", to: "runs")
        try db.create(index: "runs_by_status", on: "runs", columns: ["status"])
    }

    /// Which sweep started each worker, and how many times a run's worker crashed while running it.
    ///
    /// Why: a run left `running` by a dead worker used to be charged one attempt whatever killed
    /// the worker, so three interruptions of a sweep (kill -9, Ctrl-C, preemption) while the same
    /// run was in progress failed that run for good. A worker that died while its sweep is alive
    /// crashed on its own (the run's fault); one that died with its sweep was killed from outside.
    /// The sweep's pid and start token tell the two apart later. Crashes are counted in their own
    /// table rather than a new column of `runs`, so this migration never rebuilds `runs`.
    private static func addWorkerSweepsAndRunCrashes(_ db: Database) throws {
        try db.alter(table: "workers") { t in
            t.add(column: "sweep_pid", .integer)
            t.add(column: "sweep_start", .text)
        }
        try db.create(table: "run_crashes") { t in
            t.primaryKey("run_key", .text).references("runs", onDelete: .cascade)
            t.column("crashes", .integer).notNull()
            t.column("last_evidence", .text).notNull()
        }
    }

    /// The transformation-invariance measurements of claim C1 (`rite-repro claims`): one row per
    /// optimizer, problem and reparameterisation, with the numerics version they were measured under.
    /// A table of its own rather than rows of `timings`: these are not times, and a measurement that
    /// failed has an error text instead of a number.
    private static func createInvarianceChecks(_ db: Database) throws {
        try db.create(table: "invariance_checks") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("optimizer", .text).notNull()
            t.column("settings", .text).notNull()
            t.column("learning_rate", .double).notNull()
            t.column("transform", .text).notNull().check(sql: "transform IN ('general', 'scalar')")
            t.column("transform_parameter", .double).notNull()
            t.column("problem_seed", .integer).notNull()
            t.column("steps", .integer).notNull()
            t.column("discrepancy", .double)
            t.column("movement", .double).notNull()
            t.column("failure", .text)
            t.column("numerics_version", .integer).notNull()
            t.column("tool_version", .text).notNull()
            t.column("measured_at", .datetime).notNull()
        }
    }

    /// What a timing was measured with: the BLAS library and kernels, the build of rite-repro, and
    /// the workload (for the training-step benchmark of Table 4: whose batches). Earlier rows have
    /// none of the three (NULL).
    private static func describeTrainingStepBenchmarks(_ db: Database) throws {
        try db.alter(table: "timings") { t in
            t.add(column: "blas", .text)
            t.add(column: "build", .text)
            t.add(column: "workload", .text)
        }
    }

    /// Per-round rows of benchmarks measured in rounds (NULL: a recorded median, as every earlier row).
    private static func addTimingRounds(_ db: Database) throws {
        try db.alter(table: "timings") { t in
            t.add(column: "round", .integer)
        }
    }
}
