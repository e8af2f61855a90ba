/// What an optimizer reported over the steps of one run besides its updates, in a compact form
/// that the store keeps per run (`optimizer_reports`) and `rite-repro run` and `status` show.
///
/// Events (one per factor and step, or one per step for the clip) are counted with the steps they
/// happened in; quantities reported at every step are summarised by count, minimum, mean and
/// maximum (`ValueSummary`), nil when the optimizer never reported them. The training loop adds
/// one `OptimizerStepReport` per optimizer step (the Optimizers target's `add(_:atStep:)`).
public struct OptimizerRunReport: Sendable, Equatable {
    /// How often an event happened: the total count, the number of steps with at least one, and
    /// the first and last such step (training steps, from 1; nil when it never happened).
    public struct Events: Sendable, Equatable {
        public var total: Int
        public var steps: Int
        public var firstStep: Int?
        public var lastStep: Int?

        public init(total: Int = 0, steps: Int = 0, firstStep: Int? = nil, lastStep: Int? = nil) {
            self.total = total
            self.steps = steps
            self.firstStep = firstStep
            self.lastStep = lastStep
        }

        /// Adds the `count` events of training step `step` (steps arrive in increasing order).
        public mutating func record(_ count: Int, atStep step: Int) {
            guard count > 0 else { return }
            total += count
            steps += 1
            if firstStep == nil { firstStep = step }
            lastStep = step
        }
    }

    /// Optimizer steps summarised.
    public var steps: Int
    /// Factor updates skipped by LoRA-RITE's skip rule (one per factor and step).
    public var skippedFactors: Events
    /// LoRA-RITE factor steps zeroed because an eigenvalue plus the escaped mass was negative.
    public var zeroedPreconditionedSteps: Events
    /// Shampoo roots kept from before and ScaledAdam inverses replaced by the identity.
    public var preconditionerFallbacks: Events
    /// Steps whose gradients an optimizer-internal clip scaled (LoRA-RITE's global clip; one per step).
    public var clippedSteps: Events
    /// The global gradient norm an internal clip looked at (LoRA-RITE), one value per step.
    public var internalGradientNorm: ValueSummary?
    /// Lamb's trust ratios `||X|| / ||u||`, one value per factor and step.
    public var trustRatio: ValueSummary?

    public init(steps: Int = 0, skippedFactors: Events = Events(), zeroedPreconditionedSteps: Events = Events(),
                preconditionerFallbacks: Events = Events(), clippedSteps: Events = Events(),
                internalGradientNorm: ValueSummary? = nil, trustRatio: ValueSummary? = nil) {
        self.steps = steps
        self.skippedFactors = skippedFactors
        self.zeroedPreconditionedSteps = zeroedPreconditionedSteps
        self.preconditionerFallbacks = preconditionerFallbacks
        self.clippedSteps = clippedSteps
        self.internalGradientNorm = internalGradientNorm
        self.trustRatio = trustRatio
    }

    /// Whether any step departed from the optimizer's plain update: a skipped factor, a zeroed
    /// preconditioned step or a preconditioner fallback (what `rite-repro status` points out).
    public var hasSkipsZeroedStepsOrFallbacks: Bool {
        skippedFactors.total > 0 || zeroedPreconditionedSteps.total > 0 || preconditionerFallbacks.total > 0
    }
}
