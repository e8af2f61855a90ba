import Foundation
@testable import Report
import RiteCore
@testable import Store
import Testing

/// The figures are the same, byte for byte, whether a run's per-step metrics are read from the
/// per-step rows a version-5 store holds or from the step series the v6 migration packs them into.
@Suite struct StoreFormFigureTests {
    /// (experiment, task, selection metric) behind the four figures.
    static let experiments = [("quick-benchmarks-tiny", "openbookqa-style", "acc_norm"), ("quick-sni-tiny", "sni-global", "exact_match")]
    static let optimizers = ["adam", "lora-rite"]
    static let rates = [1e-4, 2e-4]
    static let steps = 120

    struct Run {
        let number: Int
        let experiment: String, task: String, metric: String, optimizer: String
        let rate: Double
        let seed: Int
        var key: String { String(format: "%064x", number) }
    }

    static var runs: [Run] {
        var runs: [Run] = []
        for (experiment, task, metric) in experiments {
            for optimizer in optimizers {
                for rate in rates {
                    for seed in 0 ..< 2 {
                        runs.append(Run(number: runs.count + 1, experiment: experiment, task: task, metric: metric,
                                        optimizer: optimizer, rate: rate, seed: seed))
                    }
                }
            }
        }
        return runs
    }

    /// Float64 values as a run writes them (none of them a Float32 value but the zeros), with the
    /// first step's missing ratio of B and zero ratio of A.
    static func metric(_ run: Run, step: Int) -> StepMetric {
        let s = Double(step), r = Double(run.number)
        return StepMetric(step: step, trainLoss: 2.5 * exp(-s / 40) + 0.5 + 0.01 * r + 1e-9 * s,
                          learningRate: run.rate * Double(step - 1) / Double(steps), aNorm: 6.5 + 0.1 * s + 0.01 * r,
                          bNorm: 0.015 * (s - 1) * (1 + 0.1 * Double(run.seed)), aUpdateRatio: step == 1 ? 0 : 0.8 / s + 1e-3 * r,
                          bUpdateRatio: step == 1 ? nil : 0.6 / s * (1 + 0.1 * Double(run.seed)))
    }

    /// Experiments, runs, members and scores: Adam is best at 1e-4, LoRA-RITE at 2e-4.
    static func runsSQL() -> String {
        var sql = ""
        for (experiment, _, _) in experiments {
            sql += "INSERT INTO experiments (name, spec_text, spec_sha256, source_path, updated_at) "
                + "VALUES ('\(experiment)', 'name: \(experiment)', 'h', 'x.yaml', '2025-01-01 00:00:00.000');\n"
        }
        for run in runs {
            let score = (run.optimizer == "adam") == (run.rate == 1e-4) ? 0.6 : 0.4
            sql += """
                INSERT INTO runs (key, experiment, config_json, preset, task, optimizer, rank, learning_rate, seed, steps, status,
                                  attempts, last_step, created_at, steps_per_second)
                VALUES ('\(run.key)', '\(run.experiment)', '{}', 'tiny', '\(run.task)', '\(run.optimizer)', 16, \(run.rate),
                        \(run.seed), \(steps), 'done', 1, \(steps), '2025-01-01 00:00:00.000', 2);
                INSERT INTO experiment_runs (experiment, run_key, ordinal, phase) VALUES ('\(run.experiment)', '\(run.key)', \(run.number), 1);
                INSERT INTO final_scores VALUES ('\(run.key)', 'dev', '\(run.metric)', \(score)), ('\(run.key)', 'test', '\(run.metric)', \(score));

                """
        }
        return sql
    }

    /// The runs' per-step rows, as `step_metrics` holds them in version 5 (and for runs in progress).
    static func stepRowsSQL() -> String {
        var sql = ""
        for run in runs {
            sql += "INSERT INTO run_numbers (id, run_key) VALUES (\(run.number), '\(run.key)');\n"
            for step in 1 ... steps {
                let m = metric(run, step: step)
                func text(_ value: Double?) -> String { value.map { "\($0)" } ?? "NULL" }
                sql += "INSERT INTO step_metrics VALUES (\(run.number), \(step), \(text(m.trainLoss)), \(text(m.learningRate)), "
                    + "\(text(m.aNorm)), \(text(m.bNorm)), \(text(m.aUpdateRatio)), \(text(m.bUpdateRatio)));\n"
            }
        }
        return sql
    }

    static func figures(_ store: ResultStore) throws -> [RenderedFigure] {
        let writer = ReportWriter(store: store, profile: "quick", folder: "unused")
        return try ReportFigure.allCases.map { try writer.figure($0) }
    }

    static func count(_ store: ResultStore, _ table: String) throws -> String {
        try store.rows(sql: "SELECT count(*) FROM \(table)")[0]
    }

    @Test func figuresFromAVersion5StoreAndFromItsMigrationAreIdentical() throws {
        let folder = Self.temporaryFolder()
        // The rows of a version-5 file, read as rows: a current store whose runs were never packed.
        let rows = try ResultStore(path: folder + "/rows.sqlite")
        try rows.execute(sql: Self.runsSQL() + Self.stepRowsSQL())
        #expect(try Self.count(rows, "step_metrics") == "\(Self.runs.count * Self.steps)" && Self.count(rows, "step_series") == "0")
        // The same rows in a version-5 file, migrated: every run packed into its series.
        try ResultStore.createOldSchemaFile(path: folder + "/v5.sqlite", upTo: "v5-did-not-learn-status")
        try ResultStore(unmigratedPath: folder + "/v5.sqlite").execute(sql: Self.runsSQL() + Self.stepRowsSQL())
        let migrated = try ResultStore(path: folder + "/v5.sqlite")
        #expect(try Self.count(migrated, "step_metrics") == "0" && Self.count(migrated, "step_series") == "\(Self.runs.count)")

        let fromRows = try Self.figures(rows), fromSeries = try Self.figures(migrated)
        #expect(fromRows.count == 4)
        for (name, (old, new)) in zip(ReportFigure.allCases, zip(fromRows, fromSeries)) {
            #expect(old.svg == new.svg, "\(name): the SVG differs")
            #expect(old.caption == new.caption, "\(name): the caption differs")
            #expect(old.caption.contains("Adam lr 1e-4, 2 seeds plotted; LoRA-RITE lr 2e-4, 2 seeds plotted"), "\(name): \(old.caption)")
        }
    }

    /// The fixture is one where the precision shows: the same curves in Float64, unrounded, give
    /// other figures. (So the test above fails if one path rounds and the other does not.)
    @Test func float64CurvesWouldGiveOtherFigures() throws {
        let path = Self.temporaryFolder() + "/rows.sqlite"
        let store = try ResultStore(path: path)
        try store.execute(sql: Self.runsSQL() + Self.stepRowsSQL())
        let (results, _) = try StoreReader(store: store).results(experiments: Self.experiments.map(\.0))
        var curves: [StepSeries] = []
        for run in Self.runs {
            let metrics = (1 ... Self.steps).map { Self.metric(run, step: $0) }
            func curve(_ name: CurveMetric, _ value: (StepMetric) -> Double?) -> StepSeries {
                StepSeries(runKey: run.key, metric: name, points: metrics.compactMap { m in value(m).map { CurvePoint(step: m.step, value: $0) } })
            }
            curves += [curve(.trainLoss) { $0.trainLoss }, curve(.normA) { $0.aNorm }, curve(.normB) { $0.bNorm },
                       curve(.updateRatioA) { $0.aUpdateRatio }, curve(.updateRatioB) { $0.bUpdateRatio }]
        }
        let stored = try Self.figures(store)
        for (index, name) in ReportFigure.allCases.enumerated() {
            let unrounded = try ReportBuilder.figure(name, results: results, curves: curves)
            #expect(unrounded.caption != stored[index].caption, "\(name): the input digest covers every curve value")
        }
    }

    static func temporaryFolder() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}
