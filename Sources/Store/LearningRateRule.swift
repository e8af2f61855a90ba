/// The one rule that chooses a learning rate from runs that differ only in rate and seed. The
/// sweep's second phase (the remaining seeds of a first-seed search) and every table use it, so a
/// sweep runs its seeds at exactly the rate its tables then report.
///
/// - A rate is a candidate when at least one of its runs has a verdict: `done`, `did-not-learn`
///   or `diverged`. Failed, pending and running runs take no part.
/// - Rates are compared on the same seeds: the seeds that have a verdict at every candidate rate
///   (with a first-seed search, the first seed). Only when no seed is common to all does each rate
///   use all of its own.
/// - A rate's score is the mean over those seeds of the selection metric on the selection split;
///   a run that diverged or did not learn scores the metric's worst value (0 when larger is
///   better, +infinity when smaller is), since its number is not a result of fine-tuning.
/// - The best score wins; exactly equal scores go to the smaller rate (the conservative choice,
///   and independent of the order of the input).
public enum LearningRateRule {
    /// Whether a larger or a smaller value of the selection metric is better.
    public enum Goal: String, Sendable, CaseIterable {
        case max, min

        /// The score of a run that diverged or did not learn.
        public var worst: Double { self == .max ? 0 : .infinity }
    }

    /// One run as the rule sees it: its rate, seed, status and selection score (`nil` when it has
    /// none, as a diverged run).
    public struct Trial: Sendable, Equatable {
        public var runKey: String
        public var learningRate: Double
        public var seed: Int
        public var status: RunStatus
        public var score: Double?

        public init(runKey: String, learningRate: Double, seed: Int, status: RunStatus, score: Double?) {
            self.runKey = runKey
            self.learningRate = learningRate
            self.seed = seed
            self.status = status
            self.score = score
        }
    }

    /// One rate and its selection score (`nil`: none of its runs has a verdict).
    public struct Candidate: Sendable, Equatable {
        public var learningRate: Double
        public var score: Double?
    }

    /// Every rate of the trials, ascending, and the chosen one (`nil` when no run has a verdict).
    public struct Choice: Sendable, Equatable {
        public var candidates: [Candidate]
        public var selected: Double?
    }

    /// A done run without a finite selection score: the store is incomplete or the metric wrong.
    public struct MissingScore: Error, Equatable, CustomStringConvertible {
        public var runKey: String
        public init(runKey: String) { self.runKey = runKey }
        public var description: String { "run \(runKey) is done but has no finite selection score" }
    }

    public static func hasVerdict(_ status: RunStatus) -> Bool {
        status == .done || status == .didNotLearn || status == .diverged
    }

    /// Applies the rule to the runs of one group (same everything but rate and seed).
    public static func choose(_ trials: [Trial], goal: Goal) throws -> Choice {
        let rates = Array(Set(trials.map(\.learningRate))).sorted()
        let judged = trials.filter { hasVerdict($0.status) }
        let seedsPerRate = rates.map { rate in Set(judged.filter { $0.learningRate == rate }.map(\.seed)) }.filter { !$0.isEmpty }
        let common = seedsPerRate.dropFirst().reduce(seedsPerRate.first ?? []) { $0.intersection($1) }
        var candidates: [Candidate] = []
        var best: (rate: Double, score: Double)?
        for rate in rates {
            var scores: [Double] = []
            for trial in judged where trial.learningRate == rate && (common.isEmpty || common.contains(trial.seed)) {
                if trial.status == .done {
                    guard let score = trial.score, score.isFinite else { throw MissingScore(runKey: trial.runKey) }
                    scores.append(score)
                } else {
                    scores.append(goal.worst)
                }
            }
            let mean = scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
            candidates.append(Candidate(learningRate: rate, score: mean))
            guard let mean else { continue }
            // Ascending rates and a strict comparison: a tie keeps the smaller rate.
            if let current = best, !(goal == .max ? mean > current.score : mean < current.score) { continue }
            best = (rate, mean)
        }
        return Choice(candidates: candidates, selected: best?.rate)
    }
}
