import ArgumentParser
import Foundation

/// `rite-repro reproduce`: the main job. Sweeps every declared experiment of the chosen profile,
/// then renders every table and figure.
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sweep every declared experiment, then render every table and figure."
    )

    enum Profile: String, ExpressibleByArgument, CaseIterable {
        case quick, full
    }

    @Option(help: "Which experiment profile to run (\(Profile.allCases.map(\.rawValue).joined(separator: ", "))).")
    var profile: Profile = .quick

    @Option(help: "The folder of experiment specs.")
    var experiments: String = "experiments"

    func run() throws {
        let specs = (try? FileManager.default.contentsOfDirectory(atPath: experiments))?
            .filter { $0.hasSuffix(".yaml") }
            .sorted() ?? []
        if specs.isEmpty {
            print("rite-repro reproduce: no experiments are declared yet in \(experiments)/ (profile \(profile.rawValue)); nothing to run.")
            return
        }
        print("rite-repro reproduce: \(specs.count) experiment spec(s) found in \(experiments)/, but sweeping is not built yet.")
    }
}
