/// Training settings shared by every run of an experiment. Defaults are the paper's Table 5.
public struct TrainingSettings: Sendable, Equatable, Hashable, Codable {
    public enum Schedule: String, Sendable, Codable, CaseIterable { case linear, constant }
    public enum Target: String, Sendable, Codable, CaseIterable { case q, k, v, o }

    public var steps = 2000
    public var batch = 16
    public var warmup = 100
    /// Linear: warm up linearly to the learning rate over `warmup` steps, then decay linearly to 0
    /// at `steps`. Constant: warm up, then hold.
    public var schedule = Schedule.linear
    public var evalEvery = 100
    public var alpha = 16.0
    /// Projections that carry LoRA adapters, always in the order q, k, v, o.
    public var targets: [Target] = Target.allCases
    /// Evaluate on at most this many examples per split (`nil`: the whole split).
    public var evalCap: Int?
    /// Clip the global norm of the raw LoRA gradients to this value before the optimizer step
    /// (`nil`: no clipping). In a resolved run this is the value used.
    public var clipGradNorm: Double?
    /// Whether `clipGradNorm` is taken from the optimizer when runs are resolved (the spec did not
    /// set it, or set it to `optimizer`): 1.0 for the baselines, whose reference trainer clips raw
    /// gradients, none for lora-rite, which clips its unmagnified gradients itself. Not part of
    /// the canonical form: the resolved value is.
    public var clipGradNormFollowsOptimizer = true

    public init() {}

    enum CodingKeys: String, CodingKey {
        case steps, batch, warmup, schedule, alpha, targets
        case evalEvery = "eval_every", evalCap = "eval_cap", clipGradNorm = "clip_grad_norm"
    }
}
