import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request to stop, raised by SIGINT (Ctrl-C), SIGTERM (`timeout`, `kill`, a batch system's
/// preemption or cancellation) or SIGHUP (a closed terminal). Sweeps and workers poll it, or are
/// called back, and stop cleanly: a run in progress goes back to `pending`, never charged.
public final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var received: Int32?
    private var handlers: [@Sendable (Int32) -> Void] = []
    private var trapped = false

    public init() {}

    /// The signals that ask a sweep or a worker to stop.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// The first signal received, if any.
    public var signal: Int32? { lock.lock(); defer { lock.unlock() }; return received }

    /// Raises the request as if `signal` had arrived (tests, and the sweep's own shutdown).
    public func raise(_ signal: Int32) {
        lock.lock()
        let first = received == nil
        if first { received = signal }
        let callbacks = handlers
        lock.unlock()
        if first { for handler in callbacks { handler(signal) } }
    }

    /// Calls `handler` (on another thread) when the request is raised; at once if it already was.
    public func onRaise(_ handler: @escaping @Sendable (Int32) -> Void) {
        lock.lock()
        handlers.append(handler)
        let already = received
        lock.unlock()
        if let already { handler(already) }
    }

    /// Catches `signals` for this process from now on: their default action (dying on the spot,
    /// with a run left `running`) is replaced by raising this request. A signal the process
    /// inherited as ignored (a shell starts background jobs with SIGINT ignored) is caught too.
    ///
    /// The handler only writes the signal's number to a pipe (async-signal-safe); a thread reads
    /// it and raises the request. Dispatch signal sources are not used: on Linux they need the
    /// signal ignored, and an ignored signal is discarded before anyone sees it.
    public func trapSignals() {
        lock.lock()
        defer { lock.unlock() }
        guard !trapped else { return }
        trapped = true
        SignalPipe.shared.subscribe(self)
    }

    /// The exit status of a process that stopped because of `signal`: 128 + its number, as a
    /// shell reports a process killed by it (130 for SIGINT, 143 for SIGTERM).
    public static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    /// Whether `status` (as `LaunchedWorker.exitStatus` reports it) is a clean stop on request.
    public static func isCleanStop(_ status: Int32) -> Bool {
        signals.contains { status == exitStatus(for: $0) || status == -$0 }
    }
}

/// The process-wide signal handler and the thread that turns its notes into `Interruption.raise`.
private final class SignalPipe: @unchecked Sendable {
    static let shared = SignalPipe()
    private let lock = NSLock()
    private var subscribers: [Interruption] = []

    private init() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        signalPipeWriteEnd = fds[1]
        let readEnd = fds[0]
        for number in Interruption.signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
            #else
            action.__sigaction_u.__sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        let thread = Thread { [self] in
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return }
                let targets = lock.withLock { subscribers }
                for target in targets { target.raise(Int32(byte)) }
            }
        }
        thread.start()
    }

    func subscribe(_ interruption: Interruption) {
        lock.withLock { subscribers.append(interruption) }
    }
}

/// Where the signal handler writes (a global: a C signal handler cannot capture anything).
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1
