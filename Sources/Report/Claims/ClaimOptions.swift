/// The settings of the claims; the defaults are the ones the reports use.
public struct ClaimOptions: Sendable, Equatable {
    /// Scoring, ranks, presets and tasks, shared with the tables.
    public var report: ReportOptions
    public var bootstrap: BootstrapSettings
    /// Seeds per stratum below which a comparison has no verdict: with fewer, a bootstrap over seeds
    /// can only return the few values themselves (with one seed, a point).
    public var minimumSeeds: Int
    /// Tasks below which C6 (one selected rate per task) has no verdict.
    public var minimumTasks: Int
    /// Paired timing rounds per stratum below which C7 has no verdict.
    public var minimumRounds: Int
    /// Warm-up steps of the runs (the paper's Table 5 and every profile: 100), for C2's split.
    public var warmupSteps: Int
    /// The tasks of Figures 1, 3 and 4, where C2 looks at the factors.
    public var factorTasks: [String]
    /// C7's null: LoRA-RITE's step costs at most this fraction more than Adam's (the paper's 8%).
    public var overheadBound: Double
    /// C1: a discrepancy at or below this is invariant (about 1e-8 in Double, the paper's claim as measured).
    public var invariantBound: Double
    /// C1: a discrepancy at or above this is not invariant; in between is inconclusive.
    public var notInvariantBound: Double
    /// C8: the sizes of a series at the top of which the exponent is fitted (the leading term dominates there).
    public var fitSizes: Int

    public init(report: ReportOptions = ReportOptions(), bootstrap: BootstrapSettings = BootstrapSettings(),
                minimumSeeds: Int = 3, minimumTasks: Int = 3, minimumRounds: Int = 3, warmupSteps: Int = 100,
                factorTasks: [String] = ["openbookqa-style", "sni-global"], overheadBound: Double = 0.08,
                invariantBound: Double = 1e-8, notInvariantBound: Double = 1e-4, fitSizes: Int = 3) {
        precondition(minimumSeeds >= 2 && minimumTasks >= 2 && minimumRounds >= 2 && fitSizes >= 3,
                     "ClaimOptions: an interval needs at least two units (three sizes for a fit with an error)")
        self.report = report
        self.bootstrap = bootstrap
        self.minimumSeeds = minimumSeeds
        self.minimumTasks = minimumTasks
        self.minimumRounds = minimumRounds
        self.warmupSteps = warmupSteps
        self.factorTasks = factorTasks
        self.overheadBound = overheadBound
        self.invariantBound = invariantBound
        self.notInvariantBound = notInvariantBound
        self.fitSizes = fitSizes
    }
}
