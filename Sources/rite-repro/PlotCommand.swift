import ArgumentParser
import Report
import Store

/// `rite-repro plot NAME`: renders one of the paper's figures (SVG) from the database.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Render a figure of the paper (SVG) from the database.",
        discussion: "Figures: \(ReportBuilder.figureNames.joined(separator: ", ")): one line per optimizer at its selected learning rate, the mean over seeds with a band for the spread."
    )

    @Argument(help: "The figure (\(ReportBuilder.figureNames.joined(separator: ", "))).")
    var name: String

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var selection: ReportSelection

    func validate() throws {
        if !ReportBuilder.figureNames.contains(name) {
            throw ValidationError("unknown figure \(name); expected one of \(ReportBuilder.figureNames.joined(separator: ", "))")
        }
    }

    func run() throws {
        let writer = ReportWriter(store: try ResultStore(path: database.path, mode: .existing), profile: selection.profile,
                                  folder: selection.out)
        let figure = try writer.writeFigure(name)
        print("wrote \(selection.out)/\(name).svg\n\(figure.caption)")
    }
}
