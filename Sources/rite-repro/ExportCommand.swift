import ArgumentParser
import Foundation
import Report
import Store

/// `rite-repro export --experiment NAME`: the runs of stored experiments, with their final scores
/// (or, with --curves, their per-step curves), as one CSV or JSON Lines table.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the runs and final scores (or the curves) of stored experiments as CSV or JSON Lines.",
        discussion: """
        One table, read by a data-frame library in one call. Runs (one row per run, in grid order): \
        \((ExperimentExport.runColumns + ExperimentExport.runSummaryColumns).joined(separator: ", ")), then dev_METRIC and \
        test_METRIC for every metric any run recorded (fractions in [0, 1]); selected is true for runs at the learning \
        rate the experiment's rule selects. Curves (--curves, one row per training step of every run): \
        \((ExperimentExport.runColumns + ExperimentExport.curveColumns).joined(separator: ", ")). Numbers are shortest \
        round-trip decimals (0.001, 2e-05); a missing value is an empty CSV field or a JSON null.
        """
    )

    @OptionGroup var experiments: ExperimentOptions

    @Option(help: "\(ExperimentExportFormat.allCases.map(\.rawValue).joined(separator: " or ")).")
    var format: String = ExperimentExportFormat.csv.rawValue

    @Flag(help: "One row per training step of every run (loss, norms, update ratios) instead of one per run.")
    var curves = false

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if experiments.isEmpty { throw ValidationError("give --experiment NAME (repeat for several)") }
        if ExperimentExportFormat(rawValue: format) == nil {
            throw ValidationError("--format \(format) is unknown; expected one of \(ExperimentExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let store = try ResultStore(path: database.path, mode: .existing)
        let (input, reader) = try experiments.input(store: store)
        let format = ExperimentExportFormat(rawValue: format)!
        let text = curves
            ? try ExperimentExport.curves(input, curves: try reader.curves(runKeys: input.results.map(\.runKey)), format: format)
            : try ExperimentExport.runs(input, format: format)
        if let out {
            let folder = (out as NSString).deletingLastPathComponent
            print("wrote " + (try writeReportFile(text, folder: folder.isEmpty ? "." : folder, file: (out as NSString).lastPathComponent)))
        } else {
            print(text, terminator: "")
        }
    }
}
