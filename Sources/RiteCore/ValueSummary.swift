/// How many numbers were seen, their smallest, largest and mean, kept without the numbers: the
/// compact form of a quantity an optimizer reports at every step (Lamb's trust ratios, LoRA-RITE's
/// internal gradient norm), for a step or a whole run.
///
/// The mean is updated incrementally (`mean += (x - mean) / count`), so a summary read back from
/// the store equals the one written. A NaN makes the mean NaN; `minimum` and `maximum` follow
/// `Swift.min`/`Swift.max`, which ignore a NaN that is not the first value.
public struct ValueSummary: Sendable, Equatable {
    public private(set) var count: Int
    public private(set) var minimum: Double
    public private(set) var maximum: Double
    public private(set) var mean: Double

    /// The summary of one number.
    public init(_ value: Double) {
        count = 1
        minimum = value
        maximum = value
        mean = value
    }

    /// A summary as stored; `count` must be at least 1.
    public init(count: Int, minimum: Double, maximum: Double, mean: Double) {
        precondition(count >= 1, "ValueSummary: count must be at least 1, got \(count)")
        self.count = count
        self.minimum = minimum
        self.maximum = maximum
        self.mean = mean
    }

    /// Adds one number.
    public mutating func add(_ value: Double) {
        count += 1
        minimum = Swift.min(minimum, value)
        maximum = Swift.max(maximum, value)
        mean += (value - mean) / Double(count)
    }

    /// Adds every number `other` summarises (its mean weighted by its count).
    public mutating func merge(_ other: ValueSummary) {
        let total = count + other.count
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
        mean += (other.mean - mean) * (Double(other.count) / Double(total))
        count = total
    }

    /// `summary` merged into `existing`, or `summary` when there is none yet.
    public static func merging(_ summary: ValueSummary?, into existing: ValueSummary?) -> ValueSummary? {
        guard var merged = existing else { return summary }
        if let summary { merged.merge(summary) }
        return merged
    }
}
