import Foundation

/// Tells whether a process on this host is still the one that was recorded, and stops one.
public protocol ProcessProbe: Sendable {
    /// The start token of the live process `pid` (see `WorkerInfo.processStart`), or `nil` if no
    /// such process exists or it has already exited (a zombie counts as exited).
    func startToken(of pid: Int32) -> String?
    /// Stops process `pid` for good (a hung worker: it cannot be asked, so it is killed).
    func stop(pid: Int32)
}

extension ProcessProbe {
    /// Probes that only observe (tests) stop nothing.
    public func stop(pid: Int32) {}
}

/// Why a worker is judged gone, and whether its run is charged for it.
public struct WorkerVerdict: Sendable, Equatable {
    /// What shows it, for messages (`worker w (pid 7) is no longer running`).
    public var evidence: String
    /// Whether the run is to blame: its worker crashed or hung while its sweep was alive. A worker
    /// killed with its whole sweep (kill -9, a reboot, preemption) or one on another host that went
    /// silent is not the run's fault.
    public var chargesRun: Bool
    /// A live but hung local process to stop before its run is taken back.
    public var stopPID: Int32?

    public init(evidence: String, chargesRun: Bool, stopPID: Int32? = nil) {
        self.evidence = evidence
        self.chargesRun = chargesRun
        self.stopPID = stopPID
    }
}

/// How a run left `running` is judged abandoned: by evidence, not by age alone.
///
/// - A worker on this host is dead when its pid is gone, or the process now holding that pid
///   started at another time (pid reuse). Its run is charged a crash only if the sweep that
///   started the worker is still alive: then the worker died on its own. A worker that died
///   with its sweep was killed from outside, and the run is not charged.
/// - A worker on this host whose process is alive but whose heartbeat is older than
///   `hangTimeout` is hung (its heartbeat thread beats every few seconds even during a long
///   step, so silence means the whole process is stuck or stopped): it is stopped and its run
///   charged.
/// - A worker on another host cannot be probed: it is dead when its heartbeat is older than
///   `heartbeatTimeout`; not charged (the host may have gone down).
/// - A run whose worker record is missing, whose worker has no record of a sweep, or whose worker
///   exited leaving it `running` (an error outside the run), is taken back without a charge.
///
/// A taken-back run returns to `pending`, unless it has now been charged `maxCrashes` times:
/// then it becomes `failed`, so a run that kills its worker every time cannot loop forever.
/// Interrupting a sweep (SIGINT, SIGTERM) never charges: its workers put their runs back first.
public struct DeadWorkerPolicy: Sendable {
    public var localHost: String
    public var heartbeatTimeout: TimeInterval
    public var hangTimeout: TimeInterval
    public var maxCrashes: Int
    public var probe: any ProcessProbe

    /// The documented defaults: heartbeat timeout 300 s for workers on other hosts, a local
    /// worker silent for 60 s (12 heartbeats) is hung, 3 crashes fail a run.
    public static let defaultHeartbeatTimeout: TimeInterval = 300
    public static let defaultHangTimeout: TimeInterval = 60
    public static let defaultMaxCrashes = 3

    public init(localHost: String, probe: any ProcessProbe,
                heartbeatTimeout: TimeInterval = DeadWorkerPolicy.defaultHeartbeatTimeout,
                hangTimeout: TimeInterval = DeadWorkerPolicy.defaultHangTimeout,
                maxCrashes: Int = DeadWorkerPolicy.defaultMaxCrashes) {
        self.localHost = localHost
        self.probe = probe
        self.heartbeatTimeout = heartbeatTimeout
        self.hangTimeout = hangTimeout
        self.maxCrashes = maxCrashes
    }

    /// Why `worker` is considered dead at `now`, or `nil` if it is (or may be) alive.
    public func deathEvidence(of worker: WorkerInfo?, now: Date) -> String? {
        verdict(on: worker, now: now)?.evidence
    }

    /// The verdict on `worker` at `now`, or `nil` if it is (or may be) alive and well.
    public func verdict(on worker: WorkerInfo?, now: Date) -> WorkerVerdict? {
        guard let worker else { return WorkerVerdict(evidence: "its worker is not recorded", chargesRun: false) }
        if worker.exitedAt != nil { return WorkerVerdict(evidence: "worker \(worker.id) has exited", chargesRun: false) }
        let age = now.timeIntervalSince(worker.heartbeatAt)
        guard worker.host == localHost else {
            guard age > heartbeatTimeout else { return nil }
            return WorkerVerdict(evidence: "worker \(worker.id) on host \(worker.host) has not sent a heartbeat for "
                + "\(Int(age)) s (timeout \(Int(heartbeatTimeout)) s)", chargesRun: false)
        }
        let evidence: String
        if let token = probe.startToken(of: worker.pid) {
            if let recorded = worker.processStart, recorded != token {
                evidence = "pid \(worker.pid) of worker \(worker.id) now belongs to another process"
            } else if age > hangTimeout {
                return WorkerVerdict(evidence: "worker \(worker.id) (pid \(worker.pid)) is alive but has not sent a heartbeat "
                    + "for \(Int(age.rounded())) s (hung after \(Int(hangTimeout)) s)", chargesRun: true, stopPID: worker.pid)
            } else {
                return nil
            }
        } else {
            evidence = "worker \(worker.id) (pid \(worker.pid)) is no longer running"
        }
        return WorkerVerdict(evidence: evidence, chargesRun: sweepIsAlive(of: worker))
    }

    /// Whether the sweep that started `worker` is still running on this host.
    func sweepIsAlive(of worker: WorkerInfo) -> Bool {
        guard let pid = worker.sweepPID, let token = probe.startToken(of: pid) else { return false }
        return worker.sweepStart == nil || worker.sweepStart == token
    }
}
