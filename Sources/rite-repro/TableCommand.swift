import ArgumentParser
import Report
import Store

/// `rite-repro table NAME`: renders one of the paper's tables from the database.
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Render a table of the paper (Markdown) from the database, with the paper's numbers beside ours.",
        discussion: "Tables: \(ReportBuilder.tableNames.joined(separator: ", ")). With --all, every table and figure and reports/README.md."
    )

    @Argument(help: "The table (\(ReportBuilder.tableNames.joined(separator: ", "))); omit with --all.")
    var name: String?

    @Flag(help: "Render every table and figure, and write README.md in the output folder.")
    var all = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var selection: ReportSelection

    func validate() throws {
        if all == (name != nil) { throw ValidationError("give a table name or --all (not both)") }
        if let name, !ReportBuilder.tableNames.contains(name) {
            throw ValidationError("unknown table \(name); expected one of \(ReportBuilder.tableNames.joined(separator: ", "))")
        }
    }

    func run() throws {
        let writer = ReportWriter(store: try ResultStore(path: database.path, mode: .existing), profile: selection.profile,
                                  folder: selection.out)
        if all {
            try writer.writeAll()
            print("wrote \(ReportBuilder.tableNames.count) tables, \(ReportBuilder.figureNames.count) figures and README.md to \(selection.out)/")
        } else if let name {
            print(try writer.writeTable(name))
        }
    }
}
