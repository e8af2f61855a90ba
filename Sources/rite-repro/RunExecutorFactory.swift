import Foundation
import Model
import Optimizers
import Store
import Sweep
import Tasks

/// The single wiring point between the command line and the training code: `sweep`, its worker
/// processes, `run` and `reproduce` get their spec vocabulary, run-key context and executor here.
enum RunExecutorFactory {
    /// What to do when a preset's base model has not been pretrained yet.
    enum MissingBaseModel {
        /// Pretrain it now (minutes) and record it in the database.
        case pretrain
        /// Refuse: planning must not write anything (dry runs).
        case refuse
    }

    struct BaseModelMissing: Error, CustomStringConvertible {
        var preset: String
        var path: String
        var description: String {
            "the \(preset) base model is not pretrained yet (\(path)); a sweep or run pretrains it first, once"
        }
    }

    static func backend(databasePath: String, missingBaseModel: MissingBaseModel = .pretrain) -> SweepBackend {
        let baseModels = BaseModels.beside(database: databasePath)
        let vocabulary = SpecVocabulary.standard
        let keyContext = RunKeyContext(
            taskVersion: { try TaskCatalog.task(named: $0).version },
            scoring: { RunScoring.describe(try TaskCatalog.task(named: $0)) },
            baseCheckpointSHA256: { name in
                guard let preset = ModelPreset(rawValue: name) else { throw BaseModelError.unknownPreset(name) }
                let path = baseModels.path(for: preset)
                if missingBaseModel == .refuse && !FileManager.default.fileExists(atPath: path) {
                    throw BaseModelMissing(preset: name, path: path)
                }
                let store = missingBaseModel == .pretrain ? try ResultStore(path: databasePath) : nil
                return try baseModels.ensure(preset, store: store) { print($0) }.sha256
            },
            defaultClipGradNorm: { OptimizerFactory.usesTrainerGradientClipping($0) ? 1 : nil })
        return SweepBackend(vocabulary: vocabulary, keyContext: keyContext,
                            makeExecutor: { LoRAFineTuning(baseModels: baseModels) })
    }
}
