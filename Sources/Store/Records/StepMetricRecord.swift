internal import GRDB

/// A row of `step_metrics`; `runNumber` is the run's id in `run_numbers`.
struct StepMetricRecord: SnakeCaseRecord {
    static let databaseTableName = "step_metrics"
    var runNumber: Int64
    var step: Int
    var trainLoss: Double
    var learningRate: Double
    var aNorm: Double
    var bNorm: Double
    var aUpdateRatio: Double?
    var bUpdateRatio: Double?

    init(runNumber: Int64, _ metric: StepMetric) {
        self.runNumber = runNumber
        step = metric.step
        trainLoss = metric.trainLoss
        learningRate = metric.learningRate
        aNorm = metric.aNorm
        bNorm = metric.bNorm
        aUpdateRatio = metric.aUpdateRatio
        bUpdateRatio = metric.bUpdateRatio
    }

    /// A run's rows in step order.
    static func rows(of runKey: String, in db: Database) throws -> [StepMetricRecord] {
        guard let number = try RunNumberRecord.number(of: runKey, in: db) else { return [] }
        return try filter(Column("run_number") == number).order(Column("step")).fetchAll(db)
    }

    var metric: StepMetric {
        StepMetric(step: step, trainLoss: trainLoss, learningRate: learningRate, aNorm: aNorm, bNorm: bNorm,
                   aUpdateRatio: aUpdateRatio, bUpdateRatio: bUpdateRatio)
    }
}
