/// Why the claims cannot be computed from their input (as opposed to a claim that lacks runs, which is a
/// verdict of its own).
public enum ClaimError: Error, Equatable, CustomStringConvertible {
    /// A statistic gave NaN or infinity, so no interval can be read off it.
    case nonFiniteStatistic(where: String)
    /// A run the claim needs has a curve that cannot give the quantity (missing, empty, or not positive where a ratio is taken).
    case unusableCurve(runKey: String, metric: CurveMetric, reason: String)
    /// A step-time round with a time that is not a finite positive number.
    case invalidStepTime(round: String, reason: String)

    public var description: String {
        switch self {
        case let .nonFiniteStatistic(place):
            return "a claim's statistic is not finite on \(place)"
        case let .unusableCurve(runKey, metric, reason):
            return "run \(runKey): curve \(metric.rawValue) \(reason)"
        case let .invalidStepTime(round, reason):
            return "step-time round \(round): \(reason)"
        }
    }
}
