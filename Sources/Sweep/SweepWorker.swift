import Foundation
import RiteCore
import Store
import Training
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a worker needs to know besides its store and executor.
public struct WorkerSettings: Sendable {
    public var experiment: String
    public var shard: Shard
    public var stamp: ExecutionStamp
    public var policy: DeadWorkerPolicy
    public var outcomes = OutcomeRule()
    /// Seconds between heartbeats (well below `DeadWorkerPolicy.heartbeatTimeout`).
    public var heartbeatInterval: TimeInterval = 5
    /// If set, the worker process exits as soon as its parent is no longer this pid, so killing a
    /// sweep (even with kill -9) does not leave orphaned workers running; its run goes back to
    /// pending first.
    public var parentPID: Int32?
    /// Raised on SIGINT or SIGTERM: the worker puts its run back to pending and calls `exit`.
    public var interruption: Interruption?
    /// How the worker process ends after an interruption or when orphaned (tests record it instead).
    public var exit: @Sendable (Int32) -> Void = { _exit($0) }

    public init(experiment: String, shard: Shard, stamp: ExecutionStamp, policy: DeadWorkerPolicy) {
        self.experiment = experiment
        self.shard = shard
        self.stamp = stamp
        self.policy = policy
    }
}

/// How a worker's runs ended.
public struct WorkerSummary: Sendable, Equatable {
    public var done = 0
    public var failed = 0
    public var diverged = 0
    public var didNotLearn = 0
    /// Runs taken over by another worker while this one ran them (results discarded).
    public var lost = 0

    public init() {}
}

/// A worker: registers itself, then claims pending runs of one experiment (and shard) one at a
/// time, executes each, and records how it ended, until none is left. Its heartbeat runs on a
/// separate thread. A failing run does not stop the worker; a store error does. Asked to stop
/// (SIGINT, SIGTERM) or orphaned, it puts its run back to pending at once, uncharged, and exits.
public final class SweepWorker: Sendable {
    let store: ResultStore
    let identity: WorkerInfo
    let executor: any RunExecutor
    let settings: WorkerSettings
    private let state = ClaimState()

    /// The run in progress, guarded so that a stop request never races a claim.
    final class ClaimState: @unchecked Sendable {
        let lock = NSLock()
        var current: RunClaim?
        var stopping = false
    }

    public init(store: ResultStore, identity: WorkerInfo, executor: any RunExecutor, settings: WorkerSettings) {
        self.store = store
        self.identity = identity
        self.executor = executor
        self.settings = settings
    }

    /// Works until no pending run of the experiment and shard is left.
    public func run(log: (String) -> Void = { _ in }) throws -> WorkerSummary {
        try store.registerWorker(identity)
        settings.interruption?.onRaise { [self] signal in stop(exitStatus: Interruption.exitStatus(for: signal)) }
        let heart = PeriodicThread(interval: settings.heartbeatInterval) { [self] in
            if let parent = settings.parentPID, getppid() != parent { stop(exitStatus: WorkerExitCode.orphaned) }
            try? store.heartbeat(workerID: identity.id)
        }
        heart.start()
        defer {
            heart.stop()
            try? store.markWorkerExited(workerID: identity.id)
        }
        var summary = WorkerSummary()
        while let claimed = try claimNext() {
            defer { state.lock.withLock { state.current = nil } }
            switch try execute(claimed) {
            case .done: summary.done += 1
            case .failed: summary.failed += 1
            case .diverged: summary.diverged += 1
            case .didNotLearn: summary.didNotLearn += 1
            default: summary.lost += 1
            }
            log("\(claimed.run.key.prefix(12)) \(claimed.run.optimizer) lr=\(CanonicalJSON.format(claimed.run.learningRate)) "
                + "seed=\(claimed.run.seed): \(try store.run(key: claimed.run.key)?.status.rawValue ?? "?")")
        }
        return summary
    }

    /// Claims the next run unless the worker is stopping; the claim is recorded as current in the
    /// same critical section, so a stop request sees every run this worker holds.
    private func claimNext() throws -> ClaimedRun? {
        // An orphan takes no new run (its heartbeat would notice only seconds later).
        if let parent = settings.parentPID, getppid() != parent { stop(exitStatus: WorkerExitCode.orphaned) }
        return try state.lock.withLock {
            guard !state.stopping else { return nil }
            let shard = settings.shard
            let claimed = try store.claimNextRun(of: settings.experiment, includes: { shard.contains(key: $0) },
                                                 worker: identity, stamp: settings.stamp, policy: settings.policy)
            state.current = claimed?.claim
            return claimed
        }
    }

    /// Stops the worker for good: its run goes back to pending (what it measured is deleted, no
    /// attempt is charged), the worker is recorded as exited, and `settings.exit` ends the process.
    /// Called from the signal or heartbeat thread while the main thread may be mid-step; its later
    /// writes find the claim released and change nothing.
    func stop(exitStatus: Int32) {
        let (first, claim) = state.lock.withLock { () -> (Bool, RunClaim?) in
            defer { state.stopping = true }
            return (!state.stopping, state.current)
        }
        guard first else { return }
        if let claim { _ = try? store.releaseRun(claim) }
        try? store.markWorkerExited(workerID: identity.id)
        settings.exit(exitStatus)
    }

    /// Executes one claimed run and records its end; returns its status (`running` if the claim was lost).
    @discardableResult
    func execute(_ claimed: ClaimedRun) throws -> RunStatus {
        let clock = ContinuousClock(), start = clock.now
        func seconds() -> Double {
            let elapsed = clock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        let resolved: ResolvedRun
        do {
            resolved = try ResolvedRun.decode(canonicalJSON: claimed.run.configJSON)
        } catch {
            return try finish(claimed.claim, .failed(message: "cannot read the run's stored configuration: \(ErrorText.describe(error))"),
                              metrics: MetricBatch(), lastStep: 0, wall: seconds())
        }
        let sink = StoreRunSink(store: store, claim: claimed.claim, run: resolved, outcomes: settings.outcomes)
        let completion: RunCompletion
        do {
            switch try executor.execute(resolved, sink: sink) {
            case let .done(scores):
                if let bad = scores.first(where: { !$0.value.isFinite }) {
                    completion = .failed(message: "final score \(bad.split)/\(bad.metric) is \(bad.value)")
                } else if let reason = sink.didNotLearn {
                    completion = .didNotLearn(scores: scores, reason: reason)
                } else {
                    completion = .done(scores: scores)
                }
            case let .diverged(step, reason):
                completion = .diverged(step: step, reason: reason)
            }
        } catch let diverged as RunDiverged {
            completion = .diverged(step: diverged.step, reason: diverged.reason)
        } catch let error as StoreError {
            if case .claimLost = error { return .running }
            throw error
        } catch {
            completion = .failed(message: ErrorText.describe(error))
        }
        return try finish(claimed.claim, completion, metrics: sink.takeRemaining(), lastStep: sink.lastStep, wall: seconds(),
                          training: sink.trainingSeconds, optimizerReport: sink.optimizerReport)
    }

    private func finish(_ claim: RunClaim, _ completion: RunCompletion, metrics: MetricBatch, lastStep: Int,
                        wall: Double, training: Double? = nil, optimizerReport: OptimizerRunReport? = nil) throws -> RunStatus {
        do {
            try store.finishRun(claim, completion: completion, metrics: metrics, lastStep: lastStep, wallSeconds: wall,
                                trainingSeconds: training, optimizerReport: optimizerReport)
            return completion.status
        } catch let error as StoreError {
            if case .claimLost = error { return .running }
            throw error
        }
    }
}
