/// Which experiments feed which table or figure. Every experiment of a profile is a spec
/// `experiments/<profile>/<profile>-<base>.yaml` whose `name` is `<profile>-<base>`; tables read the
/// runs of their experiments only (never every run in the database), so runs made with other
/// settings cannot leak into a cell. A run declared by several experiments is counted once. The base
/// names of each table and figure are `ReportTable.experimentBaseNames` and `ReportFigure.experimentBaseNames`.
public enum ExperimentPlan {
    public static let profiles = ["quick", "standard", "full"]

    /// The experiment names of `baseNames` in `profile`.
    public static func experiments(_ baseNames: [String], profile: String) -> [String] {
        baseNames.map { "\(profile)-\($0)" }
    }
}
