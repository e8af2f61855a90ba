import Foundation

/// Tells whether a process on this host is still the one that was recorded.
public protocol ProcessProbe: Sendable {
    /// The start token of the live process `pid` (see `WorkerInfo.processStart`), or `nil` if no
    /// such process exists or it has already exited (a zombie counts as exited).
    func startToken(of pid: Int32) -> String?
}

/// How a run left `running` is judged abandoned: by evidence, not by age alone.
///
/// - A worker on this host is dead when its pid is gone, or the process now holding that pid
///   started at another time (pid reuse); its heartbeat age does not matter (a slow step is not
///   a death).
/// - A worker on another host cannot be probed: it is dead when its heartbeat is older than
///   `heartbeatTimeout` (workers beat every few seconds; see `SweepWorker`).
/// - A run whose worker record is missing, or that has no worker, is abandoned.
///
/// An abandoned run returns to `pending`, unless it has already been started `maxAttempts` times:
/// then it becomes `failed`, so a run that kills its worker every time cannot loop forever.
public struct DeadWorkerPolicy: Sendable {
    public var localHost: String
    public var heartbeatTimeout: TimeInterval
    public var maxAttempts: Int
    public var probe: any ProcessProbe

    /// The documented defaults: heartbeat timeout 300 s for workers on other hosts, 3 attempts.
    public static let defaultHeartbeatTimeout: TimeInterval = 300
    public static let defaultMaxAttempts = 3

    public init(localHost: String, probe: any ProcessProbe,
                heartbeatTimeout: TimeInterval = DeadWorkerPolicy.defaultHeartbeatTimeout,
                maxAttempts: Int = DeadWorkerPolicy.defaultMaxAttempts) {
        self.localHost = localHost
        self.probe = probe
        self.heartbeatTimeout = heartbeatTimeout
        self.maxAttempts = maxAttempts
    }

    /// Why `worker` is considered dead at `now`, or `nil` if it is (or may be) alive.
    public func deathEvidence(of worker: WorkerInfo?, now: Date) -> String? {
        guard let worker else { return "its worker is not recorded" }
        if worker.exitedAt != nil { return "worker \(worker.id) has exited" }
        if worker.host == localHost {
            guard let token = probe.startToken(of: worker.pid) else {
                return "worker \(worker.id) (pid \(worker.pid)) is no longer running"
            }
            if let recorded = worker.processStart, recorded != token {
                return "pid \(worker.pid) of worker \(worker.id) now belongs to another process"
            }
            return nil
        }
        let age = now.timeIntervalSince(worker.heartbeatAt)
        if age > heartbeatTimeout {
            return "worker \(worker.id) on host \(worker.host) has not sent a heartbeat for "
                + "\(Int(age)) s (timeout \(Int(heartbeatTimeout)) s)"
        }
        return nil
    }
}
