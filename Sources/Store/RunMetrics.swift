/// The norms of one LoRA pair at one step: `||A||_F`, `||B||_F` after the step's update, and the
/// Frobenius norms of the update itself.
public struct PairMetric: Sendable, Equatable {
    public var step: Int
    /// The pair's name, for example `layer0.q`.
    public var pair: String
    public var aNorm: Double
    public var bNorm: Double
    public var aUpdateNorm: Double
    public var bUpdateNorm: Double

    public init(step: Int, pair: String, aNorm: Double, bNorm: Double, aUpdateNorm: Double, bUpdateNorm: Double) {
        self.step = step
        self.pair = pair
        self.aNorm = aNorm
        self.bNorm = bNorm
        self.aUpdateNorm = aUpdateNorm
        self.bUpdateNorm = bUpdateNorm
    }
}
