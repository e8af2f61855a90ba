import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RiteCore
import Store

/// How a sweep runs.
public struct SweepOptions: Sendable {
    public var databasePath: String
    /// Worker processes at once.
    public var jobs: Int
    public var shard = Shard.whole
    /// Send failed runs back to pending first.
    public var retryFailed = false
    public var gitCommit: String?
    public var policy: DeadWorkerPolicy
    public var pollInterval: TimeInterval = 1
    /// Make this spec the experiment's definition even if the store holds another spec of its name.
    public var replace = false
    /// Raised by SIGINT or SIGTERM: the sweep asks its workers to put their runs back and stops.
    public var interruption: Interruption?
    /// How long a stopping sweep waits for its workers before it leaves them to the next sweep.
    public var stopGrace: TimeInterval = 30

    public init(databasePath: String, jobs: Int, policy: DeadWorkerPolicy) {
        self.databasePath = databasePath
        self.jobs = jobs
        self.policy = policy
    }
}

/// How a sweep ended.
public struct SweepResult: Sendable, Equatable {
    /// Counts by status over the runs of this sweep (its shard, all phases it could plan).
    public var counts: [RunStatus: Int] = [:]
    /// A first-seed search whose phase 2 needs phase-1 results held by other shards.
    public var waitingForOtherShards = false
    /// Selection groups without a phase-2 rate, with the reason.
    public var unresolved: [String] = []
}

public enum SweepError: Error, CustomStringConvertible, Equatable {
    case workerCannotStart(status: Int32)
    case workersKeepFailing(count: Int)
    /// SIGINT or SIGTERM: the workers put their runs back to pending and the sweep stopped.
    case interrupted(signal: Int32)
    /// Another sweep made another spec this experiment's definition while this one ran.
    case experimentReplaced(name: String, by: String)

    public var description: String {
        switch self {
        case let .interrupted(signal):
            "interrupted by signal \(signal); the runs in progress went back to pending: run the same sweep again to finish"
        case let .experimentReplaced(name, path):
            "experiment \(name) was replaced by the spec \(path) (another sweep with --replace); this sweep stops"
        case let .workerCannotStart(status):
            "a worker could not start (exit status \(status)); see its message above"
        case let .workersKeepFailing(count):
            "\(count) workers in a row exited with an error without any run finishing; stopping the sweep"
        }
    }
}

/// Runs an experiment to completion: records the experiment, adds its grid (this shard's share),
/// starts up to `jobs` workers while runs are pending, takes back runs of dead workers, shows
/// progress, and for a first-seed search chooses the rates and adds phase 2 once phase 1 is done.
/// Stopped at any moment and started again, it finishes the rest.
public final class SweepCoordinator {
    let store: ResultStore
    let grid: SweepGrid
    let options: SweepOptions
    let launcher: any WorkerLauncher
    let printer: ProgressPrinter
    private var workers: [(worker: any LaunchedWorker, finishedAtLaunch: Int)] = []
    private var launched = 0
    /// Workers in a row that exited with an error while no run finished.
    private var strikes = 0

    public init(store: ResultStore, grid: SweepGrid, options: SweepOptions, launcher: any WorkerLauncher,
                printer: ProgressPrinter) {
        self.store = store
        self.grid = grid
        self.options = options
        self.launcher = launcher
        self.printer = printer
    }

    public func run() throws -> SweepResult {
        let spec = grid.spec, shard = options.shard
        let replaced = try store.saveExperiment(ExperimentEntry(name: spec.name, specText: spec.text, specSHA256: SHA256.hex(spec.text),
                                                                sourcePath: spec.sourcePath, updatedAt: Date()),
                                                replacing: options.replace)
        if let replaced { printer.line("experiment \(spec.name): this spec replaces the one from \(replaced.sourcePath)") }
        if options.retryFailed {
            let count = try store.requeueFailedRuns(of: spec.name, includes: { shard.contains(key: $0) })
            printer.line("\(count) failed run(s) sent back to pending")
        }
        var result = SweepResult()
        while true {
            let plan = try SweepPlanner(store: store, grid: grid).plan()
            let mine = plan.runs.filter { shard.contains(key: $0.key) }
            try store.syncMembers(of: spec.name, planned: mine.map(\.planned), prunes: { shard.contains(key: $0) })
            try runUntilFinished(mine)
            result.unresolved = plan.unresolved
            if plan.phaseTwoIncluded || !grid.hasSecondPhase { break }
            if !(try SweepPlanner(store: store, grid: grid).phaseOneFinished()) {
                result.waitingForOtherShards = true
                break
            }
        }
        try waitForWorkers()
        printer.finish()
        let members = try store.members(of: spec.name).filter { shard.contains(key: $0.run.key) }
        for member in members { result.counts[member.run.status, default: 0] += 1 }
        return result
    }

    private func runUntilFinished(_ runs: [GridRun]) throws {
        let keys = runs.map(\.key)
        var known: [String: RunStatus]?
        var estimate = TimeEstimate(measured: try store.timedRuns())
        var lastEstimate = Date()
        let specSHA256 = SHA256.hex(grid.spec.text)
        while true {
            if let signal = options.interruption?.signal { try stopWorkers(signal: signal) }
            if let stored = try store.experiment(named: grid.spec.name), stored.specSHA256 != specSHA256 {
                try stopWorkers(signal: SIGTERM, error: .experimentReplaced(name: grid.spec.name, by: stored.sourcePath))
            }
            for abandoned in try store.requeueAbandonedRuns(policy: options.policy) {
                let charge = abandoned.charged ? ", charged as a crash" : ""
                printer.line("run \(abandoned.key.prefix(12)) taken back (\(abandoned.evidence)\(charge)); now \(abandoned.newStatus.rawValue)")
            }
            let stored = try store.runs(keys: keys)
            let current = keys.compactMap { stored[$0] }
            let finished = current.filter(\.status.isFinished).count
            if let known {
                let newlyFinished = current.filter { $0.status.isFinished && known[$0.key] != $0.status }
                let before = finished - newlyFinished.count
                for (index, run) in newlyFinished.enumerated() { announce(run, number: before + index + 1, of: keys.count) }
            } else if finished > 0 {
                printer.line("\(finished) of \(keys.count) runs already finished")
            }
            known = Dictionary(uniqueKeysWithValues: current.map { ($0.key, $0.status) })
            if finished == keys.count { return }
            try reapWorkers(finished: finished)
            let pending = current.filter { $0.status == .pending }.count
            let wanted = min(options.jobs, pending) - workers.count
            if wanted > 0 { try launchWorkers(wanted, finished: finished) }
            if Date().timeIntervalSince(lastEstimate) > 10 {
                estimate = TimeEstimate(measured: try store.timedRuns())
                lastEstimate = Date()
            }
            printer.live(progressLine(current, total: keys.count, estimate: estimate))
            Thread.sleep(forTimeInterval: options.pollInterval)
        }
    }

    private func announce(_ run: StoredRun, number: Int, of total: Int) {
        var text = "[\(number)/\(total)] \(RunLabel.text(run)): \(run.status.rawValue)"
        if let wall = run.wallSeconds { text += " in \(TimeText.duration(wall))" }
        if run.status != .done, let error = run.errorText { text += ": \(error)" }
        printer.line(text)
    }

    func progressLine(_ runs: [StoredRun], total: Int, estimate: TimeEstimate) -> String {
        var counts: [RunStatus: Int] = [:]
        for run in runs { counts[run.status, default: 0] += 1 }
        var text = "\(counts[.done, default: 0])/\(total) done"
        if let failed = counts[.failed] { text += ", \(failed) failed" }
        if let diverged = counts[.diverged] { text += ", \(diverged) diverged" }
        let running = runs.filter { $0.status == .running }
        if !running.isEmpty {
            text += " | running: " + running.map { "\($0.optimizer) lr=\(CanonicalJSON.format($0.learningRate)) "
                + "seed=\($0.seed) \($0.lastStep)/\($0.steps)" }.joined(separator: ", ")
        }
        let left = runs.filter { !$0.status.isFinished }.map { (shape: RunShape($0), stepsLeft: max(0, $0.steps - $0.lastStep)) }
        if let seconds = estimate.secondsLeft(for: left, jobs: options.jobs) {
            text += " | ETA \(TimeText.duration(seconds))"
        } else {
            text += " | ETA unknown"
        }
        return text
    }

    private func launchWorkers(_ count: Int, finished: Int) throws {
        for _ in 0 ..< count {
            launched += 1
            let request = WorkerRequest(databasePath: options.databasePath, experiment: grid.spec.name, shard: options.shard,
                                        gitCommit: options.gitCommit, parentPID: LocalProcessProbe.currentPID, number: launched,
                                        hangTimeout: options.policy.hangTimeout)
            workers.append((try launcher.launch(request), finished))
        }
    }

    /// Forgets the workers that have exited. A worker that stopped on request (SIGINT, SIGTERM,
    /// orphaned) is no strike; others count towards `workersKeepFailing` unless a run finished
    /// since they started.
    private func reapWorkers(finished: Int) throws {
        var alive: [(worker: any LaunchedWorker, finishedAtLaunch: Int)] = []
        for entry in workers {
            guard let status = entry.worker.exitStatus else { alive.append(entry); continue }
            if status == WorkerExitCode.cannotStart { throw SweepError.workerCannotStart(status: status) }
            if status != 0 && !Interruption.isCleanStop(status) && status != WorkerExitCode.orphaned {
                printer.line("a worker exited with status \(status)")
                strikes = finished > entry.finishedAtLaunch ? 0 : strikes + 1
                if strikes >= 3 * max(1, options.jobs) { throw SweepError.workersKeepFailing(count: strikes) }
            }
        }
        workers = alive
    }

    /// Asks every worker to stop (each puts its run back to pending), waits up to `stopGrace`
    /// for them, and ends the sweep with `error` (by default: interrupted by `signal`).
    private func stopWorkers(signal: Int32, error: SweepError? = nil) throws -> Never {
        printer.finish()
        printer.line("stopping: asking \(workers.count) worker(s) to put their runs back")
        for entry in workers { entry.worker.terminate() }
        let deadline = Date().addingTimeInterval(options.stopGrace)
        while workers.contains(where: { $0.worker.exitStatus == nil }) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw error ?? SweepError.interrupted(signal: signal)
    }

    private func waitForWorkers() throws {
        while workers.contains(where: { $0.worker.exitStatus == nil }) {
            if let signal = options.interruption?.signal { try stopWorkers(signal: signal) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        workers = []
    }
}
