import Store
import Training

/// What the command line needs from the training code to sweep: the names a spec may use, what
/// run keys depend on, the executor workers use, and how a preset's base model is made ready.
/// The command line uses `SweepBackend.standard`; tests build their own.
public struct SweepBackend: Sendable {
    public var vocabulary: SpecVocabulary
    public var keyContext: RunKeyContext
    /// Called once per worker process (it may load data and checkpoints).
    public var makeExecutor: @Sendable () throws -> any RunExecutor
    /// Makes the base model of a preset ready (pretrains it if missing, checks it if present) and
    /// returns it to be recorded; called before the database is opened, so a missing, corrupt or
    /// truncated checkpoint stops a sweep with nothing written. `nil`: nothing to prepare (tests).
    public var prepareBaseModel: (@Sendable (_ preset: String) throws -> BaseCheckpoint)?

    public init(vocabulary: SpecVocabulary, keyContext: RunKeyContext, makeExecutor: @escaping @Sendable () throws -> any RunExecutor,
                prepareBaseModel: (@Sendable (String) throws -> BaseCheckpoint)? = nil) {
        self.vocabulary = vocabulary
        self.keyContext = keyContext
        self.makeExecutor = makeExecutor
        self.prepareBaseModel = prepareBaseModel
    }
}
