// The verdict rule of DESIGN.md: a claim "holds" when its 95% interval excludes the null on the
// paper's side, "does not hold" when it excludes it on the other side, and is "inconclusive" when the
// interval reaches the null (a bound equal to it counts as reaching it). A claim whose runs are
// missing or unfinished gets no verdict at all.

/// Which side of the null the paper's statement puts the effect on.
public enum PaperSide: Sendable, Equatable {
    /// The paper says the effect is larger than the null (RITE better: difference above 0).
    case above
    /// The paper says the effect is smaller than the null (overhead below 8%).
    case below
}

public enum ClaimVerdict: Sendable, Equatable {
    case holds
    case doesNotHold
    case inconclusive
    /// Some runs or measurements the claim rests on are missing or unfinished; `detail` gives n and what is lacking.
    case notEnoughRuns(detail: String)

    public var text: String {
        switch self {
        case .holds: return "holds"
        case .doesNotHold: return "does not hold"
        case .inconclusive: return "inconclusive"
        case let .notEnoughRuns(detail): return "not enough runs yet (\(detail))"
        }
    }

    /// The verdict of an interval against `null`.
    public static func judge(_ interval: ConfidenceInterval, null: Double, paperSide: PaperSide) -> ClaimVerdict {
        switch paperSide {
        case .above:
            if interval.lower > null { return .holds }
            if interval.upper < null { return .doesNotHold }
        case .below:
            if interval.upper < null { return .holds }
            if interval.lower > null { return .doesNotHold }
        }
        return .inconclusive
    }

    /// The verdict of a claim that needs every part to hold ("on every task", "at every rank"): no
    /// verdict while a part lacks runs; "does not hold" when some part does not; "holds" when all do.
    public static func every(_ parts: [ClaimVerdict]) -> ClaimVerdict {
        if let lacking = parts.first(where: { if case .notEnoughRuns = $0 { return true } else { return false } }) { return lacking }
        if parts.isEmpty { return .notEnoughRuns(detail: "n = 0") }
        if parts.contains(.doesNotHold) { return .doesNotHold }
        return parts.allSatisfy { $0 == .holds } ? .holds : .inconclusive
    }
}
