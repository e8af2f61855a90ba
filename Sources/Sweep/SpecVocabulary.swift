import Optimizers
/// The names a spec may use and how optimizer hyper-parameters are checked. The Optimizers,
/// Tasks and Model targets own these; the command line passes them in, tests pass their own.
public struct SpecVocabulary: Sendable {
    public var optimizers: [String]
    public var tasks: [String]
    public var presets: [String]
    /// Validates an optimizer's hyper-parameter overrides and returns the complete, resolved set
    /// (defaults filled in). Throws an error whose description says which value is wrong and what
    /// is allowed; the spec decoder adds the file, line and key.
    public var resolveHyperparameters: @Sendable (_ optimizer: String, _ overrides: [String: HyperparameterValue]) throws -> [String: HyperparameterValue]

    public init(optimizers: [String], tasks: [String], presets: [String],
                resolveHyperparameters: @escaping @Sendable (String, [String: HyperparameterValue]) throws -> [String: HyperparameterValue]) {
        self.optimizers = optimizers
        self.tasks = tasks
        self.presets = presets
        self.resolveHyperparameters = resolveHyperparameters
    }
}
