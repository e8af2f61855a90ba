import Foundation
import RiteCore

/// One fully resolved run: everything that determines what it computes. Its canonical JSON is
/// stored with the run, and the SHA-256 of that text is the run key, so the same configuration
/// always has the same key and any change (a hyper-parameter, the task generator's version, the
/// scoring settings, the base checkpoint, the code version) gives another.
public struct ResolvedRun: Sendable, Equatable, Codable {
    /// The version of this canonical form; bump it if a field changes meaning. Format 1 carried
    /// the tool's release as `code_version`; format 2 carries `numerics_version` instead, so a
    /// release that changes no numbers keeps every key.
    public static let currentFormat = 2

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
    /// `NumericsVersion` of the build that planned the run (0 for format-1 runs, planned before
    /// numerics were versioned).
    public var numericsVersion: Int

    public init(preset: String, task: String, optimizer: OptimizerChoice, rank: Int, learningRate: Double, seed: Int,
                training: TrainingSettings, taskVersion: String, scoring: String, baseCheckpointSHA256: String,
                numericsVersion: Int) {
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
        self.numericsVersion = numericsVersion
    }

    enum CodingKeys: String, CodingKey {
        case format, preset, task, optimizer, rank, seed, training, scoring
        case learningRate = "learning_rate", taskVersion = "task_version"
        case baseCheckpointSHA256 = "base_checkpoint_sha256", numericsVersion = "numerics_version"
        case codeVersion = "code_version"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        guard (1 ... Self.currentFormat).contains(format) else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: c,
                                                   debugDescription: "run format \(format) is newer than this build's \(Self.currentFormat)")
        }
        preset = try c.decode(String.self, forKey: .preset)
        task = try c.decode(String.self, forKey: .task)
        optimizer = try c.decode(OptimizerChoice.self, forKey: .optimizer)
        rank = try c.decode(Int.self, forKey: .rank)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
        seed = try c.decode(Int.self, forKey: .seed)
        training = try c.decode(TrainingSettings.self, forKey: .training)
        taskVersion = try c.decode(String.self, forKey: .taskVersion)
        scoring = try c.decode(String.self, forKey: .scoring)
        baseCheckpointSHA256 = try c.decode(String.self, forKey: .baseCheckpointSHA256)
        numericsVersion = format == 1 ? 0 : try c.decode(Int.self, forKey: .numericsVersion)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(preset, forKey: .preset)
        try c.encode(task, forKey: .task)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encode(rank, forKey: .rank)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(seed, forKey: .seed)
        try c.encode(training, forKey: .training)
        try c.encode(taskVersion, forKey: .taskVersion)
        try c.encode(scoring, forKey: .scoring)
        try c.encode(baseCheckpointSHA256, forKey: .baseCheckpointSHA256)
        try c.encode(numericsVersion, forKey: .numericsVersion)
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
            "numerics_version": .integer(numericsVersion),
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
