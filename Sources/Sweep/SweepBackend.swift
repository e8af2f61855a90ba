/// What the command line needs from the training code to sweep: the names a spec may use, what
/// run keys depend on, and the executor workers use. The executable builds one in its single
/// wiring point; tests build their own.
public struct SweepBackend: Sendable {
    public var vocabulary: SpecVocabulary
    public var keyContext: RunKeyContext
    /// Called once per worker process (it may load data and checkpoints).
    public var makeExecutor: @Sendable () throws -> any RunExecutor

    public init(vocabulary: SpecVocabulary, keyContext: RunKeyContext, makeExecutor: @escaping @Sendable () throws -> any RunExecutor) {
        self.vocabulary = vocabulary
        self.keyContext = keyContext
        self.makeExecutor = makeExecutor
    }
}
