import RiteCore

/// Why a table or figure cannot be computed from its input.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// Two runs share preset, task, rank, optimizer, learning rate and seed.
    case duplicateRun(firstKey: String, secondKey: String, configuration: String)
    /// A finished run lacks a score the table needs.
    case missingScore(runKey: String, split: Split, metric: String)
    /// A task has no scoring settings.
    case unknownTask(String)
    /// Two curves of the same run and quantity.
    case duplicateCurve(runKey: String, metric: CurveMetric)
    /// A cost measurement that cannot be fitted.
    case invalidMeasurement(index: Int, reason: String)

    public var description: String {
        switch self {
        case let .duplicateRun(first, second, configuration):
            return "runs \(first) and \(second) have the same configuration (\(configuration)); "
                + "pass the runs of one experiment, or of experiments that do not overlap"
        case let .missingScore(runKey, split, metric):
            return "run \(runKey) is done but has no \(split.rawValue) score for metric \"\(metric)\""
        case let .unknownTask(task):
            return "task \"\(task)\" has no scoring settings (selection split and metric); add a TaskScoring for it"
        case let .duplicateCurve(runKey, metric):
            return "run \(runKey) has two curves of \(metric.rawValue)"
        case let .invalidMeasurement(index, reason):
            return "cost measurement \(index): \(reason)"
        }
    }
}
