import Optimizers
import Store
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

/// One optimizer of the grid with its complete, validated hyper-parameters.
public struct OptimizerChoice: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var hyperparameters: [String: HyperparameterValue]

    public init(name: String, hyperparameters: [String: HyperparameterValue]) {
        self.name = name
        self.hyperparameters = hyperparameters
    }

    /// `name` alone when it has no hyper-parameters, else `name(key=value, ...)` with sorted keys.
    public var label: String {
        if hyperparameters.isEmpty { return name }
        let items = hyperparameters.keys.sorted().map { "\($0)=\(hyperparameters[$0]!)" }
        return "\(name)(\(items.joined(separator: ", ")))"
    }
}

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
