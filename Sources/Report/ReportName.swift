// How a user may name a table or figure of the paper: `table3`, `3` or `table 3` split by the shell
// (`table table3` and `table 3` on the command line), and `figure1` or `1`.

enum ReportName {
    /// `given` lowered, spaces removed, a bare number prefixed with `prefix`.
    static func canonical(_ given: String, prefix: String) -> String? {
        let lowered = given.lowercased().filter { $0 != " " }
        guard !lowered.isEmpty else { return nil }
        return lowered.allSatisfy(\.isNumber) ? prefix + lowered : lowered
    }

    /// What to say when a name is not known: the names and their numbers.
    static func expected(_ names: [String], prefix: String) -> String {
        "one of \(names.joined(separator: ", ")) (or its number: \(names.map { String($0.dropFirst(prefix.count)) }.joined(separator: ", ")))"
    }
}
