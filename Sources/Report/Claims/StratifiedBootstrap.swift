// The interval estimate every statistical claim uses (DESIGN.md, "Claims and statistics"): a
// stratified percentile bootstrap. The strata are fixed (tasks, or presets); within each stratum the
// units (seeds, or timing rounds) are drawn with replacement, as many as it has; the statistic is
// recomputed on every resample, and the interval is the 2.5% and 97.5% quantiles of those values.
// Paired designs pass indices that select whole pairs, so a resampled seed carries the runs of every
// optimizer on that seed together.
//
// Quantiles are the inverse of the empirical distribution function: the q-quantile of B sorted
// values is the smallest value v with #(values <= v) >= q B. That definition is exact on a discrete
// distribution, so a test can compare the Monte Carlo interval with an exhaustive enumeration of
// every resample.
import RiteCore

/// How many resamples, from which seed, at which level: fixed, so a report is byte-stable.
public struct BootstrapSettings: Sendable, Equatable {
    public var resamples: Int
    public var seed: UInt64
    public var level: Double

    /// 10,000 resamples keep the Monte Carlo error of a 2.5% quantile's rank below 0.2 percentage points.
    public init(resamples: Int = 10_000, seed: UInt64 = 20_211_206, level: Double = 0.95) {
        self.resamples = resamples
        self.seed = seed
        self.level = level
    }
}

public enum StratifiedBootstrap {
    /// The statistic on the data as it is, with its percentile interval. `strata` holds the number of
    /// units in each stratum (each at least 1); `statistic` receives, per stratum, the indices of the
    /// units drawn (the identity for the estimate). A non-finite value of the statistic on any resample
    /// is an error: an interval cannot be read off values that include it.
    public static func interval(strata: [Int], settings: BootstrapSettings = BootstrapSettings(),
                                statistic: ([[Int]]) throws -> Double) throws -> ConfidenceInterval {
        precondition(!strata.isEmpty && strata.allSatisfy { $0 >= 1 }, "StratifiedBootstrap: strata \(strata) need a unit each")
        precondition(settings.resamples >= 1 && settings.level > 0 && settings.level < 1, "StratifiedBootstrap: settings \(settings)")
        let identity = strata.map { Array(0 ..< $0) }
        let estimate = try statistic(identity)
        guard estimate.isFinite else { throw ClaimError.nonFiniteStatistic(where: "the data as measured") }
        var generator = SeededGenerator(seed: settings.seed)
        var draws = identity
        var values: [Double] = []
        values.reserveCapacity(settings.resamples)
        for resample in 0 ..< settings.resamples {
            for s in strata.indices {
                for j in 0 ..< strata[s] { draws[s][j] = generator.nextIndex(strata[s]) }
            }
            let value = try statistic(draws)
            guard value.isFinite else { throw ClaimError.nonFiniteStatistic(where: "bootstrap resample \(resample + 1)") }
            values.append(value)
        }
        values.sort()
        let tail = (1 - settings.level) / 2
        return ConfidenceInterval(estimate: estimate, lower: quantile(sorted: values, tail),
                                  upper: quantile(sorted: values, 1 - tail), level: settings.level)
    }

    /// The smallest value v of `sorted` with #(values <= v) >= q count (q in (0, 1]). The product q count
    /// is rounded to 9 digits first, so 0.025 x 10000 counts as 250, not as 250.00000000000003.
    public static func quantile(sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty && q > 0 && q <= 1, "quantile: \(sorted.count) values, q = \(q)")
        let target = (q * Double(sorted.count) * 1e9).rounded() / 1e9
        let rank = Int(target.rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
