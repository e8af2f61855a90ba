/// A point estimate with a two-sided interval at `level` (0.95 everywhere in the claims).
public struct ConfidenceInterval: Sendable, Equatable {
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    public var level: Double

    public init(estimate: Double, lower: Double, upper: Double, level: Double = 0.95) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// Whether `value` lies in the closed interval (a bound equal to the null does not exclude it).
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    /// "2.00 [1.50, 2.50]" with `decimals` digits, each number through `NumberFormat`.
    public func text(decimals: Int, suffix: String = "") -> String {
        NumberFormat.fixed(estimate, decimals: decimals) + suffix + " [" + NumberFormat.fixed(lower, decimals: decimals) + suffix
            + ", " + NumberFormat.fixed(upper, decimals: decimals) + suffix + "]"
    }

    /// The interval with every number passed through `transform` (monotone increasing), e.g. from a
    /// log scale back to a ratio.
    public func mapped(_ transform: (Double) -> Double) -> ConfidenceInterval {
        ConfidenceInterval(estimate: transform(estimate), lower: transform(lower), upper: transform(upper), level: level)
    }
}
