import Store

/// Chooses, per selection group, the learning rate whose run scored best on the selection split
/// and metric, among the group's done runs. Ties go to the smaller rate. A group none of whose
/// runs is done with that score has no choice (and so no phase-2 runs), with the reason.
public enum LearningRateSelection {
    public struct Outcome: Sendable, Equatable {
        public var chosen: [SelectionGroup: Double]
        public var unresolved: [SelectionGroup: String]
    }

    public static func choose(rule: SelectionRule, runs: [GridRun], stored: [String: StoredRun],
                              scores: [String: [FinalScore]]) -> Outcome {
        var best: [SelectionGroup: (rate: Double, value: Double)] = [:]
        var groups = Set<SelectionGroup>()
        for gridRun in runs {
            groups.insert(gridRun.group)
            guard stored[gridRun.key]?.status == .done,
                  let score = scores[gridRun.key]?.first(where: { $0.split == rule.split && $0.metric == rule.metric(for: gridRun.group.task) }),
                  score.value.isFinite else { continue }
            let rate = gridRun.run.learningRate
            if let current = best[gridRun.group] {
                let better = rule.goal == .max ? score.value > current.value : score.value < current.value
                let tieSmaller = score.value == current.value && rate < current.rate
                if better || tieSmaller { best[gridRun.group] = (rate, score.value) }
            } else {
                best[gridRun.group] = (rate, score.value)
            }
        }
        var outcome = Outcome(chosen: best.mapValues(\.rate), unresolved: [:])
        for group in groups where best[group] == nil {
            outcome.unresolved[group] = "no phase-1 run is done with a \(rule.split)/\(rule.metric(for: group.task)) score"
        }
        return outcome
    }
}
