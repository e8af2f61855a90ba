import RiteCore

internal import GRDB

/// A row of `step_metrics`; `runNumber` is the run's id in `run_numbers`. A run in progress writes
/// these rows; when it finishes they are packed into its `step_series` row (`StepMetricStorage`).
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

    /// Decoded by column name, not through Codable: packing and the v6 migration read rows by the
    /// million, and the keyed decoder's snake-case conversion of every column name of every row was
    /// most of the migration's time (the committed store's took 39 s with it, 5 s without).
    init(row: Row) throws {
        runNumber = try row.decode(Int64.self, forColumn: "run_number")
        step = try row.decode(Int.self, forColumn: "step")
        trainLoss = try row.decode(Double.self, forColumn: "train_loss")
        learningRate = try row.decode(Double.self, forColumn: "learning_rate")
        aNorm = try row.decode(Double.self, forColumn: "a_norm")
        bNorm = try row.decode(Double.self, forColumn: "b_norm")
        aUpdateRatio = try row.decode(Double?.self, forColumn: "a_update_ratio")
        bUpdateRatio = try row.decode(Double?.self, forColumn: "b_update_ratio")
    }

    /// The row's metric as written, in Float64.
    var metric: StepMetric {
        StepMetric(step: step, trainLoss: trainLoss, learningRate: learningRate, aNorm: aNorm, bNorm: bNorm,
                   aUpdateRatio: aUpdateRatio, bUpdateRatio: bUpdateRatio)
    }
}
