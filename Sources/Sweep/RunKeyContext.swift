import RiteCore
import Training

/// What a run key depends on beyond the spec, supplied by the caller: the Tasks target knows a
/// task's generator version and scoring settings, the Model target knows the digest of a preset's
/// pretrained base checkpoint. Each function throws an error saying why it cannot answer (for
/// example, a checkpoint that does not exist yet).
public struct RunKeyContext: Sendable {
    public var taskVersion: @Sendable (_ task: String) throws -> String
    public var scoring: @Sendable (_ task: String) throws -> String
    public var baseCheckpointSHA256: @Sendable (_ preset: String) throws -> String
    public var numericsVersion: Int
    /// The raw-gradient clip an optimizer's reference trainer applies (`nil`: none), used when a
    /// spec leaves `clip_grad_norm` to the optimizer.
    public var defaultClipGradNorm: @Sendable (_ optimizer: String) -> Double?

    public init(taskVersion: @escaping @Sendable (String) throws -> String,
                scoring: @escaping @Sendable (String) throws -> String,
                baseCheckpointSHA256: @escaping @Sendable (String) throws -> String,
                numericsVersion: Int = NumericsVersion.current,
                defaultClipGradNorm: @escaping @Sendable (String) -> Double? = { _ in nil }) {
        self.taskVersion = taskVersion
        self.scoring = scoring
        self.baseCheckpointSHA256 = baseCheckpointSHA256
        self.numericsVersion = numericsVersion
        self.defaultClipGradNorm = defaultClipGradNorm
    }

    /// `training` as a run of `optimizer` uses it: the optimizer's own clip when the settings
    /// leave `clipGradNorm` to it (`clipGradNormFollowsOptimizer`).
    public func resolvedTraining(_ training: TrainingSettings, optimizer: String) -> TrainingSettings {
        var resolved = training
        if resolved.clipGradNormFollowsOptimizer { resolved.clipGradNorm = defaultClipGradNorm(optimizer) }
        return resolved
    }
}
