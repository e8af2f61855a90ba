import Foundation

/// Wall time per phase of the forward and backward passes, collected while a profile is
/// installed for the current task (`PhaseProfile.$current.withValue(profile) { ... }`); the
/// benchmark's `--phases` report. Without one, a phase costs one task-local read.
public final class PhaseProfile: @unchecked Sendable {
    @TaskLocal public static var current: PhaseProfile?

    /// Phase names in first-seen order, with their accumulated milliseconds.
    public private(set) var phases: [(name: String, milliseconds: Double)] = []
    private var index: [String: Int] = [:]

    public init() {}

    func add(_ name: String, _ milliseconds: Double) {
        if let i = index[name] {
            phases[i].milliseconds += milliseconds
        } else {
            index[name] = phases.count
            phases.append((name, milliseconds))
        }
    }
}

/// Runs `body`, charging its wall time to `name` when a profile is installed.
@inline(__always)
func phase<R>(_ name: String, _ body: () -> R) -> R {
    guard let profile = PhaseProfile.current else { return body() }
    let start = DispatchTime.now().uptimeNanoseconds
    let result = body()
    profile.add(name, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-6)
    return result
}
