import RiteCore

/// Everything the claims are computed from, as plain rows: the command line fills it from the store,
/// tests build it by hand.
public struct ClaimInputs: Sendable, Equatable {
    /// The runs of every experiment the claims read, each run once (C2 to C7).
    public var results: [RunResult]
    /// Per-step curves of the runs C2 looks at (more may be given; the rest are ignored).
    public var curves: [StepSeries]
    /// Optimizer-step timings (C8, the input of Table 7).
    public var stepCosts: [StepCostMeasurement]
    /// The transformation-invariance battery (C1).
    public var invariance: [InvarianceMeasurement]
    /// Paired step times of Adam and LoRA-RITE (C7); nil takes them from the runs' training speeds, as
    /// Table 4 does.
    public var stepTimes: StepTimeRounds?
    /// The numerics version of this build: invariance measurements of another version are not used.
    public var numericsVersion: Int
    /// Experiments the claims read that are not in the database.
    public var missingExperiments: [String]

    public init(results: [RunResult] = [], curves: [StepSeries] = [], stepCosts: [StepCostMeasurement] = [],
                invariance: [InvarianceMeasurement] = [], stepTimes: StepTimeRounds? = nil,
                numericsVersion: Int = NumericsVersion.current, missingExperiments: [String] = []) {
        self.results = results
        self.curves = curves
        self.stepCosts = stepCosts
        self.invariance = invariance
        self.stepTimes = stepTimes
        self.numericsVersion = numericsVersion
        self.missingExperiments = missingExperiments
    }
}

/// One measurement of the invariance battery (claim C1), as the store holds it.
public struct InvarianceMeasurement: Sendable, Equatable {
    public var optimizer: String
    /// Overrides of the optimizer's defaults, `key=value` sorted by key ("" for the defaults).
    public var settings: String
    /// "general" (random R with condition number `parameter`) or "scalar" (R = `parameter` I).
    public var transform: String
    public var parameter: Double
    public var problemSeed: Int
    public var steps: Int
    /// Largest ||dW2 - dW1|| / ||dW1|| over steps and pairs; nil when the reparameterised run failed.
    public var discrepancy: Double?
    /// ||dW1_T|| / ||B_0 A_0||: how far the original run moved.
    public var movement: Double
    public var failure: String?
    public var numericsVersion: Int

    public init(optimizer: String, settings: String = "", transform: String, parameter: Double, problemSeed: Int,
                steps: Int, discrepancy: Double?, movement: Double, failure: String? = nil, numericsVersion: Int) {
        self.optimizer = optimizer
        self.settings = settings
        self.transform = transform
        self.parameter = parameter
        self.problemSeed = problemSeed
        self.steps = steps
        self.discrepancy = discrepancy
        self.movement = movement
        self.failure = failure
        self.numericsVersion = numericsVersion
    }
}

/// Paired step times of Adam and LoRA-RITE, grouped in strata (presets): the input of claim C7.
public struct StepTimeRounds: Sendable, Equatable {
    /// What the rounds are, for the report ("whole runs' training speed, paired by learning rate and seed").
    public var source: String
    public var rounds: [StepTimeRound]

    public init(source: String, rounds: [StepTimeRound]) {
        self.source = source
        self.rounds = rounds
    }
}

/// One round: Adam's and LoRA-RITE's seconds per training step measured under the same conditions.
public struct StepTimeRound: Sendable, Equatable {
    /// The stratum (a preset).
    public var stratum: String
    /// Which round ("lr 1e-3, seed 0", "round 3").
    public var label: String
    public var adamSeconds: Double
    public var riteSeconds: Double

    public init(stratum: String, label: String, adamSeconds: Double, riteSeconds: Double) {
        self.stratum = stratum
        self.label = label
        self.adamSeconds = adamSeconds
        self.riteSeconds = riteSeconds
    }
}
