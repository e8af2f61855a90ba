import RiteCore
import Store

/// Chooses, per selection group, the rate of a first-seed search's phase 2 by the one rule the
/// tables use (`LearningRateRule`), on the spec's split and each task's selection metric. A group
/// none of whose runs has a verdict has no choice (and so no phase-2 runs), with the reason.
public enum LearningRateSelection {
    public struct Outcome: Sendable, Equatable {
        public var chosen: [SelectionGroup: Double]
        public var unresolved: [SelectionGroup: String]
    }

    public static func choose(rule: SelectionRule, runs: [GridRun], stored: [String: StoredRun],
                              scores: [String: [FinalScore]]) throws -> Outcome {
        var trials: [SelectionGroup: [LearningRateRule.Trial]] = [:]
        for gridRun in runs {
            let metric = rule.metric(for: gridRun.run.task)
            let score = scores[gridRun.key]?.first { $0.split == rule.split && $0.metric == metric }?.value
            trials[gridRun.group, default: []].append(LearningRateRule.Trial(
                runKey: gridRun.key, learningRate: gridRun.run.learningRate, seed: gridRun.run.seed,
                status: stored[gridRun.key]?.status ?? .pending, score: score))
        }
        var outcome = Outcome(chosen: [:], unresolved: [:])
        for (group, members) in trials {
            if let rate = try LearningRateRule.choose(members, goal: rule.goal).selected {
                outcome.chosen[group] = rate
            } else {
                outcome.unresolved[group] = "no phase-1 run has finished with a verdict (done, did not learn or diverged)"
            }
        }
        return outcome
    }
}
