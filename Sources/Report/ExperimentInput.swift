import RiteCore
import Store
// The input of the tables, figures and exports of any stored experiment (a user's own, or one of the
// paper's): its runs, and each experiment's own learning-rate selection rule, passed as plain values
// (the command line decodes them from the spec text stored with the experiment; this target reads
// no YAML).

/// An experiment's learning-rate selection rule: the split and metric the rate is chosen on, and
/// whether the highest or the lowest mean wins.
public struct ExperimentSelectionRule: Sendable, Equatable, CustomStringConvertible {
    public var split: Split
    /// The spec's metric for every task; empty when each task is selected on its own.
    public var metric: String
    public var goal: SelectionGoal
    /// Per task, the metric the spec's rule resolved to (the spec decoder fills it in and checks it
    /// against the task); a task absent here uses `metric`.
    public var taskMetrics: [String: String]

    public init(split: Split = .dev, metric: String, goal: SelectionGoal = .max, taskMetrics: [String: String] = [:]) {
        self.split = split
        self.metric = metric
        self.goal = goal
        self.taskMetrics = taskMetrics
    }

    /// The metric `task` is selected on.
    public func metric(for task: String) -> String { taskMetrics[task] ?? metric }

    /// The rule from a spec's text values. A split other than dev or test, or a goal other than max
    /// or min, is an error naming what was expected.
    public init(experiment: String, split: String, metric: String?, goal: String, taskMetrics: [String: String] = [:]) throws {
        guard let parsedSplit = Split(rawValue: split), parsedSplit != .train else {
            throw ExperimentReportError.invalidRule(experiment: experiment, field: "split", value: split, expected: "dev or test")
        }
        guard let parsedGoal = SelectionGoal(rawValue: goal) else {
            throw ExperimentReportError.invalidRule(experiment: experiment, field: "goal", value: goal, expected: "max or min")
        }
        self.init(split: parsedSplit, metric: metric ?? "", goal: parsedGoal, taskMetrics: taskMetrics)
    }

    /// "dev accuracy, highest wins"; "dev, each task's own metric, highest wins".
    public var description: String {
        split.rawValue + (metric.isEmpty ? ", each task's own metric" : " " + metric) + ", \(goal == .max ? "highest" : "lowest") wins"
    }
}

/// The runs of one or several experiments with their selection rules.
public struct ExperimentInput: Sendable {
    /// The experiments, in the order asked for.
    public var experiments: [String]
    public var results: [RunResult]
    /// Each experiment's selection rule, by experiment name.
    public var rules: [String: ExperimentSelectionRule]
    /// Per task, the metric selection falls back to when the task records no score of the rule's
    /// metric (a spec selecting on accuracy that also sweeps a generation task): the task's primary
    /// metric. Tasks absent here fall back to `ReportCatalog.defaultScoring`.
    public var primaryMetrics: [String: String]
    public var toolVersion: String

    public init(experiments: [String], results: [RunResult], rules: [String: ExperimentSelectionRule],
                primaryMetrics: [String: String] = [:], toolVersion: String = ReportOptions().toolVersion) {
        self.experiments = experiments
        self.results = results
        self.rules = rules
        self.primaryMetrics = primaryMetrics
        self.toolVersion = toolVersion
    }

    /// The experiments as Markdown code spans, joined: "`a`, `b`".
    var experimentList: String { experiments.map { "`\($0)`" }.joined(separator: ", ") }

    /// Per task (in order of first appearance), how it is scored under the rules of the experiments
    /// that ran it, and one note per task whose rule's metric had to fall back.
    func scoring() throws -> (scoring: [TaskScoring], notes: [String]) {
        var tasks: [String] = []
        for run in results where !tasks.contains(run.task) { tasks.append(run.task) }
        var scorings: [TaskScoring] = []
        var notes: [String] = []
        for task in tasks {
            let runs = results.filter { $0.task == task }
            var experimentsOfTask: [String] = []
            for run in runs where !experimentsOfTask.contains(run.experiment) { experimentsOfTask.append(run.experiment) }
            let rules = try experimentsOfTask.map { experiment -> ExperimentSelectionRule in
                guard let rule = self.rules[experiment] else { throw ExperimentReportError.missingRule(experiment: experiment) }
                return rule
            }
            if let first = rules.first, let other = zip(experimentsOfTask, rules).first(where: { $0.1 != first }) {
                throw ExperimentReportError.conflictingRules(
                    task: task, first: (experimentsOfTask[0], first), second: (other.0, other.1))
            }
            guard let rule = rules.first else { continue }
            var metric = rule.metric(for: task)
            let recorded = Set(runs.filter { $0.status == .done }.flatMap { $0.scores(rule.split).keys })
            if !recorded.isEmpty, !recorded.contains(metric) {
                let fallback = primaryMetrics[task] ?? ReportCatalog.defaultScoring.first { $0.task == task }?.selectionMetric
                guard let fallback, recorded.contains(fallback) else {
                    throw ExperimentReportError.metricNotRecorded(
                        task: task, split: rule.split, metric: metric, recorded: recorded.sorted())
                }
                notes.append("\(task) records no \(rule.split.rawValue) \(metric), so its rate is chosen on its primary "
                    + "metric \(fallback) instead.")
                metric = fallback
            }
            scorings.append(TaskScoring(task: task, selectionSplit: rule.split, selectionMetric: metric,
                                        reportSplit: .test, goal: rule.goal))
        }
        return (scorings, notes)
    }
}

/// Why a table, figure or export of an experiment cannot be made.
public enum ExperimentReportError: Error, Equatable, CustomStringConvertible {
    case invalidRule(experiment: String, field: String, value: String, expected: String)
    case missingRule(experiment: String)
    case conflictingRules(task: String, first: (String, ExperimentSelectionRule), second: (String, ExperimentSelectionRule))
    case metricNotRecorded(task: String, split: Split, metric: String, recorded: [String])
    case noRuns(experiments: [String])
    case unknownValue(option: String, value: String, expected: [String])
    case invalidLayout(String)

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.description == rhs.description }

    public var description: String {
        switch self {
        case let .invalidRule(experiment, field, value, expected):
            return "experiment \(experiment): selection.\(field) is \"\(value)\"; expected \(expected)"
        case let .missingRule(experiment):
            return "experiment \(experiment) has runs in the input but no selection rule; pass its spec's rule"
        case let .conflictingRules(task, first, second):
            return "task \(task) is chosen by two different rules: \(first.0) selects on \(first.1), \(second.0) on "
                + "\(second.1); table these experiments separately"
        case let .metricNotRecorded(task, split, metric, recorded):
            return "task \(task) records no \(split.rawValue) score \"\(metric)\" to choose the learning rate on; "
                + "expected one of: \(recorded.joined(separator: ", "))"
        case let .noRuns(experiments):
            return "experiment\(experiments.count == 1 ? "" : "s") \(experiments.joined(separator: ", ")) "
                + "\(experiments.count == 1 ? "has" : "have") no runs in the database; sweep first (rite-repro sweep NAME)"
        case let .unknownValue(option, value, expected):
            return "\(option): \"\(value)\" is not in this experiment; expected one of: \(expected.joined(separator: ", "))"
        case let .invalidLayout(reason):
            return reason
        }
    }
}
