import Store
import Training
/// An experiment as declared in `experiments/NAME.yaml`, decoded and checked (see `SpecDecoder`).
public struct ExperimentSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    public var preset: String
    public var tasks: [String]
    public var optimizers: [OptimizerChoice]
    public var ranks: [Int]
    /// Exact decimal values (each is the `Double` nearest to its decimal text, never a sum of steps).
    public var learningRates: [Double]
    public var seeds: [Int]
    public var training: TrainingSettings
    public var selection: SelectionRule
    /// Where the spec was read from, and its exact text (hashed and stored with the experiment).
    public var sourcePath: String
    public var text: String
}

/// How the learning rate a table reports is chosen, and which runs that needs.
public struct SelectionRule: Sendable, Equatable {
    public enum Search: String, Sendable, CaseIterable {
        /// Run every learning rate with every seed.
        case full
        /// Run every learning rate with the first seed only, then the remaining seeds at the rate
        /// that scored best on `split`/`metric` (per task, optimizer and rank).
        case firstSeed = "first-seed"
    }

    public typealias Goal = LearningRateRule.Goal

    public var split = "dev"
    /// The metric the spec names for every task not in `metricsByTask`; `nil` when it names none,
    /// and then the decoder puts each task's own selection metric in `metricsByTask`.
    public var metric: String?
    /// Per task, its own selection metric (`metric: {sni-title: rouge_l, ...}` in a spec, or the
    /// task's default when the spec names no metric), for
    /// experiments whose tasks are scored differently.
    public var metricsByTask: [String: String] = [:]
    public var search = Search.full
    /// Whether a larger (`max`) or smaller (`min`) value of the metric is better.
    public var goal = Goal.max

    public init() {}

    /// The metric runs of `task` are selected on.
    public func metric(for task: String) -> String { metricsByTask[task] ?? metric ?? "" }
}
