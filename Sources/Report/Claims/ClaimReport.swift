/// One claim of the paper as `rite-repro claims` reports it: the paper's words, ours, the verdict, the
/// effect with its interval, a table of the parts it rests on, how the intervals were computed and
/// the runs behind it.
public struct ClaimReport: Sendable, Equatable {
    /// "C1" ... "C8".
    public var id: String
    /// A few words for the summary ("LoRA-RITE beats Adam on every task").
    public var title: String
    /// The paper's statement, quoted, with where it is.
    public var paper: String
    /// Our statement with the numbers.
    public var ours: String
    public var verdict: ClaimVerdict
    /// The headline effect with its interval, for the one-line summary ("+2.00 points [1.10, 2.90]").
    public var effect: String
    /// The parts of the claim (tasks, ranks, optimizers), one row each; empty when there are none to show.
    public var detailHeaders: [String]
    public var detailRows: [[String]]
    /// What is missing when the verdict is `notEnoughRuns`.
    public var shortfalls: [String]
    /// How each interval is computed, n, the null and side, the data rules.
    public var method: [String]
    /// The runs or measurements it rests on: experiments, counts by status, digest.
    public var basis: [String]

    public init(id: String, title: String, paper: String, ours: String, verdict: ClaimVerdict, effect: String,
                detailHeaders: [String] = [], detailRows: [[String]] = [], shortfalls: [String] = [],
                method: [String], basis: [String]) {
        self.id = id
        self.title = title
        self.paper = paper
        self.ours = ours
        self.verdict = verdict
        self.effect = effect
        self.detailHeaders = detailHeaders
        self.detailRows = detailRows
        self.shortfalls = shortfalls
        self.method = method
        self.basis = basis
    }

    /// "C3 LoRA-RITE beats Adam on every task: holds; +2.00 points [1.10, 2.90] (tiny)".
    public var summaryLine: String {
        "**\(id)** \(title): **\(verdict.text)**" + (effect.isEmpty ? "" : "; \(effect)")
    }
}
