// The paper's tables the report renders. The raw value is the table's file name (`table3.md`) and its
// name on the command line; a user may also give its number (`3`) or `table 3` split by the shell.

/// A table of the paper that the report renders beside the paper's numbers.
public enum ReportTable: String, CaseIterable, Sendable {
    case table1, table2, table3, table4, table7, table8, table9

    /// The base names of the experiments whose runs fill the table (see `ExperimentPlan`); Table 7
    /// reads the optimizer-step timings instead.
    public var experimentBaseNames: [String] {
        switch self {
        case .table1: return ["sni-tiny", "sni-small"]
        case .table2: return ["benchmarks-tiny", "benchmarks-small"]
        case .table3: return ["benchmarks-tiny", "ranks-tiny", "benchmarks-small", "obqa-ranks-small"]
        case .table4: return ["benchmarks-tiny", "benchmarks-small", "obqa-ranks-small"]
        case .table7: return []
        case .table8: return ["benchmarks-tiny", "ranks-tiny"]
        case .table9: return ["benchmarks-tiny"]
        }
    }

    /// The table called `given` ("table3", "3", "Table3", "table 3"), or nil if there is none.
    public init?(given: String) {
        guard let table = ReportName.canonical(given, prefix: "table").flatMap(Self.init(rawValue:)) else { return nil }
        self = table
    }

    /// The names and numbers a user may give, for help and error messages.
    public static var expectedNames: String { ReportName.expected(allCases.map(\.rawValue), prefix: "table") }
}
