import RiteCore

internal import GRDB

/// A row of `evaluations`.
struct EvaluationRecord: SnakeCaseRecord {
    static let databaseTableName = "evaluations"
    var runKey: String
    var step: Int
    var split: String
    var metric: String
    var value: Double

    init(runKey: String, _ evaluation: Evaluation) {
        self.runKey = runKey
        step = evaluation.step
        split = evaluation.split
        metric = evaluation.metric
        value = evaluation.value
    }

    var evaluation: Evaluation { Evaluation(step: step, split: split, metric: metric, value: value) }
}
