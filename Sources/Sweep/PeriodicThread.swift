import Foundation

/// Runs an action every `interval` seconds on its own thread until stopped. Workers use it for
/// their heartbeat, which must keep beating while the main thread is busy in a long step.
final class PeriodicThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false
    private let interval: TimeInterval
    private let action: @Sendable () -> Void

    init(interval: TimeInterval, action: @escaping @Sendable () -> Void) {
        self.interval = interval
        self.action = action
    }

    func start() {
        let thread = Thread { [self] in
            condition.lock()
            while !stopped {
                if !condition.wait(until: Date().addingTimeInterval(interval)) && !stopped {
                    condition.unlock()
                    action()
                    condition.lock()
                }
            }
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// Stops the thread and waits until its current action, if any, has returned.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
