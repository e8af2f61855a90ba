import Foundation
import RiteCore
internal import GRDB

/// A row of `step_series`: every per-step metric of one run, one compressed blob per series
/// (`SeriesCodec`), instead of one `step_metrics` row per step.
///
/// Steps are 32-bit integers; the learning rate is kept as Float64 bit for bit; the training loss,
/// the norms and the update ratios as Float32 (the loss is computed in Float, so it is exact; a norm
/// or ratio loses at most 6e-8 of itself). A missing ratio (its norm is zero) is stored as NaN and
/// read back as missing, as SQLite itself turns a NaN into NULL in a `step_metrics` row.
struct StepSeriesRecord: SnakeCaseRecord {
    static let databaseTableName = "step_series"
    var runNumber: Int64
    /// How many steps the blobs hold (for SQL by hand; the blobs carry their own counts).
    var stepCount: Int
    var steps: Data
    var trainLoss: Data
    var learningRate: Data
    var aNorm: Data
    var bNorm: Data
    var aUpdateRatio: Data
    var bUpdateRatio: Data

    /// The bit pattern a missing ratio is stored as: the one quiet NaN, so equal series give equal blobs.
    static let missing = Float.nan.bitPattern

    init(runNumber: Int64, _ metrics: [StepMetric]) throws {
        self.runNumber = runNumber
        stepCount = metrics.count
        steps = try SeriesCodec.encode(metrics.map { metric -> UInt32 in
            guard let step = Int32(exactly: metric.step) else { throw StoreError.cannotStore("step \(metric.step) is beyond 32 bits") }
            return UInt32(bitPattern: step)
        })
        func single(_ value: Double?) -> UInt32 {
            guard let value, !value.isNaN else { return Self.missing }
            return Float(value).bitPattern
        }
        trainLoss = try SeriesCodec.encode(metrics.map { single($0.trainLoss) })
        learningRate = try SeriesCodec.encode(metrics.map(\.learningRate.bitPattern))
        aNorm = try SeriesCodec.encode(metrics.map { single($0.aNorm) })
        bNorm = try SeriesCodec.encode(metrics.map { single($0.bNorm) })
        aUpdateRatio = try SeriesCodec.encode(metrics.map { single($0.aUpdateRatio) })
        bUpdateRatio = try SeriesCodec.encode(metrics.map { single($0.bUpdateRatio) })
    }

    /// The run's metrics in step order, in the precision they are stored in.
    func metrics() throws -> [StepMetric] {
        let steps = try SeriesCodec.decode(steps, as: UInt32.self)
        let rates = try SeriesCodec.decode(learningRate, as: UInt64.self)
        let columns = try [trainLoss, aNorm, bNorm, aUpdateRatio, bUpdateRatio].map { try SeriesCodec.decode($0, as: UInt32.self) }
        guard steps.count == stepCount, rates.count == stepCount, columns.allSatisfy({ $0.count == stepCount }) else {
            throw StoreError.corrupt("the step series of run number \(runNumber) do not all hold \(stepCount) steps")
        }
        func value(_ column: Int, _ index: Int) -> Double { Double(Float(bitPattern: columns[column][index])) }
        func ratio(_ column: Int, _ index: Int) -> Double? { value(column, index).isNaN ? nil : value(column, index) }
        return steps.indices.map { index in
            StepMetric(step: Int(Int32(bitPattern: steps[index])), trainLoss: value(0, index),
                       learningRate: Double(bitPattern: rates[index]), aNorm: value(1, index), bNorm: value(2, index),
                       aUpdateRatio: ratio(3, index), bUpdateRatio: ratio(4, index))
        }
    }
}

extension StepMetric {
    /// The metric as `step_series` holds it: the loss, norms and ratios rounded to Float32, a NaN
    /// ratio missing, the learning rate unchanged. Rows of `step_metrics` (Float64) are read through
    /// it too, so a run reads the same before and after its rows are packed into a series.
    var inStoredPrecision: StepMetric {
        func single(_ value: Double) -> Double { Double(Float(value)) }
        func ratio(_ value: Double?) -> Double? { value.flatMap { $0.isNaN ? nil : single($0) } }
        return StepMetric(step: step, trainLoss: single(trainLoss), learningRate: learningRate, aNorm: single(aNorm),
                          bNorm: single(bNorm), aUpdateRatio: ratio(aUpdateRatio), bUpdateRatio: ratio(bUpdateRatio))
    }
}
