import Optimizers
/// The names a spec may use and how optimizer hyper-parameters are checked. The Optimizers,
/// Tasks and Model targets own these; the command line passes them in, tests pass their own.
public struct SpecVocabulary: Sendable {
    public var optimizers: [String]
    public var tasks: [String]
    public var presets: [String]
    /// Per task: the metrics its runs are scored with, and the one its learning rate is selected on
    /// when a spec names none (the Tasks target's `selectionMetric`).
    public var taskMetrics: [String: TaskMetricNames]
    /// Validates an optimizer's hyper-parameter overrides and returns the complete, resolved set
    /// (defaults filled in). Throws an error whose description says which value is wrong and what
    /// is allowed; the spec decoder adds the file, line and key.
    public var resolveHyperparameters: @Sendable (_ optimizer: String, _ overrides: [String: HyperparameterValue]) throws -> [String: HyperparameterValue]

    public init(optimizers: [String], tasks: [String], presets: [String], taskMetrics: [String: TaskMetricNames],
                resolveHyperparameters: @escaping @Sendable (String, [String: HyperparameterValue]) throws -> [String: HyperparameterValue]) {
        self.optimizers = optimizers
        self.tasks = tasks
        self.presets = presets
        self.taskMetrics = taskMetrics
        self.resolveHyperparameters = resolveHyperparameters
    }
}

/// The metric names of one task.
public struct TaskMetricNames: Sendable, Equatable {
    /// Every metric the task's runs are scored with.
    public var all: [String]
    /// The metric its learning rate is selected on by default.
    public var selection: String

    public init(all: [String], selection: String) {
        self.all = all
        self.selection = selection
    }
}
