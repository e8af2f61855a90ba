import Foundation

/// One stored measurement of the transformation-invariance battery (claim C1): an optimizer on a
/// least-squares trace problem, run from its factors and from a reparameterisation (R^-1 A, B R), and
/// the largest relative gap between the two weight changes B_t A_t - B_0 A_0. The battery runs in
/// Double on the Optimizers target; the store keeps what it found with the numerics version it ran
/// under, so a report never shows a measurement of other arithmetic as current.
public struct InvarianceCheckResult: Sendable, Equatable {
    public var optimizer: String
    /// The overrides of the optimizer's defaults as `key=value` pairs sorted by key ("" for none).
    public var settings: String
    public var learningRate: Double
    /// "general" (a random R of a given condition number) or "scalar" (R = s I).
    public var transform: String
    /// The condition number of R, or s.
    public var transformParameter: Double
    public var problemSeed: Int
    public var steps: Int
    /// nil when the reparameterised run failed (`failure` says how).
    public var discrepancy: Double?
    /// How far the original run moved its product (relative to B_0 A_0).
    public var movement: Double
    public var failure: String?
    public var numericsVersion: Int
    public var toolVersion: String
    public var measuredAt: Date

    public init(optimizer: String, settings: String, learningRate: Double, transform: String, transformParameter: Double,
                problemSeed: Int, steps: Int, discrepancy: Double?, movement: Double, failure: String?,
                numericsVersion: Int, toolVersion: String, measuredAt: Date) {
        self.optimizer = optimizer
        self.settings = settings
        self.learningRate = learningRate
        self.transform = transform
        self.transformParameter = transformParameter
        self.problemSeed = problemSeed
        self.steps = steps
        self.discrepancy = discrepancy
        self.movement = movement
        self.failure = failure
        self.numericsVersion = numericsVersion
        self.toolVersion = toolVersion
        self.measuredAt = measuredAt
    }
}
