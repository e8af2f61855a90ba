internal import GRDB

/// A row of `step_metrics`.
struct StepMetricRecord: SnakeCaseRecord {
    static let databaseTableName = "step_metrics"
    var runKey: String
    var step: Int
    var trainLoss: Double
    var learningRate: Double
    var aNorm: Double
    var bNorm: Double
    var aUpdateRatio: Double?
    var bUpdateRatio: Double?

    init(runKey: String, _ metric: StepMetric) {
        self.runKey = runKey
        step = metric.step
        trainLoss = metric.trainLoss
        learningRate = metric.learningRate
        aNorm = metric.aNorm
        bNorm = metric.bNorm
        aUpdateRatio = metric.aUpdateRatio
        bUpdateRatio = metric.bUpdateRatio
    }

    var metric: StepMetric {
        StepMetric(step: step, trainLoss: trainLoss, learningRate: learningRate, aNorm: aNorm, bNorm: bNorm,
                   aUpdateRatio: aUpdateRatio, bUpdateRatio: bUpdateRatio)
    }
}
