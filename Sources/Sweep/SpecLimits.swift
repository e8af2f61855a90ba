/// The upper bounds a spec must respect, so that a typo (`batch: 100000000`, a range of 5401
/// rates) is refused when the spec is read instead of crashing or running for months later.
/// They are generous for this project's models: the paper's recipe is 2000 steps, batch 16,
/// 13 rates, 3 seeds.
public enum SpecLimits {
    /// Training steps per run (about an hour of the small preset at its measured step time).
    public static let steps = 1 ... 100_000
    /// Examples per batch: every buffer of the model is allocated for this many sequences of the
    /// full context, so memory grows linearly with it.
    public static let batch = 1 ... 128
    /// Examples scored per split and evaluation (the largest bundled split has 10,042).
    public static let evalCap = 1 ... 100_000
    /// LoRA alpha (the scale is alpha / rank).
    public static let alphaMaximum = 10_000.0
    /// A learning rate is in (0, learningRateMaximum].
    public static let learningRateMaximum = 1.0
    /// Learning rates in one grid.
    public static let learningRates = 100
    /// Seeds in one grid, and the values a seed may take.
    public static let seeds = 100
    public static let seedValues = 0 ... 2_147_483_647
    /// Runs in one experiment (seeds x tasks x optimizers x ranks x rates).
    public static let runs = 10_000
}
