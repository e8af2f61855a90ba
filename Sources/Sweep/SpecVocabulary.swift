import Optimizers
/// The names a spec may use and how optimizer hyper-parameters are checked. The Optimizers,
/// Tasks and Model targets own these; the command line passes them in, tests pass their own.
public struct SpecVocabulary: Sendable {
    /// What a task's finished runs are scored on: the splits scored at the end and the metrics
    /// computed on each (what `selection.split` and `selection.metric` may name).
    public struct TaskScores: Sendable, Equatable {
        public var splits: [String]
        public var metrics: [String]
        /// The metric its learning rate is selected on when a spec names none (the Tasks
        /// target's `selectionMetric`).
        public var selection: String

        public init(splits: [String], metrics: [String], selection: String) {
            self.splits = splits
            self.metrics = metrics
            self.selection = selection
        }
    }

    public var optimizers: [String]
    public var tasks: [String]
    public var presets: [String]
    /// Validates an optimizer's hyper-parameter overrides and returns the complete, resolved set
    /// (defaults filled in). Throws an error whose description says which value is wrong and what
    /// is allowed; the spec decoder adds the file, line and key.
    public var resolveHyperparameters: @Sendable (_ optimizer: String, _ overrides: [String: HyperparameterValue]) throws -> [String: HyperparameterValue]
    /// Per task, its scores; a task absent here is not checked.
    public var taskScores: [String: TaskScores]
    /// Per preset, the width of the projections an adapter may target (q, k, v and o are all
    /// `width x width`): the largest LoRA rank. A preset absent here is not checked.
    public var presetWidths: [String: Int]

    public init(optimizers: [String], tasks: [String], presets: [String],
                resolveHyperparameters: @escaping @Sendable (String, [String: HyperparameterValue]) throws -> [String: HyperparameterValue],
                taskScores: [String: TaskScores] = [:], presetWidths: [String: Int] = [:]) {
        self.optimizers = optimizers
        self.tasks = tasks
        self.presets = presets
        self.resolveHyperparameters = resolveHyperparameters
        self.taskScores = taskScores
        self.presetWidths = presetWidths
    }
}
