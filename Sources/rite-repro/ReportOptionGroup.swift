import ArgumentParser
import Report

/// Options shared by `table` and `plot`: which profile's experiments, and where files go.
struct ReportSelection: ParsableArguments {
    @Option(help: "The experiment profile the report is made from (\(ExperimentPlan.profiles.joined(separator: ", "))).")
    var profile: String = "quick"

    @Option(help: "The folder the Markdown and SVG files are written to.")
    var out: String = "reports"

    func validate() throws {
        guard ExperimentPlan.profiles.contains(profile) else {
            throw ValidationError("--profile \(profile) is unknown; expected one of \(ExperimentPlan.profiles.joined(separator: ", "))")
        }
    }
}
