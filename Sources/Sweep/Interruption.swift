import Dispatch
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
    private var sources: [any DispatchSourceSignal] = []

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
    /// with a run left `running`) is replaced by raising this request.
    public func trapSignals() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for number in Self.signals {
            ignoreDefaultAction(of: number)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.raise(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// The exit status of a process that stopped because of `signal`: 128 + its number, as a
    /// shell reports a process killed by it (130 for SIGINT, 143 for SIGTERM).
    public static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    /// Whether `status` (as `LaunchedWorker.exitStatus` reports it) is a clean stop on request.
    public static func isCleanStop(_ status: Int32) -> Bool {
        signals.contains { status == exitStatus(for: $0) || status == -$0 }
    }
}

/// Replaces a signal's default action, so that only its dispatch source sees it.
private func ignoreDefaultAction(of number: Int32) {
    _ = signal(number, SIG_IGN)
}
