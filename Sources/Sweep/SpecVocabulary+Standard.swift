import Model
import Optimizers
import Tasks

extension SpecVocabulary {
    /// The names this build knows: the Optimizers target's optimizers (hyper-parameters checked by
    /// `OptimizerFactory.resolve`), the Tasks target's tasks and their metrics, the Model target's
    /// presets. The command line decodes every spec with it; tests may pass a smaller one.
    public static var standard: SpecVocabulary {
        SpecVocabulary(
            optimizers: OptimizerFactory.names, tasks: TaskCatalog.names, presets: ModelPreset.allCases.map(\.rawValue),
            taskMetrics: Dictionary(uniqueKeysWithValues: TaskCatalog.all.map { task in
                (task.name, TaskMetricNames(all: task.metrics.map(\.rawValue), selection: task.selectionMetric.rawValue))
            }),
            resolveHyperparameters: { try OptimizerFactory.resolve($0, overrides: $1) })
    }
}
