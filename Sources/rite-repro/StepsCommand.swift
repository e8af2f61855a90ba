import ArgumentParser
import RiteCore
import Store

/// `rite-repro steps KEY`: one run's per-step metrics as tab-separated text, for reading by hand or
/// loading elsewhere. A finished run's metrics are compressed blobs (`step_series`) that SQL alone
/// cannot read.
struct StepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steps",
        abstract: "Print a run's per-step metrics, tab-separated, one line per step.",
        discussion: """
        Columns: step, train_loss, learning_rate, a_norm, b_norm, a_update_ratio, b_update_ratio (empty \
        where a norm is zero). The loss, norms and ratios are printed as the shortest text of their \
        Float32 value, the learning rate as the shortest text of its Float64 value. Run keys: \
        SELECT key FROM runs in the database.
        """
    )

    @Argument(help: "The run's key (64 hexadecimal digits).")
    var key: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try ResultStore(path: database.path, mode: .existing)
        guard try store.run(key: key) != nil else { throw StoreError.unknownRun(key: key) }
        print(Self.header)
        for metric in try store.stepMetrics(runKey: key) { print(Self.line(metric)) }
    }

    static let header = ["step", "train_loss", "learning_rate", "a_norm", "b_norm", "a_update_ratio", "b_update_ratio"]
        .joined(separator: "\t")

    static func line(_ metric: StepMetric) -> String {
        func single(_ value: Double?) -> String { value.map { Float($0).description } ?? "" }
        return ["\(metric.step)", single(metric.trainLoss), "\(metric.learningRate)", single(metric.aNorm), single(metric.bNorm),
                single(metric.aUpdateRatio), single(metric.bUpdateRatio)].joined(separator: "\t")
    }
}
