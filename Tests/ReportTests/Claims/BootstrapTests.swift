import Foundation
@testable import Report
import Testing

// The stratified bootstrap against an exhaustive enumeration of every resample on tiny cases, where
// the exact bootstrap distribution is known and its quantiles can be read off directly.

/// Every resample of every stratum (n^n each, combined across strata), each equally likely, with the
/// statistic's value: the exact bootstrap distribution.
func exhaustiveBootstrap(strata: [Int], statistic: ([[Int]]) -> Double) -> [Double] {
    func draws(_ n: Int) -> [[Int]] {
        var all: [[Int]] = [[]]
        for _ in 0 ..< n { all = all.flatMap { prefix in (0 ..< n).map { prefix + [$0] } } }
        return all
    }
    var combinations: [[[Int]]] = [[]]
    for n in strata { combinations = combinations.flatMap { prefix in draws(n).map { prefix + [$0] } } }
    return combinations.map(statistic).sorted()
}

/// The smallest value v with P(X <= v) >= q of an exact distribution given as equally likely values,
/// and how far the distribution function is from q on either side of it (so a test can require the
/// Monte Carlo estimate to be unambiguous).
func exactQuantile(_ sorted: [Double], _ q: Double) -> (value: Double, below: Double, at: Double) {
    let n = Double(sorted.count)
    let value = sorted.first { v in Double(sorted.filter { $0 <= v }.count) / n >= q }!
    let at = Double(sorted.filter { $0 <= value }.count) / n
    let below = Double(sorted.filter { $0 < value }.count) / n
    return (value, below, at)
}

@Suite("Stratified bootstrap")
struct BootstrapTests {
    /// Two strata with skewed values, chosen so that neither exact quantile sits near a jump of the
    /// distribution function (and the lower one is not the minimum); the statistic is the mean of the
    /// stratum means.
    static let strata: [[Double]] = [[1, 0, 1], [2, 2, 2, 8]]

    static func meanOfMeans(_ draws: [[Int]]) -> Double {
        SampleStatistics.mean(zip(strata, draws).map { values, draw in SampleStatistics.mean(draw.map { values[$0] }) })
    }

    @Test("agrees with the exhaustive enumeration of every resample")
    func exhaustive() throws {
        let sizes = Self.strata.map(\.count)
        let exact = exhaustiveBootstrap(strata: sizes, statistic: Self.meanOfMeans)
        #expect(exact.count == 27 * 256)
        let interval = try StratifiedBootstrap.interval(strata: sizes, statistic: Self.meanOfMeans)
        for (q, bound) in [(0.025, interval.lower), (0.975, interval.upper)] {
            let truth = exactQuantile(exact, q)
            // Monte Carlo error of a distribution function value with 10000 draws is about 0.0016:
            // require a margin of 0.005 on either side so that the exact quantile is the only answer.
            try #require(truth.below < q - 0.005 && truth.at > q + 0.005, "the test case is ambiguous at q = \(q): \(truth)")
            #expect(bound == truth.value, "q = \(q): bootstrap \(bound), exact \(truth.value)")
        }
        #expect(interval.estimate == (2.0 / 3 + 14.0 / 4) / 2)
        #expect(interval.lower > exact.first!, "the lower bound is not simply the smallest resample")
    }

    @Test("resamples within strata: pooling the strata gives another interval")
    func stratificationMatters() throws {
        // Pooling the seven values into one stratum lets a resample draw the 8 seven times; the
        // stratified interval keeps each task's values in its own mean.
        let sizes = Self.strata.map(\.count)
        let stratified = try StratifiedBootstrap.interval(strata: sizes, statistic: Self.meanOfMeans)
        let pooled = Self.strata.flatMap { $0 }
        let unstratified = try StratifiedBootstrap.interval(strata: [pooled.count]) { draws in
            SampleStatistics.mean(draws[0].map { pooled[$0] })
        }
        #expect(stratified != unstratified)
        // With every stratum drawn from its own values, the mean of means stays within [(0 + 2) / 2, (1 + 8) / 2].
        #expect(stratified.lower >= 1 && stratified.upper <= 4.5)
    }

    @Test("one unit per stratum gives a point; constant data gives a point")
    func degenerate() throws {
        let point = try StratifiedBootstrap.interval(strata: [1, 1, 1]) { draws in Double(draws.map { $0[0] }.reduce(0, +)) }
        #expect(point == ConfidenceInterval(estimate: 0, lower: 0, upper: 0))
        let constant = try StratifiedBootstrap.interval(strata: [5]) { _ in 2 }
        #expect(constant == ConfidenceInterval(estimate: 2, lower: 2, upper: 2))
    }

    @Test("the same settings give the same interval; another seed another one")
    func fixedSeed() throws {
        let sizes = Self.strata.map(\.count)
        let statistic: ([[Int]]) -> Double = { draws in Double(draws.flatMap { $0 }.reduce(0, +)) }
        let a = try StratifiedBootstrap.interval(strata: sizes, settings: BootstrapSettings(resamples: 50), statistic: statistic)
        let b = try StratifiedBootstrap.interval(strata: sizes, settings: BootstrapSettings(resamples: 50), statistic: statistic)
        let c = try StratifiedBootstrap.interval(strata: sizes, settings: BootstrapSettings(resamples: 50, seed: 1), statistic: statistic)
        #expect(a == b)
        #expect(a != c)
    }

    @Test("a statistic that is not finite is an error, never an interval")
    func nonFinite() {
        #expect(throws: ClaimError.self) {
            try StratifiedBootstrap.interval(strata: [3]) { draws in draws[0].allSatisfy { $0 == 0 } ? .nan : 1 }
        }
    }

    @Test("quantiles are the inverse of the empirical distribution function")
    func quantiles() {
        let values = (1 ... 10000).map(Double.init)
        #expect(StratifiedBootstrap.quantile(sorted: values, 0.025) == 250)
        #expect(StratifiedBootstrap.quantile(sorted: values, 0.975) == 9750)
        #expect(StratifiedBootstrap.quantile(sorted: [1, 2, 3, 4], 0.5) == 2)
        #expect(StratifiedBootstrap.quantile(sorted: [1, 2, 3, 4], 0.51) == 3)
        #expect(StratifiedBootstrap.quantile(sorted: [1, 2, 3, 4], 1) == 4)
    }
}
