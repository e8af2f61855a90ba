import ArgumentParser
import Report
import Store
import Sweep

/// `rite-repro claims`: each of the paper's claims with a verdict, the effect and its 95% interval,
/// and the runs it rests on; written to `OUT/claims.md` and printed.
struct ClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Judge each of the paper's claims from the database: verdict, effect with its 95% interval, the runs behind it.",
        discussion: """
        Measures the transformation-invariance battery (claim C1, about a second in Double) and stores it when the database \
        lacks it for this numerics version, then writes claims.md to the output folder and prints it.
        """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var selection: ReportSelection

    @Flag(help: "Measure the invariance battery again even if it is stored for this numerics version.")
    var remeasure = false

    func run() throws {
        let store = try ResultStore(path: database.path, mode: .existing)
        try InvarianceBattery.ensure(store: store, force: remeasure)
        var writer = ReportWriter(store: store, profile: selection.resolvedProfile, folder: selection.folder)
        writer.declaredExperiments = try ExperimentFiles.profileExperimentNames(selection.resolvedProfile)
        print(try writer.writeClaims().markdown, terminator: "")
    }
}
