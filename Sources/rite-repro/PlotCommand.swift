import ArgumentParser
import Report
import Store

/// `rite-repro plot NAME` renders one of the paper's figures; `rite-repro plot --experiment NAME
/// --metric M` the curves of any stored experiment (SVG).
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Render a figure of the paper, or the curves of any stored experiment (SVG), from the database.",
        discussion: """
        Paper figures: \(ReportFigure.allCases.map(\.rawValue).joined(separator: ", ")) (also by number: plot 1): one line per optimizer \
        at its selected learning rate, the mean over seeds with a band for the spread.

        With --experiment NAME --metric M: the same kind of figure for any stored experiment, one panel per task (and rank and preset, where they vary), one \
        line per optimizer at the rate its experiment's selection rule chooses; --rate all \
        draws every rate of one optimizer instead (a learning-rate sweep plot). Written to \
        OUT/EXPERIMENT-METRIC[-TASK][-rates-OPTIMIZER].svg.
        """
    )

    @Argument(help: "The paper's figure: \(ReportFigure.expectedNames); omit with --experiment.")
    var name: String?

    @OptionGroup var experiments: ExperimentOptions

    @Option(help: "With --experiment: the quantity over training steps, one of \(Self.metricList).")
    var metric: String?

    @Option(help: "With --experiment: only this task's panel.")
    var task: String?

    @Option(help: "With --experiment: selected (each optimizer at its selected rate) or all (every rate of one optimizer).")
    var rate: String = "selected"

    @Option(help: "With --rate all: the optimizer whose rates are drawn (needed when the experiment has several; a variant as the table CSV names it, lora-rite(beta2=0.99)).")
    var optimizer: String?

    @Option(help: "With --metric loss: the trailing mean over this many steps (1 = none).")
    var smoothing: Int = FigureOptions().lossSmoothing

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var selection: ReportSelection

    static var metricList: String { ExperimentFigureRequest.metricNames.map(\.name).joined(separator: ", ") }

    func validate() throws {
        if (name == nil) == experiments.isEmpty { throw ValidationError("give a figure name or --experiment NAME (not both)") }
        if let name, ReportFigure(given: name) == nil {
            throw ValidationError("unknown figure \(name); expected \(ReportFigure.expectedNames), "
                + "or --experiment NAME --metric M for any stored experiment")
        }
        try selection.validate(experiments: experiments)
        if experiments.isEmpty {
            if metric != nil || task != nil || optimizer != nil || rate != "selected" {
                throw ValidationError("--metric, --task, --rate and --optimizer choose what to draw of --experiment; the paper's figures are fixed")
            }
            return
        }
        guard let metric else { throw ValidationError("--experiment needs --metric, one of \(Self.metricList)") }
        if ExperimentFigureRequest.metric(named: metric) == nil {
            throw ValidationError("--metric \(metric) is unknown; expected one of \(Self.metricList)")
        }
        if rate != "selected" && rate != "all" { throw ValidationError("--rate \(rate) is unknown; expected selected or all") }
        if optimizer != nil && rate != "all" { throw ValidationError("--optimizer chooses whose rates --rate all draws; add --rate all") }
        if smoothing < 1 { throw ValidationError("--smoothing must be at least 1 step, got \(smoothing)") }
    }

    func run() throws {
        let store = try ResultStore(path: database.path, mode: .existing)
        guard !experiments.isEmpty, let metricName = metric, let curveMetric = ExperimentFigureRequest.metric(named: metricName) else {
            let figure = ReportFigure(given: name ?? "")!
            let written = try ReportWriter(store: store, profile: selection.resolvedProfile, folder: selection.folder).writeFigure(figure)
            print("wrote \(selection.folder)/\(figure.rawValue).svg\n\(written.caption)")
            return
        }
        let (input, reader) = try experiments.input(store: store)
        let curves = try reader.curves(runKeys: input.results.filter { $0.status == .done }.map(\.runKey))
        let request = ExperimentFigureRequest(metric: curveMetric, task: task,
                                              rates: rate == "all" ? .all(optimizer: optimizer) : .selected, lossSmoothing: smoothing)
        let figure = try ExperimentFigureBuilder.build(input, curves: curves, request: request)
        var file = "\(experiments.fileStem)-\(metricName)"
        if let task { file += "-\(task)" }
        if rate == "all" { file += "-rates" + (optimizer.map { "-\($0)" } ?? "") }
        // An optimizer variant's name holds parentheses and may hold spaces and commas.
        file = String(file.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._+=-".contains($0)) ? $0 : "_" })
        let path = try writeReportFile(figure.svg, folder: selection.folder, file: file + ".svg")
        print("wrote \(path)\n\(figure.caption)")
    }
}
