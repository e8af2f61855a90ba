import Foundation

/// Where experiment specs live: `experiments/NAME.yaml`, or `experiments/PROFILE/NAME.yaml` for the
/// specs of a profile (`experiments/quick/quick-sni-tiny.yaml`).
public enum ExperimentFiles {
    public static let folder = "experiments"

    /// `NAME` means `experiments/NAME.yaml`, or else the one `experiments/*/NAME.yaml`; anything with
    /// a `/` or ending in `.yaml`/`.yml` is a path.
    public static func path(for experiment: String, folder: String = ExperimentFiles.folder) -> String {
        if experiment.contains("/") || experiment.hasSuffix(".yaml") || experiment.hasSuffix(".yml") { return experiment }
        let direct = "\(folder)/\(experiment).yaml"
        if FileManager.default.fileExists(atPath: direct) { return direct }
        let nested = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            .map { "\(folder)/\($0)/\(experiment).yaml" }
            .filter { FileManager.default.fileExists(atPath: $0) }
        return nested.first ?? direct
    }

    /// The spec files of a profile, `experiments/PROFILE/*.yaml`, sorted by name.
    public static func profileSpecs(_ profile: String, folder: String = ExperimentFiles.folder) -> [String] {
        let directory = "\(folder)/\(profile)"
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(directory)/\($0)" }
    }

    /// The names of the experiments `profile` declares (decoded from its spec files, since a spec's
    /// name need not be its file's): reports tell an experiment outside the profile from one whose
    /// runs are not in the database yet.
    public static func profileExperimentNames(_ profile: String, folder: String = ExperimentFiles.folder,
                                              vocabulary: SpecVocabulary = .standard) throws -> Set<String> {
        Set(try profileSpecs(profile, folder: folder).map { try SpecDecoder.load(path: $0, vocabulary: vocabulary).name })
    }
}
