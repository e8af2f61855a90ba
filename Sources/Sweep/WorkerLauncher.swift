import Foundation
import RiteCore
import Store

/// What a sweep tells each worker it starts.
public struct WorkerRequest: Sendable, Equatable {
    public var databasePath: String
    public var experiment: String
    public var shard: Shard
    public var gitCommit: String?
    /// The sweep's pid: the worker exits when its parent is gone.
    public var parentPID: Int32
    /// The worker's number within this sweep (1-based), for logs.
    public var number: Int
    /// The sweep's hang timeout, so the worker judges other workers as the sweep does.
    public var hangTimeout: TimeInterval = DeadWorkerPolicy.defaultHangTimeout

    public init(databasePath: String, experiment: String, shard: Shard, gitCommit: String?, parentPID: Int32, number: Int,
                hangTimeout: TimeInterval = DeadWorkerPolicy.defaultHangTimeout) {
        self.databasePath = databasePath
        self.experiment = experiment
        self.shard = shard
        self.gitCommit = gitCommit
        self.parentPID = parentPID
        self.number = number
        self.hangTimeout = hangTimeout
    }

    /// The arguments of the hidden `rite-repro worker` subcommand that carries this request.
    public var arguments: [String] {
        var arguments = ["worker", "--db", databasePath, "--experiment", experiment, "--shard", shard.description,
                         "--parent-pid", String(parentPID), "--hang-timeout", CanonicalJSON.format(hangTimeout)]
        if let gitCommit { arguments += ["--git-commit", gitCommit] }
        return arguments
    }
}

/// Exit statuses of a worker process that the sweep acts on.
public enum WorkerExitCode {
    /// The worker cannot start (for example no executor is wired): the sweep stops.
    public static let cannotStart: Int32 = 78
    /// The worker's parent sweep is gone (its run was put back to pending first).
    public static let orphaned: Int32 = 75
    // A worker stopped by SIGINT, SIGTERM or SIGHUP exits with 128 + the signal's number.
}

/// A started worker.
public protocol LaunchedWorker: AnyObject, Sendable {
    /// `nil` while it runs; its exit status (or the negated signal number) once it has ended.
    var exitStatus: Int32? { get }
    /// Asks the worker to stop (SIGTERM): it puts its run back to pending and exits.
    func terminate()
}

extension LaunchedWorker {
    public func terminate() {}
}

/// Starts workers; the command line starts processes, tests may start threads.
public protocol WorkerLauncher: Sendable {
    func launch(_ request: WorkerRequest) throws -> any LaunchedWorker
}

/// Starts each worker as a child process of the same executable (`rite-repro worker ...`):
/// BLAS state is per process, and a crash in one run must not take the sweep down.
public struct ProcessWorkerLauncher: WorkerLauncher {
    public let executable: URL

    public init(executable: URL) { self.executable = executable }

    /// The running executable, resolved through `/proc/self/exe` where available.
    public static func currentExecutable() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    }

    public func launch(_ request: WorkerRequest) throws -> any LaunchedWorker {
        let process = Process()
        process.executableURL = executable
        process.arguments = request.arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return ChildWorker(process: process)
    }
}

/// A worker process. Its exit is read from `Process`, which reaps the child.
final class ChildWorker: LaunchedWorker, @unchecked Sendable {
    private let process: Process

    init(process: Process) { self.process = process }

    func terminate() {
        if process.isRunning { process.terminate() }
    }

    var exitStatus: Int32? {
        guard !process.isRunning else { return nil }
        return process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
    }
}
