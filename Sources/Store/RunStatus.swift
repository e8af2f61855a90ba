/// The life of a run: `pending` -> `running` -> one of `done`, `failed`, `diverged`,
/// `did-not-learn`. A `running` run whose worker is dead goes back to `pending` (or to `failed`
/// once it has used up its attempts); `--retry-failed` sends `failed` runs back to `pending`.
/// `diverged` and `did-not-learn` are results of the configuration (see the Training target's
/// `OutcomeRule`), never retried; a did-not-learn run is scored like a done one.
public enum RunStatus: String, Sendable, CaseIterable, Codable, Comparable {
    case pending, running, done, failed, diverged
    case didNotLearn = "did-not-learn"

    /// Every status but pending and running is finished; a sweep does not take such runs up again
    /// (failed ones only with `--retry-failed`).
    public var isFinished: Bool { self != .pending && self != .running }

    /// How tables and messages name the status ("did not learn").
    public var label: String { self == .didNotLearn ? "did not learn" : rawValue }

    /// The run trained to its end and was scored (done or did-not-learn).
    public var hasScores: Bool { self == .done || self == .didNotLearn }

    public static func < (lhs: RunStatus, rhs: RunStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
