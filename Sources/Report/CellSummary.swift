// One table cell computed from the runs at a selected learning rate.
//
// What a cell shows:
// - no runs at all: "—";
// - every run done: "62.00 ± 2.00 (n=3)", the mean and the sample standard deviation (n - 1 in the
//   denominator) over seeds; one seed: "62.00 (n=1)";
// - some runs diverged, failed or unfinished: the mean over the done runs only, and the outcome of
//   the others next to n: "61.30 ± 0.80 (n=2; 1/3 diverged)". Diverged runs are never averaged in;
// - no run done: the outcomes only: "3/3 diverged", "2/3 diverged, 1/3 failed".
// Runs that did not learn (scored, but their loss never left its start) are counted like diverged
// ones, never averaged in: "1/3 did not learn".
import Store

import Foundation

/// The statistics of one cell.
public struct CellSummary: Sendable, Equatable {
    /// The values of the done runs, in seed order, in display units (percent for scores).
    public let values: [Double]
    /// Number of runs at the selected rate, whatever their status.
    public let total: Int
    /// Runs that did not give a value, by status (diverged, did not learn, failed, pending, running), in that order.
    public let outcomes: [RunOutcomeCount]

    public init(values: [Double], total: Int, outcomes: [RunOutcomeCount]) {
        self.values = values
        self.total = total
        self.outcomes = outcomes
    }

    /// A cell of `runs` (sorted by seed by the caller) with `value` giving each done run's value.
    static func make(runs: [RunResult], value: (RunResult) throws -> Double) rethrows -> CellSummary {
        var values: [Double] = []
        var counts: [RunStatus: Int] = [:]
        for run in runs {
            if run.status == .done { values.append(try value(run)) } else { counts[run.status, default: 0] += 1 }
        }
        let outcomes = [RunStatus.diverged, .didNotLearn, .failed, .pending, .running].compactMap { status in
            counts[status].map { RunOutcomeCount(status: status, count: $0) }
        }
        return CellSummary(values: values, total: runs.count, outcomes: outcomes)
    }

    /// The empty cell.
    static let missing = CellSummary(values: [], total: 0, outcomes: [])

    public var mean: Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }

    /// Sample standard deviation; nil for fewer than two values.
    public var standardDeviation: Double? {
        guard values.count >= 2, let mean else { return nil }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// Every run at the selected rate is done.
    public var isComplete: Bool { total > 0 && values.count == total }

    /// The outcome note: "1/3 diverged, 1/3 pending"; empty when every run is done.
    public var outcomeNote: String {
        outcomes.map { "\($0.count)/\(total) \($0.status.label)" }.joined(separator: ", ")
    }

    /// The cell text with `decimals` digits; the mean in bold when `bold`.
    public func text(decimals: Int = 2, bold: Bool = false) -> String {
        guard total > 0 else { return "—" }
        guard let mean else { return outcomeNote }
        var meanText = NumberFormat.fixed(mean, decimals: decimals)
        if bold { meanText = "**" + meanText + "**" }
        var text = meanText
        if let standardDeviation { text += " ± " + NumberFormat.fixed(standardDeviation, decimals: decimals) }
        text += " (n=\(values.count)"
        if !outcomes.isEmpty { text += "; " + outcomeNote }
        return text + ")"
    }
}

/// How many runs of a cell ended with a status other than done.
public struct RunOutcomeCount: Sendable, Equatable {
    public let status: RunStatus
    public let count: Int
    public init(status: RunStatus, count: Int) { self.status = status; self.count = count }
}

/// Bold marking: the best value of a group of cells, compared as printed (so equal printed values are
/// both bold). Higher is better.
enum BestValue {
    /// For each entry, whether it is the best; nil entries never are.
    static func marks(_ values: [Double?], decimals: Int) -> [Bool] {
        let printed = values.map { $0.flatMap { Double(NumberFormat.fixed($0, decimals: decimals)) } }
        guard let best = printed.compactMap({ $0 }).max() else { return values.map { _ in false } }
        return printed.map { $0 == best }
    }
}
