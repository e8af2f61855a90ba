import Foundation
import RiteCore
internal import GRDB

/// What a merge did.
public struct MergeReport: Sendable, Equatable {
    /// Runs that were not in the output database.
    public var added = 0
    /// Runs the output had in a lesser state (pending, running, failed, diverged, did-not-learn) than the input.
    public var replaced = 0
    /// Runs both had with the same final scores, or where the output's state was the better one.
    public var unchanged = 0
    /// Runs both had done with different final scores: the output's are kept.
    public var conflicts: [MergeConflict] = []
    /// Experiments whose spec text differs between the two (the output's is kept).
    public var specConflicts: [String] = []

    public init() {}
}

/// Two done results for the same run key that disagree.
public struct MergeConflict: Sendable, Equatable {
    public var runKey: String
    public var kept: [FinalScore]
    public var ignored: [FinalScore]
}

extension ResultStore {
    /// Merges another database into this one, in one transaction, without duplicates: runs are
    /// matched by key. For a key both hold, the better state wins (done > did-not-learn > diverged >
    /// failed > pending or running) together with all its metrics; two done results with different final
    /// scores are reported as conflicts and this database's result is kept (an equal result without an
    /// optimizer report takes the input's). A run still `running`
    /// in the input is copied as `pending`. Experiments, memberships, workers and base checkpoints
    /// are copied when missing.
    public func merge(from source: ResultStore) throws -> MergeReport {
        let sameFile = URL(fileURLWithPath: source.path).standardizedFileURL.path
            == URL(fileURLWithPath: path).standardizedFileURL.path
        if sameFile { throw StoreError.corrupt("cannot merge \(path) into itself") }
        return try source.pool.read { input in
            try writeImmediately { output in try Self.merge(input, into: output) }
        }
    }

    private static func merge(_ input: Database, into output: Database) throws -> MergeReport {
        var report = MergeReport()
        for experiment in try ExperimentRecord.fetchAll(input) {
            if let existing = try ExperimentRecord.fetchOne(output, key: experiment.name) {
                if existing.specSha256 != experiment.specSha256 { report.specConflicts.append(experiment.name) }
            } else {
                try experiment.insert(output)
            }
        }
        for worker in try WorkerRecord.fetchAll(input) where try !worker.exists(output) { try worker.insert(output) }
        for checkpoint in try BaseCheckpointRecord.fetchAll(input) {
            let exists = try BaseCheckpointRecord
                .filter(Column("preset") == checkpoint.preset && Column("corpus_version") == checkpoint.corpusVersion
                    && Column("sha256") == checkpoint.sha256)
                .fetchCount(output) > 0
            if !exists {
                var copy = checkpoint
                copy.id = nil
                try copy.insert(output)
            }
        }
        for var run in try RunRecord.order(Column("key")).fetchAll(input) {
            if run.status == RunStatus.running.rawValue {
                run.status = RunStatus.pending.rawValue
                run.workerId = nil
            }
            if let existing = try RunRecord.fetchOne(output, key: run.key) {
                let incoming = mergeRank(run.status), present = mergeRank(existing.status)
                if incoming > present {
                    try run.update(output)
                    try deleteResults(output, runKey: run.key)
                    try copyResults(of: run.key, from: input, to: output, includeMetrics: true)
                    report.replaced += 1
                } else if incoming == present && RunStatus(rawValue: run.status)?.hasScores == true {
                    let kept = try scores(of: run.key, in: output), ignored = try scores(of: run.key, in: input)
                    if kept == ignored {
                        // The same result; an output written before optimizer reports were kept takes the input's.
                        try copyOptimizerReportIfMissing(of: run.key, from: input, to: output)
                        report.unchanged += 1
                    } else {
                        report.conflicts.append(MergeConflict(runKey: run.key, kept: kept, ignored: ignored))
                    }
                } else {
                    report.unchanged += 1
                }
            } else {
                try run.insert(output)
                try copyResults(of: run.key, from: input, to: output, includeMetrics: run.status != RunStatus.pending.rawValue)
                report.added += 1
            }
        }
        for member in try ExperimentRunRecord.fetchAll(input) where try !member.exists(output) {
            try member.insert(output)
        }
        return report
    }

    private static func mergeRank(_ status: String) -> Int {
        switch RunStatus(rawValue: status) {
        case .done: 4
        case .didNotLearn: 3
        case .diverged: 2
        case .failed: 1
        default: 0
        }
    }

    private static func scores(of key: String, in db: Database) throws -> [FinalScore] {
        try FinalScoreRecord.filter(Column("run_key") == key).order(Column("split"), Column("metric")).fetchAll(db).map(\.score)
    }

    private static func copyResults(of key: String, from input: Database, to output: Database, includeMetrics: Bool) throws {
        guard includeMetrics else { return }
        let steps = try StepMetricStorage.metrics(of: key, in: input)
        if !steps.isEmpty {
            // Run numbers are local to a file: the series takes the output file's number for the key.
            let number = try RunNumberRecord.numberCreating(for: key, in: output)
            try StepMetricStorage.write(steps, number: number, in: output)
        }
        for row in try PairMetricRecord.filter(Column("run_key") == key).fetchAll(input) { try row.insert(output) }
        for row in try EvaluationRecord.filter(Column("run_key") == key).fetchAll(input) { try row.insert(output) }
        for row in try FinalScoreRecord.filter(Column("run_key") == key).fetchAll(input) { try row.insert(output) }
        try copyOptimizerReportIfMissing(of: key, from: input, to: output)
    }

    private static func copyOptimizerReportIfMissing(of key: String, from input: Database, to output: Database) throws {
        guard try OptimizerReportRecord.fetchOne(output, key: key) == nil,
              let row = try OptimizerReportRecord.fetchOne(input, key: key) else { return }
        try row.insert(output)
    }
}
