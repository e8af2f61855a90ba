import Foundation
import RiteCore
import Store
import Training

/// The sink a worker gives its executor: it applies the outcome rule to every step, buffers
/// metrics and writes them to the store every `flushSteps` steps or `flushInterval` seconds
/// (whichever comes first) together with the run's current step, and hands the rest to the
/// worker, which writes it (and the optimizer's report over the run) with the run's final status in
/// one transaction.
///
/// Per-pair norms are kept at step 1, at every evaluation step (multiples of `eval_every`) and at
/// the last step; the aggregate (`StepReport.aggregate`) is kept at every step.
final class StoreRunSink: RunSink {
    let store: ResultStore
    let claim: RunClaim
    let run: ResolvedRun
    let flushSteps: Int
    let flushInterval: TimeInterval
    private var monitor: OutcomeMonitor
    private var buffer = MetricBatch()
    private var lastFlush = Date()
    private(set) var lastStep = 0
    private(set) var trainingSeconds: Double?
    /// The optimizer's report over the steps seen so far; nil before the first step.
    private(set) var optimizerReport: OptimizerRunReport?

    init(store: ResultStore, claim: RunClaim, run: ResolvedRun, outcomes: OutcomeRule,
         flushSteps: Int = 50, flushInterval: TimeInterval = 2) {
        self.store = store
        self.claim = claim
        self.run = run
        self.flushSteps = flushSteps
        self.flushInterval = flushInterval
        monitor = outcomes.monitor(steps: run.training.steps)
    }

    func recordStep(_ report: StepReport) throws {
        // Before the outcome rule: the step was taken, and a diverged run keeps its report too.
        optimizerReport = report.optimizer
        if let reason = monitor.observe(report) {
            lastStep = max(lastStep, report.step)
            throw RunDiverged(step: report.step, reason: reason)
        }
        buffer.steps.append(report.aggregate)
        if keepsPairs(at: report.step) {
            buffer.pairs += report.pairs.map {
                PairMetric(step: report.step, pair: $0.name, aNorm: $0.a, bNorm: $0.b, aUpdateNorm: $0.deltaA, bUpdateNorm: $0.deltaB)
            }
        }
        lastStep = max(lastStep, report.step)
        try flushIfDue()
    }

    func recordEvaluation(_ evaluation: Evaluation) throws {
        guard evaluation.value.isFinite else {
            throw RunDiverged(step: evaluation.step,
                              reason: "\(evaluation.split)/\(evaluation.metric) is \(evaluation.value) at step \(evaluation.step)")
        }
        buffer.evaluations.append(evaluation)
        try flushIfDue()
    }

    func recordTrainingTime(seconds: Double) { trainingSeconds = seconds }

    /// Why the finished run did not learn (`OutcomeRule`), or `nil`.
    var didNotLearn: String? { monitor.didNotLearn() }

    func heartbeat(step: Int) throws {
        lastStep = max(lastStep, step)
        try flush()
    }

    func keepsPairs(at step: Int) -> Bool {
        step == 1 || step % run.training.evalEvery == 0 || step == run.training.steps
    }

    /// The metrics not yet written (the worker writes them with the run's final status).
    func takeRemaining() -> MetricBatch {
        defer { buffer = MetricBatch() }
        return buffer
    }

    private func flushIfDue() throws {
        if buffer.steps.count >= flushSteps || Date().timeIntervalSince(lastFlush) >= flushInterval { try flush() }
    }

    private func flush() throws {
        try store.recordProgress(claim, metrics: buffer, lastStep: lastStep)
        buffer = MetricBatch()
        lastFlush = Date()
    }
}
