import Foundation
import RiteCore

/// One fully resolved run: everything that determines what it computes. Its canonical JSON is
/// stored with the run, and the SHA-256 of that text is the run key, so the same configuration
/// always has the same key and any change (a hyper-parameter, the task generator's version, the
/// scoring settings, the base checkpoint, the code version) gives another.
public struct ResolvedRun: Sendable, Equatable, Codable {
    /// The version of this canonical form; bump it if a field changes meaning.
    public static let currentFormat = 1

    public var format = ResolvedRun.currentFormat
    public var preset: String
    public var task: String
    public var optimizer: OptimizerChoice
    public var rank: Int
    public var learningRate: Double
    public var seed: Int
    public var training: TrainingSettings
    /// The version of the task's generator (from the Tasks target).
    public var taskVersion: String
    /// A canonical description of how the task is scored (metrics, splits, caps).
    public var scoring: String
    /// The SHA-256 of the pretrained base checkpoint file the run starts from.
    public var baseCheckpointSHA256: String
    /// rite-repro's `ToolVersion`, bumped whenever a change alters what a run computes.
    public var codeVersion: String

    public init(preset: String, task: String, optimizer: OptimizerChoice, rank: Int, learningRate: Double, seed: Int,
                training: TrainingSettings, taskVersion: String, scoring: String, baseCheckpointSHA256: String,
                codeVersion: String) {
        self.preset = preset
        self.task = task
        self.optimizer = optimizer
        self.rank = rank
        self.learningRate = learningRate
        self.seed = seed
        self.training = training
        self.taskVersion = taskVersion
        self.scoring = scoring
        self.baseCheckpointSHA256 = baseCheckpointSHA256
        self.codeVersion = codeVersion
    }

    enum CodingKeys: String, CodingKey {
        case format, preset, task, optimizer, rank, seed, training, scoring
        case learningRate = "learning_rate", taskVersion = "task_version"
        case baseCheckpointSHA256 = "base_checkpoint_sha256", codeVersion = "code_version"
    }

    public var canonical: CanonicalJSON {
        let t = training
        return .object([
            "format": .integer(format),
            "preset": .string(preset),
            "task": .string(task),
            "optimizer": .object([
                "name": .string(optimizer.name),
                "hyperparameters": .object(optimizer.hyperparameters.mapValues(\.canonical)),
            ]),
            "rank": .integer(rank),
            "learning_rate": .double(learningRate),
            "seed": .integer(seed),
            "training": .object([
                "steps": .integer(t.steps),
                "batch": .integer(t.batch),
                "warmup": .integer(t.warmup),
                "schedule": .string(t.schedule.rawValue),
                "eval_every": .integer(t.evalEvery),
                "alpha": .double(t.alpha),
                "targets": .array(t.targets.map { .string($0.rawValue) }),
                "eval_cap": t.evalCap.map { .integer($0) } ?? .null,
                "clip_grad_norm": t.clipGradNorm.map { .double($0) } ?? .null,
            ]),
            "task_version": .string(taskVersion),
            "scoring": .string(scoring),
            "base_checkpoint_sha256": .string(baseCheckpointSHA256),
            "code_version": .string(codeVersion),
        ])
    }

    /// The canonical JSON text (sorted keys, fixed number formatting).
    public var canonicalJSON: String { canonical.text }

    /// The run key: lowercase hex SHA-256 of `canonicalJSON`.
    public var key: String { SHA256.hex(canonicalJSON) }

    /// Reads a run back from its stored canonical JSON.
    public static func decode(canonicalJSON text: String) throws -> ResolvedRun {
        try JSONDecoder().decode(ResolvedRun.self, from: Data(text.utf8))
    }
}
