import Foundation
import Model
import Optimizers
import Store
import Tasks
import Training

extension SweepBackend {
    /// What to do when a preset's base model has not been pretrained yet.
    public enum MissingBaseModel: Sendable {
        /// Pretrain it now (minutes).
        case pretrain
        /// Refuse: planning must not write anything (dry runs, workers).
        case refuse
    }

    /// A preset's base model is not pretrained and the caller asked not to pretrain it.
    public struct BaseModelMissing: Error, CustomStringConvertible {
        public var preset: String
        public var path: String
        public var description: String {
            "the \(preset) base model is not pretrained yet (\(path)); a sweep or run pretrains it first, once"
        }
    }

    /// The training code this build sweeps with: the standard spec vocabulary, run keys from the
    /// Tasks catalog and the base checkpoints beside the database (`BaseModels.beside`), and
    /// `LoRAFineTuning` as every worker's executor. `log` sees pretraining progress.
    public static func standard(databasePath: String, missingBaseModel: MissingBaseModel = .pretrain,
                                log: @escaping @Sendable (String) -> Void) -> SweepBackend {
        let baseModels = BaseModels.beside(database: databasePath)
        let keyContext = RunKeyContext(
            taskVersion: { try TaskCatalog.task(named: $0).version },
            scoring: { RunScoring.describe(try TaskCatalog.task(named: $0)) },
            baseCheckpointSHA256: { name in
                let preset = try preset(name)
                let path = baseModels.path(for: preset)
                if missingBaseModel == .refuse && !FileManager.default.fileExists(atPath: path) {
                    throw BaseModelMissing(preset: name, path: path)
                }
                // No store here: a sweep records the checkpoint once it has opened the database.
                return try baseModels.ensure(preset, log: log).sha256
            },
            defaultClipGradNorm: { OptimizerFactory.usesTrainerGradientClipping($0) ? 1 : nil })
        return SweepBackend(vocabulary: .standard, keyContext: keyContext,
                            makeExecutor: { LoRAFineTuning(baseModels: baseModels) },
                            prepareBaseModel: { name in
                                let preset = try preset(name)
                                let file = try baseModels.ensure(preset, log: log)
                                return BaseCheckpoint(preset: name, corpusVersion: baseModels.recipe(preset).corpusVersion,
                                                      path: file.path, sha256: file.sha256, createdAt: Date())
                            })
    }

    private static func preset(_ name: String) throws -> ModelPreset {
        guard let preset = ModelPreset(rawValue: name) else { throw BaseModelError.unknownPreset(name) }
        return preset
    }
}
