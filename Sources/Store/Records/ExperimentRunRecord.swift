internal import GRDB

/// A row of `experiment_runs`: run `runKey` belongs to `experiment` at grid position `ordinal`.
struct ExperimentRunRecord: SnakeCaseRecord {
    static let databaseTableName = "experiment_runs"
    var experiment: String
    var runKey: String
    var ordinal: Int
    var phase: Int
}
