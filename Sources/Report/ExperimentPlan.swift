/// Which experiments feed which table or figure. Every experiment of a profile is a spec
/// `experiments/<profile>/<profile>-<base>.yaml` whose `name` is `<profile>-<base>`; tables read the
/// runs of their experiments only (never every run in the database), so runs made with other
/// settings cannot leak into a cell. A run declared by several experiments is counted once.
public enum ExperimentPlan {
    public static let profiles = ["quick", "standard", "full"]

    /// The base names of the experiments behind `name` (a table or a figure).
    public static func baseNames(for name: String) -> [String] {
        switch name {
        case "table1": return ["sni-tiny", "sni-small"]
        case "table2": return ["benchmarks-tiny", "benchmarks-small"]
        case "table3": return ["benchmarks-tiny", "ranks-tiny", "benchmarks-small", "obqa-ranks-small"]
        case "table4": return ["benchmarks-tiny", "benchmarks-small", "obqa-ranks-small"]
        case "table8": return ["benchmarks-tiny", "ranks-tiny"]
        case "table9": return ["benchmarks-tiny"]
        case "figure1", "figure4": return ["benchmarks-tiny"]
        case "figure2": return ["sni-tiny", "benchmarks-tiny"]
        case "figure3": return ["sni-tiny"]
        default: return []
        }
    }

    /// The experiment names of `name` in `profile`.
    public static func experiments(for name: String, profile: String) -> [String] {
        baseNames(for: name).map { "\(profile)-\($0)" }
    }
}
