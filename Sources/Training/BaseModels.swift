import Foundation
import Model
import RiteCore
import Tasks

/// How a preset's pretrained base model is made: the corpus, the pretraining recipe and the seed.
/// A change to any of them must bump `version`, which is part of the checkpoint's file name, so a
/// new recipe never silently reuses an old file.
public struct BaseModelRecipe: Sendable, Hashable {
    /// The recipe's version; part of the file name and of the checkpoint's metadata.
    public static let version = 2

    public var preset: ModelPreset
    /// Tokens of the pretraining corpus (`PretrainingCorpus.standard`) the model is trained on.
    public var corpusTokens: Int
    public var pretraining: PretrainingConfig

    /// The standard recipe: AdamW with cosine decay on the bundled corpus, batch 16 windows of the
    /// context length. Steps are chosen so each preset sees the corpus about three times. The
    /// embeddings are not decayed (version 2): decay pulls rarely seen words, whose embedding is
    /// also the tied head's output vector, towards zero, where no adapter can make them the answer.
    public static func standard(_ preset: ModelPreset) -> BaseModelRecipe {
        BaseModelRecipe(
            preset: preset, corpusTokens: PretrainingCorpus.defaultTokenCount,
            pretraining: PretrainingConfig(steps: 4000, batch: 16, learningRate: preset == .tiny ? 3e-3 : 2e-3,
                                           warmupSteps: 200, schedule: .cosine, decayEmbeddings: false, seed: 20_241_028))
    }

    /// The model shape: the preset at the tasks' vocabulary and context length.
    public var modelConfig: ModelConfig {
        preset.config(vocabularySize: Tokenizer.standard.vocabularySize, contextLength: TaskCatalog.contextLength)
    }

    public var corpusVersion: String { PretrainingCorpus.standard.version }

    /// `tiny-corpus<version>-base<recipe version>.ckpt`, e.g. `tiny-corpusg2.w1.t2-base2.ckpt`.
    public var fileName: String { "\(preset.rawValue)-corpus\(corpusVersion)-base\(Self.version).ckpt" }
}

/// A base checkpoint on disk and the SHA-256 of its bytes (what run keys include).
public struct BaseCheckpointFile: Sendable, Equatable {
    public var path: String
    public var sha256: String
}

public enum BaseModelError: Error, CustomStringConvertible, Equatable {
    case digestMismatch(path: String, expected: String, actual: String)
    case unknownPreset(String)

    public var description: String {
        switch self {
        case let .digestMismatch(path, expected, actual):
            return "base checkpoint \(path) has SHA-256 \(actual), but the run was planned with \(expected); "
                + "the file changed after the sweep was planned"
        case let .unknownPreset(name):
            return "unknown preset \"\(name)\"; known presets: \(ModelPreset.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}

/// The pretrained base models of a results folder: made once per preset and recipe (never per
/// run), stored as checkpoint files, and recorded in the store with their digests.
public struct BaseModels: Sendable {
    /// The folder that holds the checkpoint files (`results/base-models` by default).
    public let directory: String
    /// The recipe of each preset (`BaseModelRecipe.standard`; tests pass shorter ones).
    public let recipe: @Sendable (ModelPreset) -> BaseModelRecipe

    public init(directory: String, recipe: @escaping @Sendable (ModelPreset) -> BaseModelRecipe = BaseModelRecipe.standard) {
        self.directory = directory
        self.recipe = recipe
    }

    /// The folder beside a database file: `results/rite.sqlite` -> `results/base-models`.
    public static func beside(database path: String) -> BaseModels {
        let folder = (path as NSString).deletingLastPathComponent
        return BaseModels(directory: ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("base-models"))
    }

    public func path(for preset: ModelPreset) -> String {
        (directory as NSString).appendingPathComponent(recipe(preset).fileName)
    }

    /// The checkpoint of `preset`: read from disk when it exists, else pretrained now (minutes)
    /// and written atomically. A sweep records the returned file in its store (`SweepSession`).
    public func ensure(_ preset: ModelPreset, log: (String) -> Void) throws -> BaseCheckpointFile {
        let path = path(for: preset)
        if FileManager.default.fileExists(atPath: path) {
            let bytes = try Self.readBytes(path)
            // Decoding checks magic, version and checksum: a corrupt file is an error, never a re-init.
            let checkpoint = try Checkpoint.decode(bytes, path: path)
            guard checkpoint.config == recipe(preset).modelConfig else {
                throw CheckpointError(path: path, problem: "holds a model of another shape than preset \(preset.rawValue) "
                                      + "(vocabulary or context length changed?); move it away to pretrain anew")
            }
            return BaseCheckpointFile(path: path, sha256: SHA256.hex(bytes))
        }
        let recipe = recipe(preset)
        log("pretraining the \(preset.rawValue) base model (\(recipe.pretraining.steps) steps on \(recipe.corpusTokens) corpus tokens); "
            + "this happens once and is saved to \(path)")
        let model = Transformer(config: recipe.modelConfig, maxBatch: recipe.pretraining.batch, seed: recipe.pretraining.seed)
        let tokens = try PretrainingCorpus.standard.tokens(count: recipe.corpusTokens)
        let start = Date()
        let losses = try Pretrainer(config: recipe.pretraining).run(model: model, tokens: tokens) { progress in
            if progress.step % 250 == 0 || progress.step == recipe.pretraining.steps {
                let elapsed = Date().timeIntervalSince(start)
                log("  pretraining \(preset.rawValue): step \(progress.step)/\(recipe.pretraining.steps), loss "
                    + String(format: "%.3f", progress.loss) + ", " + String(format: "%.0f", elapsed) + " s")
            }
        }
        let tail = losses.suffix(100)
        let metadata = [
            "preset": preset.rawValue, "corpus_version": recipe.corpusVersion, "corpus_tokens": String(recipe.corpusTokens),
            "recipe_version": String(BaseModelRecipe.version), "steps": String(recipe.pretraining.steps),
            "seed": String(recipe.pretraining.seed), "tool_version": ToolVersion.current,
            "final_loss_mean_last_100": String(format: "%.4f", tail.reduce(0, +) / Float(max(tail.count, 1))),
        ]
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".partial-\(getpid())"
        try model.checkpoint(metadata: metadata).write(to: temporary)
        if rename(temporary, path) != 0 {
            throw CheckpointError(path: path, problem: "could not be moved into place (errno \(errno))")
        }
        return BaseCheckpointFile(path: path, sha256: SHA256.hex(try Self.readBytes(path)))
    }

    /// A model loaded from the base checkpoint of `preset`, refusing a file whose digest is not
    /// `expectedSHA256` (the digest the run was planned with).
    public func load(_ preset: ModelPreset, expectedSHA256: String, maxBatch: Int) throws -> Transformer {
        let path = path(for: preset)
        let bytes = try Self.readBytes(path)
        let actual = SHA256.hex(bytes)
        guard actual == expectedSHA256 else {
            throw BaseModelError.digestMismatch(path: path, expected: expectedSHA256, actual: actual)
        }
        let checkpoint = try Checkpoint.decode(bytes, path: path)
        return try Transformer(checkpoint: checkpoint, maxBatch: maxBatch)
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError(path: path, problem: "cannot be read (missing or unreadable)")
        }
        return [UInt8](data)
    }
}
