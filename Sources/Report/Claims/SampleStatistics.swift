// The aggregate statistics of the claims (DESIGN.md, after Agarwal et al., NeurIPS 2021): the mean,
// the interquartile mean, and the probability of improvement. Each is a plain function of values, so
// the bootstrap can recompute it on every resample and a test can check it by hand.

public enum SampleStatistics {
    public static func mean(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "mean of no values")
        return values.reduce(0, +) / Double(values.count)
    }

    /// The interquartile mean: the mean of the middle half of the values. Sorted, the n values split
    /// the unit interval into n cells of width 1/n; each value is weighted by how much of its cell lies
    /// in [0.25, 0.75], so for n not divisible by 4 the values at the quartiles count in part (n = 4:
    /// the mean of the middle two; n = 5, values 1...5: (0.75 x 2 + 3 + 0.75 x 4) / 2.5 = 3). Robust to
    /// one outlying value in four, unlike the mean.
    public static func interquartileMean(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "interquartile mean of no values")
        let sorted = values.sorted()
        let n = Double(sorted.count)
        var total = 0.0
        for (i, value) in sorted.enumerated() {
            let overlap = min(Double(i + 1) / n, 0.75) - max(Double(i) / n, 0.25)
            if overlap > 0 { total += value * overlap }
        }
        return total / 0.5
    }

    /// P(X > Y) on one stratum: the chance that a run of X scores above a run of Y, over every pair of
    /// one run of each (ties count one half): the Mann-Whitney U statistic divided by |X| |Y|.
    public static func probabilityOfImprovement(_ x: [Double], over y: [Double]) -> Double {
        precondition(!x.isEmpty && !y.isEmpty, "probability of improvement needs runs of both")
        var wins = 0.0
        for a in x {
            for b in y { wins += a > b ? 1 : (a == b ? 0.5 : 0) }
        }
        return wins / Double(x.count * y.count)
    }
}
