// Exports of an experiment for data-frame libraries: one row per run (its configuration, status,
// whether its rate is the selected one, and its final scores), or one row per training step of
// every run (its curves). CSV with a header line, or JSON Lines with the same keys in the same
// order; each is one table, read in one call. The columns are listed in the README ("Reports").
import RiteCore

/// The formats of an export.
public enum ExperimentExportFormat: String, Sendable, CaseIterable {
    case csv, jsonl
}

public enum ExperimentExport {
    /// The leading columns of both exports, in order.
    public static let runColumns = ["experiment", "run_key", "preset", "task", "optimizer", "rank", "learning_rate", "seed",
                                    "status"]
    /// After `runColumns` in the run export; then `dev_<metric>` and `test_<metric>` for every metric
    /// any run recorded (fractions in [0, 1]).
    public static let runSummaryColumns = ["selected", "steps_per_second"]
    /// After `runColumns` in the curve export.
    public static let curveColumns = ["step"] + CurveMetric.allCases.map(\.rawValue)

    /// One row per run, in the experiments' grid order.
    public static func runs(_ input: ExperimentInput, format: ExperimentExportFormat) throws -> String {
        guard !input.results.isEmpty else { throw ExperimentReportError.noRuns(experiments: input.experiments) }
        let selections = try LearningRateSelector.selectAll(input.results, scoring: try input.scoring().scoring)
        var metrics = Set<String>()
        for run in input.results { metrics.formUnion(run.devScores.keys); metrics.formUnion(run.testScores.keys) }
        let ordered = metrics.map(ExperimentTableBuilder.metricValue).sorted().map(\.raw)
        let scoreColumns = ordered.flatMap { ["dev_\($0)", "test_\($0)"] }
        var rows: [[Value]] = []
        for run in input.results {
            let selected = selections[RunGroupKey(run)]?.selected?.learningRate
            var row = leading(run)
            row.append(.flag(selected == run.learningRate))
            row.append(run.stepsPerSecond.map(Value.number) ?? .missing)
            for metric in ordered {
                row.append(run.devScores[metric].map(Value.number) ?? .missing)
                row.append(run.testScores[metric].map(Value.number) ?? .missing)
            }
            rows.append(row)
        }
        return write(columns: runColumns + runSummaryColumns + scoreColumns, rows: rows, format: format)
    }

    /// One row per recorded step of every run that has curves, runs in grid order, steps ascending;
    /// a quantity not recorded at a step (an update ratio while ||A|| is 0) is missing.
    public static func curves(_ input: ExperimentInput, curves: [StepSeries], format: ExperimentExportFormat) throws -> String {
        guard !input.results.isEmpty else { throw ExperimentReportError.noRuns(experiments: input.experiments) }
        var byRun: [String: [CurveMetric: [Int: Double]]] = [:]
        for curve in curves {
            if byRun[curve.runKey]?[curve.metric] != nil { throw ReportError.duplicateCurve(runKey: curve.runKey, metric: curve.metric) }
            byRun[curve.runKey, default: [:]][curve.metric] = Dictionary(curve.points.map { ($0.step, $0.value) }) { first, _ in first }
        }
        var rows: [[Value]] = []
        for run in input.results {
            guard let series = byRun[run.runKey] else { continue }
            let steps = Set(series.values.flatMap(\.keys)).sorted()
            for step in steps {
                rows.append(leading(run) + [.integer(step)] + CurveMetric.allCases.map { metric in
                    series[metric]?[step].map(Value.number) ?? .missing
                })
            }
        }
        return write(columns: runColumns + curveColumns, rows: rows, format: format)
    }

    /// One field of a row.
    enum Value {
        case text(String), integer(Int), number(Double), flag(Bool), missing

        var csv: String {
            switch self {
            case let .text(text): return CSVText.field(text)
            case let .integer(value): return String(value)
            case let .number(value): return CSVText.number(value)
            case let .flag(value): return value ? "true" : "false"
            case .missing: return ""
            }
        }

        var json: String {
            switch self {
            case let .text(text): return CanonicalJSON.stringLiteral(text)
            case let .integer(value): return String(value)
            case let .number(value): return value.isFinite ? value.description : "null"
            case let .flag(value): return value ? "true" : "false"
            case .missing: return "null"
            }
        }
    }

    static func leading(_ run: RunResult) -> [Value] {
        [.text(run.experiment), .text(run.runKey), .text(run.preset), .text(run.task), .text(run.optimizer),
         .integer(run.rank), .number(run.learningRate), .integer(run.seed), .text(run.status.rawValue)]
    }

    static func write(columns: [String], rows: [[Value]], format: ExperimentExportFormat) -> String {
        switch format {
        case .csv:
            return ([CSVText.line(columns)] + rows.map { $0.map(\.csv).joined(separator: ",") }).map { $0 + "\n" }.joined()
        case .jsonl:
            let keys = columns.map(CanonicalJSON.stringLiteral)
            return rows.map { row in
                "{" + zip(keys, row).map { "\($0):\($1.json)" }.joined(separator: ",") + "}\n"
            }.joined()
        }
    }
}
