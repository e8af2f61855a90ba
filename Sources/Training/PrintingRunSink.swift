import Foundation
import RiteCore

/// A sink for one run trained outside a sweep (`rite-repro run`): applies the outcome rule and
/// prints a line every `every` steps (with the optimizer's skipped factors, zeroed steps and
/// fallbacks so far, when any) and at each evaluation; keeps the evaluations and the optimizer's report.
public final class PrintingRunSink: RunSink {
    private var monitor: OutcomeMonitor
    private let every: Int
    private let write: (String) -> Void
    private let start = Date()
    public private(set) var evaluations: [Evaluation] = []
    public private(set) var lastStep = 0

    /// The largest `||s B A|| / ||W||` of any adapter at any step so far.
    public private(set) var largestAdapterRatio = 0.0
    /// The optimizer's report over the steps so far; nil before the first step.
    public private(set) var optimizerReport: OptimizerRunReport?

    public init(outcomes: OutcomeRule = OutcomeRule(), steps: Int, every: Int, write: @escaping (String) -> Void) {
        monitor = outcomes.monitor(steps: steps)
        self.every = max(1, every)
        self.write = write
    }

    public func recordStep(_ report: StepReport) throws {
        lastStep = report.step
        optimizerReport = report.optimizer
        largestAdapterRatio = report.pairs.reduce(largestAdapterRatio) { Swift.max($0, $1.adapterRatio) }
        if let reason = monitor.observe(report) { throw RunDiverged(step: report.step, reason: reason) }
        if report.step == 1 || report.step % every == 0 {
            let m = report.aggregate
            func ratio(_ x: Double?) -> String { x.map { String(format: "%.2e", $0) } ?? "-" }
            write("step \(report.step): loss \(String(format: "%.4f", report.trainLoss)), lr \(String(format: "%.3e", report.learningRate)), "
                + "|A| \(String(format: "%.4f", m.aNorm)), |B| \(String(format: "%.4f", m.bNorm)), "
                + "|dA|/|A| \(ratio(m.aUpdateRatio)), |dB|/|B| \(ratio(m.bUpdateRatio)), "
                + "\(String(format: "%.1f", Date().timeIntervalSince(start))) s" + OptimizerReportText.progress(report.optimizer))
        }
    }

    public func recordEvaluation(_ evaluation: Evaluation) throws {
        evaluations.append(evaluation)
        write("  eval step \(evaluation.step): \(evaluation.split) \(evaluation.metric) = \(String(format: "%.4f", evaluation.value))")
    }

    public func heartbeat(step: Int) throws { lastStep = step }

    /// Why the finished run did not learn (`OutcomeRule`), or `nil`.
    public var didNotLearn: String? { monitor.didNotLearn() }
}
