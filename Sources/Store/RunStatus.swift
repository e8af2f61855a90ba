/// The life of a run: `pending` -> `running` -> one of `done`, `failed`, `diverged`.
/// A `running` run whose worker is dead goes back to `pending` (or to `failed` once it has used up
/// its attempts); `--retry-failed` sends `failed` runs back to `pending`.
public enum RunStatus: String, Sendable, CaseIterable, Codable, Comparable {
    case pending, running, done, failed, diverged

    /// Done, failed and diverged runs are finished; a sweep does not take them up again
    /// (failed ones only with `--retry-failed`).
    public var isFinished: Bool { self == .done || self == .failed || self == .diverged }

    public static func < (lhs: RunStatus, rhs: RunStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
