import Training

/// One run given by plain values instead of a spec (`rite-repro run`). It is resolved as a sweep
/// resolves the same configuration: the optimizer and its `key=value` overrides through the spec
/// decoder (one parser for `--set` and YAML), the gradient clip by the grid's rule, and the task,
/// scoring and base checkpoint from the run-key context; so its key is the key a sweep would give it.
public struct SingleRunRequest: Sendable, Equatable {
    public var preset: String
    public var task: String
    public var optimizer: String
    /// Hyper-parameter overrides, each `key=value`; the value is typed as a plain YAML scalar.
    public var overrides: [String]
    public var rank: Int
    public var learningRate: Double
    public var seed: Int
    /// Leave `clipGradNorm` to the optimizer with `clipGradNormFollowsOptimizer` (the default).
    public var training: TrainingSettings

    public init(preset: String, task: String, optimizer: String, overrides: [String], rank: Int, learningRate: Double,
                seed: Int, training: TrainingSettings) {
        self.preset = preset
        self.task = task
        self.optimizer = optimizer
        self.overrides = overrides
        self.rank = rank
        self.learningRate = learningRate
        self.seed = seed
        self.training = training
    }

    /// The resolved run. The optimizer is checked first, so a rejected hyper-parameter is reported
    /// before the context pretrains a missing base model.
    public func resolve(vocabulary: SpecVocabulary, context: RunKeyContext) throws -> ResolvedRun {
        let pairs = try overrides.map { item -> (key: String, value: String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw SpecError(file: Self.source, line: 0, column: 0, keyPath: "", message: "expected key=value, found \"\(item)\"")
            }
            return (parts[0], parts[1])
        }
        let choice = try SpecDecoder.optimizer(named: optimizer, overrides: pairs, vocabulary: vocabulary, source: Self.source)
        return ResolvedRun(
            preset: preset, task: task, optimizer: choice, rank: rank, learningRate: learningRate, seed: seed,
            training: context.resolvedTraining(training, optimizer: optimizer),
            taskVersion: try context.taskVersion(task), scoring: try context.scoring(task),
            baseCheckpointSHA256: try context.baseCheckpointSHA256(preset), numericsVersion: context.numericsVersion)
    }

    /// Where errors say the values came from.
    static let source = "--optimizer/--set"
}
