internal import GRDB

/// A row of `pair_metrics`.
struct PairMetricRecord: SnakeCaseRecord {
    static let databaseTableName = "pair_metrics"
    var runKey: String
    var step: Int
    var pair: String
    var aNorm: Double
    var bNorm: Double
    var aUpdateNorm: Double
    var bUpdateNorm: Double

    init(runKey: String, _ metric: PairMetric) {
        self.runKey = runKey
        step = metric.step
        pair = metric.pair
        aNorm = metric.aNorm
        bNorm = metric.bNorm
        aUpdateNorm = metric.aUpdateNorm
        bUpdateNorm = metric.bUpdateNorm
    }

    var metric: PairMetric {
        PairMetric(step: step, pair: pair, aNorm: aNorm, bNorm: bNorm, aUpdateNorm: aUpdateNorm, bUpdateNorm: bUpdateNorm)
    }
}
