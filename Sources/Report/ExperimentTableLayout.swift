// How an experiment's score table is laid out: which of its dimensions go to the rows and which to
// the columns, and in what format it is written.
import Foundation

/// A dimension of an experiment's cells. Every cell is one (optimizer, rank, preset, task, metric);
/// the metric dimension also holds `lr`, the selected learning rate of the cell's group.
public enum ExperimentDimension: String, Sendable, CaseIterable {
    case optimizer, rank, preset, task, metric

    /// The header of a row-label column.
    var header: String {
        switch self {
        case .optimizer: "Optimizer"
        case .rank: "Rank"
        case .preset: "Preset"
        case .task: "Task"
        case .metric: "Metric"
        }
    }
}

/// The pseudo-metric of the selected learning rate.
public let selectedRateMeasure = "lr"

/// Rows and columns of a table. A dimension in neither that varies among the cells is added to the
/// rows (so `rows: [optimizer]` shows the rank as a second row label when ranks vary); one that
/// does not vary is named in the title instead.
public struct ExperimentTableLayout: Sendable, Equatable {
    public var rows: [ExperimentDimension]
    public var columns: [ExperimentDimension]

    /// The default: optimizers down, task and metric across.
    public static let standard = ExperimentTableLayout(checkedRows: [.optimizer], columns: [.task, .metric])

    private init(checkedRows rows: [ExperimentDimension], columns: [ExperimentDimension]) {
        self.rows = rows
        self.columns = columns
    }

    /// A layout from the given dimensions; `columns` nil takes the standard columns not in `rows`.
    /// A dimension named twice is an error.
    public init(rows: [ExperimentDimension], columns: [ExperimentDimension]?) throws {
        let columns = columns ?? Self.standard.columns.filter { !rows.contains($0) }
        let all = rows + columns
        if let repeated = all.first(where: { dimension in all.filter { $0 == dimension }.count > 1 }) {
            throw ExperimentReportError.invalidLayout(
                "dimension \(repeated.rawValue) is named twice in --rows and --columns; each dimension goes to the rows or the columns once")
        }
        self.init(checkedRows: rows, columns: columns)
    }

    /// Dimensions from a comma-separated list ("task,rank").
    public static func dimensions(_ list: String, option: String) throws -> [ExperimentDimension] {
        try list.split(separator: ",", omittingEmptySubsequences: false).map { item in
            let name = item.trimmingCharacters(in: .whitespaces)
            guard let dimension = ExperimentDimension(rawValue: name) else {
                throw ExperimentReportError.invalidLayout("\(option): unknown dimension \"\(name)\"; expected a comma-separated list of "
                    + ExperimentDimension.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return dimension
        }
    }

    /// The rows and columns for cells where `varying` dimensions take more than one value.
    func resolved(varying: Set<ExperimentDimension>) -> (rows: [ExperimentDimension], columns: [ExperimentDimension]) {
        let unplaced = ExperimentDimension.allCases.filter { !rows.contains($0) && !columns.contains($0) && varying.contains($0) }
        return (rows + unplaced, columns)
    }
}

/// The formats a score table is written in.
public enum ExperimentTableFormat: String, Sendable, CaseIterable {
    /// A Markdown pipe table with warnings and the caption below.
    case markdown
    /// One header line and one line per table row; each score cell is split into mean, sd, n and
    /// outcomes columns. No caption (the Markdown and LaTeX forms carry it).
    case csv
    /// A `table` environment with a booktabs `tabular` (needs `\usepackage{booktabs}`); the caption's
    /// provenance lines as comments above it.
    case latex

    /// The file extension of the format.
    public var fileExtension: String {
        switch self {
        case .markdown: "md"
        case .csv: "csv"
        case .latex: "tex"
        }
    }
}
