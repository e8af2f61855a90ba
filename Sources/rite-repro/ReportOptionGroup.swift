import ArgumentParser
import Report

/// Options shared by `table` and `plot`: which profile's experiments, and where files go.
struct ReportSelection: ParsableArguments {
    @Option(help: "The experiment profile the paper's tables and figures are made from (\(ExperimentPlan.profiles.joined(separator: ", ")); default quick).")
    var profile: String?

    @Option(help: "The folder the Markdown and SVG files are written to (default reports). A table of --experiment is printed, and written here only when --out is given.")
    var out: String?

    var resolvedProfile: String { profile ?? "quick" }
    var folder: String { out ?? "reports" }

    func validate() throws {
        if let profile, !ExperimentPlan.profiles.contains(profile) {
            throw ValidationError("--profile \(profile) is unknown; expected one of \(ExperimentPlan.profiles.joined(separator: ", ")) "
                + "(for an experiment of your own, use --experiment NAME)")
        }
    }

    /// Refuses --profile beside --experiment (the profile chooses the paper's experiments).
    func validate(experiments: ExperimentOptions) throws {
        if profile != nil, !experiments.isEmpty {
            throw ValidationError("--profile chooses the paper's experiments; give it or --experiment, not both")
        }
    }
}
