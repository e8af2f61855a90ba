import Foundation

/// Where experiment specs live.
public enum ExperimentFiles {
    public static let folder = "experiments"

    /// `NAME` means `experiments/NAME.yaml`; anything with a `/` or ending in `.yaml`/`.yml` is a path.
    public static func path(for experiment: String, folder: String = ExperimentFiles.folder) -> String {
        if experiment.contains("/") || experiment.hasSuffix(".yaml") || experiment.hasSuffix(".yml") { return experiment }
        return "\(folder)/\(experiment).yaml"
    }
}
