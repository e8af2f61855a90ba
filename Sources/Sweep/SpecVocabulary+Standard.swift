import Model
import Optimizers
import Tasks
import Training

extension SpecVocabulary {
    /// The names this build knows: the Optimizers target's optimizers (hyper-parameters checked by
    /// `OptimizerFactory.resolve`), the Tasks target's tasks with the splits and metrics they are
    /// scored on and their default selection metric, the Model target's presets with the width of
    /// their adapted projections (the largest LoRA rank). The command line decodes every spec with
    /// it; tests may pass a smaller one.
    public static var standard: SpecVocabulary {
        let tasks = TaskCatalog.all
        let presets = ModelPreset.allCases
        return SpecVocabulary(
            optimizers: OptimizerFactory.names, tasks: tasks.map(\.name), presets: presets.map(\.rawValue),
            resolveHyperparameters: { try OptimizerFactory.resolve($0, overrides: $1) },
            taskScores: Dictionary(uniqueKeysWithValues: tasks.map { task in
                (task.name, TaskScores(splits: RunScoring.finalSplits(task).map(\.rawValue), metrics: task.metrics.map(\.rawValue),
                                       selection: task.selectionMetric.rawValue))
            }),
            presetWidths: Dictionary(uniqueKeysWithValues: presets.map { preset in
                (preset.rawValue, preset.config(vocabularySize: Tokenizer.standard.vocabularySize,
                                                contextLength: TaskCatalog.contextLength).width)
            }))
    }
}
