import Foundation
import Model
import Optimizers
import Store
import Sweep
import Tasks

/// The single wiring point between the command line and the training code: `sweep`, its worker
/// processes, `run`, `reproduce` and `slurm` get their spec vocabulary, run-key context, executor
/// and base models here.
enum RunExecutorFactory {
    /// What to do when a preset's base model has not been pretrained yet.
    enum MissingBaseModel {
        /// Pretrain it now (minutes).
        case pretrain
        /// Refuse: planning must not write anything (dry runs, workers).
        case refuse
    }

    struct BaseModelMissing: Error, CustomStringConvertible {
        var preset: String
        var path: String
        var description: String {
            "the \(preset) base model is not pretrained yet (\(path)); a sweep or run pretrains it first, once"
        }
    }

    /// The names a spec may use (`SpecVocabulary.standard`).
    static var vocabulary: SpecVocabulary { .standard }

    static func backend(databasePath: String, missingBaseModel: MissingBaseModel = .pretrain) -> SweepBackend {
        let baseModels = BaseModels.beside(database: databasePath)
        let keyContext = RunKeyContext(
            taskVersion: { try TaskCatalog.task(named: $0).version },
            scoring: { RunScoring.describe(try TaskCatalog.task(named: $0)) },
            baseCheckpointSHA256: { name in
                let preset = try Self.preset(name)
                let path = baseModels.path(for: preset)
                if missingBaseModel == .refuse && !FileManager.default.fileExists(atPath: path) {
                    throw BaseModelMissing(preset: name, path: path)
                }
                // No store here: a sweep records the checkpoint once it has opened the database.
                return try baseModels.ensure(preset, store: nil) { print($0) }.sha256
            },
            defaultClipGradNorm: { OptimizerFactory.usesTrainerGradientClipping($0) ? 1 : nil })
        return SweepBackend(vocabulary: vocabulary, keyContext: keyContext,
                            makeExecutor: { LoRAFineTuning(baseModels: baseModels) },
                            prepareBaseModel: { name in
                                let preset = try Self.preset(name)
                                let file = try baseModels.ensure(preset, store: nil) { print($0) }
                                return BaseCheckpoint(preset: name, corpusVersion: baseModels.recipe(preset).corpusVersion,
                                                      path: file.path, sha256: file.sha256, createdAt: Date())
                            })
    }

    static func preset(_ name: String) throws -> ModelPreset {
        guard let preset = ModelPreset(rawValue: name) else { throw BaseModelError.unknownPreset(name) }
        return preset
    }
}
