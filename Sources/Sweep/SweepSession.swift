import Foundation
import Store

/// One `rite-repro sweep` from the spec file to the result, in the order that keeps a bad input
/// from leaving anything behind: the spec is decoded (every check of `SpecDecoder`), an existing
/// database is checked for damage (SQLite's quick check), the base model is made ready and
/// checked, and only then is the database opened for writing and the coordinator started.
public struct SweepSession {
    public var specPath: String
    public var options: SweepOptions
    public var backend: SweepBackend
    public var launcher: any WorkerLauncher
    public var printer: ProgressPrinter
    /// Called once everything is checked, just before workers start (the command line traps
    /// SIGINT and SIGTERM here: earlier, pretraining a base model, a signal simply ends it).
    public var willStart: () -> Void = {}

    public init(specPath: String, options: SweepOptions, backend: SweepBackend, launcher: any WorkerLauncher, printer: ProgressPrinter) {
        self.specPath = specPath
        self.options = options
        self.backend = backend
        self.launcher = launcher
        self.printer = printer
    }

    /// The decoded spec (for messages before the sweep starts).
    public func spec() throws -> ExperimentSpec {
        try SpecDecoder.load(path: specPath, vocabulary: backend.vocabulary)
    }

    /// Runs the sweep; returns its result, or throws before writing anything for a bad spec, a
    /// damaged database or an unusable base model.
    public func run() throws -> (spec: ExperimentSpec, result: SweepResult) {
        let spec = try spec()
        let path = options.databasePath
        if FileManager.default.fileExists(atPath: path) { try ResultStore.verify(path: path, check: .quick) }
        let checkpoint = try backend.prepareBaseModel?(spec.preset)
        let store = try ResultStore(path: path)
        if let checkpoint { try store.saveBaseCheckpoint(checkpoint) }
        willStart()
        let result = try SweepCoordinator(store: store, grid: SweepGrid(spec: spec, context: backend.keyContext), options: options,
                                          launcher: launcher, printer: printer).run()
        return (spec, result)
    }
}
