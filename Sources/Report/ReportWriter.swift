import Foundation
import Store

/// Renders tables and figures of one profile from the store into a folder: `NAME.md` per table,
/// `NAME.svg` per figure, and `README.md` with every table inline and every figure embedded.
/// Everything written is a pure function of the database's rows (no dates, no host names).
public struct ReportWriter {
    public let reader: StoreReader
    public let profile: String
    public let folder: String
    public var options = ReportOptions()
    public var figureOptions = FigureOptions()
    /// The experiments the profile declares (its spec files), when known. An experiment a table reads
    /// that the profile does not declare is not "missing from the database" but outside the profile
    /// (the quick profile has no small-preset experiments), and the notes say so.
    public var declaredExperiments: Set<String>?

    public init(store: ResultStore, profile: String, folder: String) {
        reader = StoreReader(store: store)
        self.profile = profile
        self.folder = folder
    }

    /// The Markdown of `table`, with a note on experiments missing from the database.
    public func table(_ table: ReportTable) throws -> String {
        let experiments = ExperimentPlan.experiments(table.experimentBaseNames, profile: profile)
        let (results, missing) = try reader.results(experiments: experiments)
        // Only Table 7 fits the optimizer-step timings and only Table 4 prints the training-step benchmark.
        let measurements = table == .table7 ? try reader.stepCosts() : []
        let speeds = table == .table4 ? try reader.trainingStepSpeeds() : []
        var text = try ReportBuilder.table(table, results: results, measurements: measurements, speeds: speeds, options: options)
        let (absent, outside) = partition(missing)
        if !absent.isEmpty {
            text += "\n> Not in the database (cells from them are shown as missing): "
                + absent.map { "`\($0)`" }.joined(separator: ", ") + ".\n"
        }
        if !outside.isEmpty {
            text += "\n> Not part of profile `\(profile)` (cells from them are shown as missing): "
                + outside.map { "`\($0)`" }.joined(separator: ", ") + ".\n"
        }
        return text
    }

    /// Missing experiments split into those the profile declares (not in the database yet) and those
    /// it does not declare; all are "not in the database" when the declared set is unknown.
    func partition(_ missing: [String]) -> (absent: [String], outside: [String]) {
        guard let declaredExperiments else { return (missing, []) }
        return (missing.filter { declaredExperiments.contains($0) }, missing.filter { !declaredExperiments.contains($0) })
    }

    /// The SVG and caption of `figure`.
    public func figure(_ figure: ReportFigure) throws -> RenderedFigure {
        let (results, _) = try reader.results(experiments: ExperimentPlan.experiments(figure.experimentBaseNames, profile: profile))
        let curves = try reader.curves(runKeys: results.filter { $0.status == .done }.map(\.runKey))
        return try ReportBuilder.figure(figure, results: results, curves: curves, options: options, figureOptions: figureOptions)
    }

    /// Writes `table` to `folder/<table>.md`; returns its text.
    @discardableResult
    public func writeTable(_ table: ReportTable) throws -> String {
        let text = try self.table(table)
        try write(text, to: table.rawValue + ".md")
        return text
    }

    /// Writes `figure` to `folder/<figure>.svg`; returns it.
    @discardableResult
    public func writeFigure(_ figure: ReportFigure) throws -> RenderedFigure {
        let rendered = try self.figure(figure)
        try write(rendered.svg, to: figure.rawValue + ".svg")
        return rendered
    }

    /// Writes every table and figure, `claims.md` and `README.md` (which opens with the claims' verdicts).
    public func writeAll() throws {
        let claims = try writeClaims().claims
        var sections: [String] = []
        for table in ReportTable.allCases { sections.append(try writeTable(table)) }
        var figures: [String] = []
        for figure in ReportFigure.allCases {
            let rendered = try writeFigure(figure)
            let name = figure.rawValue
            figures.append("### \(name)\n\n![\(name)](\(name).svg)\n\n\(rendered.caption)\n")
        }
        try write(readme(tables: sections, figures: figures, claims: Self.claimsSummary(claims)), to: "README.md")
    }

    func readme(tables: [String], figures: [String], claims: String) -> String {
        """
        # Reproduction of "LoRA Done RITE" (profile `\(profile)`)

        \(claims)Every table and figure below is rendered from `results/rite.sqlite` by rite-repro; the paper's
        published numbers are printed beside ours. Regenerate them with

        ```
        swift run -c release rite-repro table --all --profile \(profile)
        ```

        (`rite-repro reproduce --profile \(profile)` runs the missing runs first). The experiments behind
        each table are the specs `experiments/\(profile)/\(profile)-*.yaml`.

        ## Tables

        \(tables.joined(separator: "\n"))
        ## Figures

        \(figures.joined(separator: "\n"))
        """
    }

    private func write(_ text: String, to file: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(file)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
