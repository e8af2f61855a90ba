import ArgumentParser
import Report
import Store
import Sweep

/// `rite-repro table NAME` renders one of the paper's tables; `rite-repro table --experiment NAME`
/// the score table of any stored experiment.
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Render a table of the paper, or the score table of any stored experiment, from the database.",
        discussion: """
        Paper tables (Markdown, the paper's numbers beside ours): \(ReportTable.allCases.map(\.rawValue).joined(separator: ", ")), \
        also by number (table 3). With --all, every table and figure and reports/README.md.

        With --experiment NAME (repeatable): one cell per optimizer, rank, preset, task and metric at the learning rate \
        the experiment's own selection rule chooses: mean ± sd over seeds, n, and the outcomes of the other seeds; the \
        metric lr is the selected rate. Rows and columns are any split of the dimensions \
        \(ExperimentDimension.allCases.map(\.rawValue).joined(separator: ", ")) (default --rows optimizer --columns \
        task,metric); a dimension in neither that varies joins the rows. Formats: markdown (with warnings and caption), \
        csv (one line per cell: \(ExperimentTableBuilder.csvColumns.joined(separator: ", "))), latex (booktabs).
        """
    )

    @Argument(help: "The paper's table: \(ReportTable.expectedNames); omit with --all or --experiment.")
    var name: String?

    @Flag(help: "Render every table and figure of the paper, and write README.md in the output folder.")
    var all = false

    @OptionGroup var experiments: ExperimentOptions

    @Option(help: ArgumentHelp("With --experiment: the dimensions down the table, comma-separated.", valueName: "dimensions"))
    var rows: String?

    @Option(help: ArgumentHelp("With --experiment: the dimensions across the table, comma-separated (default task,metric without those in --rows).",
                               valueName: "dimensions"))
    var columns: String?

    @Option(help: ArgumentHelp("With --experiment: only these metrics, comma-separated (lr is the selected rate).", valueName: "metrics"))
    var metrics: String?

    @Option(help: "With --experiment: \(ExperimentTableFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String = ExperimentTableFormat.markdown.rawValue

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var selection: ReportSelection

    func validate() throws {
        let given = [name != nil, all, !experiments.isEmpty].filter { $0 }.count
        if given != 1 { throw ValidationError("give one of: a table name, --all, or --experiment NAME") }
        if let name, ReportTable(given: name) == nil {
            throw ValidationError("unknown table \(name); expected \(ReportTable.expectedNames), "
                + "or --experiment NAME for any stored experiment")
        }
        try selection.validate(experiments: experiments)
        guard ExperimentTableFormat(rawValue: format) != nil else {
            throw ValidationError("--format \(format) is unknown; expected one of \(ExperimentTableFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if experiments.isEmpty, rows != nil || columns != nil || metrics != nil || format != ExperimentTableFormat.markdown.rawValue {
            throw ValidationError("--rows, --columns, --metrics and --format shape the table of --experiment; the paper's tables are Markdown as printed")
        }
        _ = try layout()
    }

    func layout() throws -> ExperimentTableLayout {
        do {
            let rowDimensions = try rows.map { try ExperimentTableLayout.dimensions($0, option: "--rows") } ?? ExperimentTableLayout.standard.rows
            let columnDimensions = try columns.map { try ExperimentTableLayout.dimensions($0, option: "--columns") }
            return try ExperimentTableLayout(rows: rowDimensions, columns: columnDimensions)
        } catch let error as ExperimentReportError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let store = try ResultStore(path: database.path, mode: .existing)
        if !experiments.isEmpty {
            let format = ExperimentTableFormat(rawValue: format)!
            let input = try experiments.input(store: store).input
            let text = try ExperimentTableBuilder.render(input, layout: try layout(), format: format,
                                                         metrics: metrics.map { $0.split(separator: ",").map(String.init) })
            if let out = selection.out {
                print("wrote " + (try writeReportFile(text, folder: out, file: "\(experiments.fileStem).\(format.fileExtension)")))
            } else {
                print(text, terminator: "")
            }
            return
        }
        var writer = ReportWriter(store: store, profile: selection.resolvedProfile, folder: selection.folder)
        writer.declaredExperiments = try ExperimentFiles.profileExperimentNames(selection.resolvedProfile)
        if all {
            try writer.writeAll()
            print("wrote \(ReportTable.allCases.count) tables, \(ReportFigure.allCases.count) figures and README.md to \(selection.folder)/")
        } else if let name, let table = ReportTable(given: name) {
            print(try writer.writeTable(table))
        }
    }
}
