// The names a user may give a table or figure of the paper: `table3`, `3` or `table 3` split by
// the shell (`table table3` and `table 3` on the command line), and `figure1` or `1`.

extension ReportBuilder {
    /// The table called `given` ("table3", "3", "Table3"), or nil if there is none.
    public static func tableName(_ given: String) -> String? { canonical(given, prefix: "table", among: tableNames) }

    /// The figure called `given` ("figure1", "1", "fig1"), or nil if there is none.
    public static func figureName(_ given: String) -> String? {
        let lowered = given.lowercased()
        let short = lowered.hasPrefix("fig") && !lowered.hasPrefix("figure") ? "figure" + lowered.dropFirst(3) : lowered
        return canonical(short, prefix: "figure", among: figureNames)
    }

    /// What to say when a name is not known: the names and their numbers.
    public static func expectedNames(_ names: [String], prefix: String) -> String {
        "one of \(names.joined(separator: ", ")) (or its number: \(names.map { String($0.dropFirst(prefix.count)) }.joined(separator: ", ")))"
    }

    private static func canonical(_ given: String, prefix: String, among names: [String]) -> String? {
        let lowered = given.lowercased().filter { $0 != " " }
        let name = lowered.allSatisfy(\.isNumber) && !lowered.isEmpty ? prefix + lowered : lowered
        return names.contains(name) ? name : nil
    }
}
