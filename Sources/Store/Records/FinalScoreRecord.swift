import RiteCore

internal import GRDB

/// A row of `final_scores`.
struct FinalScoreRecord: SnakeCaseRecord {
    static let databaseTableName = "final_scores"
    var runKey: String
    var split: String
    var metric: String
    var value: Double

    init(runKey: String, _ score: FinalScore) {
        self.runKey = runKey
        split = score.split
        metric = score.metric
        value = score.value
    }

    var score: FinalScore { FinalScore(split: split, metric: metric, value: value) }
}
