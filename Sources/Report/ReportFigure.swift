// The paper's figures the report renders. The raw value is the figure's file name (`figure1.svg`) and
// its name on the command line; a user may also give its number (`1`) or `fig1`.

/// A figure of the paper that the report redraws from the stored per-step curves.
public enum ReportFigure: String, CaseIterable, Sendable {
    case figure1, figure2, figure3, figure4

    /// The base names of the experiments whose runs and curves the figure draws (see `ExperimentPlan`).
    public var experimentBaseNames: [String] {
        switch self {
        case .figure1, .figure4: return ["benchmarks-tiny"]
        case .figure2: return ["sni-tiny", "benchmarks-tiny"]
        case .figure3: return ["sni-tiny"]
        }
    }

    /// The figure called `given` ("figure1", "1", "fig1"), or nil if there is none.
    public init?(given: String) {
        let lowered = given.lowercased()
        let short = lowered.hasPrefix("fig") && !lowered.hasPrefix("figure") ? "figure" + lowered.dropFirst(3) : lowered
        guard let figure = ReportName.canonical(short, prefix: "figure").flatMap(Self.init(rawValue:)) else { return nil }
        self = figure
    }

    /// The names and numbers a user may give, for help and error messages.
    public static var expectedNames: String { ReportName.expected(allCases.map(\.rawValue), prefix: "figure") }
}
