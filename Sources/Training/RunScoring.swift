import RiteCore
import Tasks

/// How runs of a task are scored, as the canonical text that goes into run keys: the scorer
/// version, the task's metrics (the first is primary), the splits scored at the end, and how
/// multiple-choice tasks are compared.
public enum RunScoring {
    /// The splits a run scores at the end: every non-empty split except train. The learning rate
    /// is selected on dev and tables report test, so no reported number is tuned on itself.
    public static func finalSplits(_ task: any BenchmarkTask) -> [Split] {
        [Split.dev, .test].filter { task.size($0) > 0 }
    }

    public static func describe(_ task: any BenchmarkTask) -> String {
        var parts = [
            "scorer=\(Scoring.version)",
            "format=\(task.format.rawValue)",
            "metrics=\(task.metrics.map(\.rawValue).joined(separator: ","))",
            "splits=\(finalSplits(task).map(\.rawValue).joined(separator: ","))",
        ]
        if task.format == .multipleChoice {
            parts.append("choices=summed-loglik,acc_norm-by-bytes")
        } else {
            parts.append("decoding=greedy,max_tokens=\(task.maxGenerationTokens)")
        }
        return parts.joined(separator: ";")
    }
}
