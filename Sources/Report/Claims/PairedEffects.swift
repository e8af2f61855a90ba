// The effect sizes of a paired comparison of two optimizers, X against Y, over aligned strata, each
// with its stratified bootstrap interval: seeds are drawn with replacement within each stratum and a
// drawn seed brings both optimizers' runs on it, so the pairing survives resampling.

enum PairedEffects {
    /// The paired differences x - y of a stratum at the drawn seed indices.
    static func differences(_ stratum: AlignedStratum, _ x: String, _ y: String, _ draw: [Int]) -> [Double] {
        let (a, b) = (stratum.values(x), stratum.values(y))
        return draw.map { a[$0] - b[$0] }
    }

    /// The mean paired difference in one stratum, bootstrapped over its seeds.
    static func stratumMean(_ stratum: AlignedStratum, _ x: String, _ y: String,
                            settings: BootstrapSettings) throws -> ConfidenceInterval {
        try StratifiedBootstrap.interval(strata: [stratum.seeds.count], settings: settings) { draws in
            SampleStatistics.mean(differences(stratum, x, y, draws[0]))
        }
    }

    /// The mean over strata of each stratum's mean paired difference (every task weighs the same, as in
    /// the tables' Avg. column), bootstrapped within strata with the stratum set fixed.
    static func averageOfMeans(_ strata: [AlignedStratum], _ x: String, _ y: String,
                               settings: BootstrapSettings) throws -> ConfidenceInterval {
        try StratifiedBootstrap.interval(strata: strata.map(\.seeds.count), settings: settings) { draws in
            SampleStatistics.mean(zip(strata, draws).map { SampleStatistics.mean(differences($0, x, y, $1)) })
        }
    }

    /// The interquartile mean of every paired difference of the strata pooled together.
    static func pooledInterquartileMean(_ strata: [AlignedStratum], _ x: String, _ y: String,
                                        settings: BootstrapSettings) throws -> ConfidenceInterval {
        try StratifiedBootstrap.interval(strata: strata.map(\.seeds.count), settings: settings) { draws in
            SampleStatistics.interquartileMean(zip(strata, draws).flatMap { differences($0, x, y, $1) })
        }
    }

    /// P(X > Y): per stratum the share of (X run, Y run) pairs in which X scores higher (ties one half),
    /// averaged over strata.
    static func probabilityOfImprovement(_ strata: [AlignedStratum], _ x: String, _ y: String,
                                         settings: BootstrapSettings) throws -> ConfidenceInterval {
        try StratifiedBootstrap.interval(strata: strata.map(\.seeds.count), settings: settings) { draws in
            SampleStatistics.mean(zip(strata, draws).map { stratum, draw in
                let (a, b) = (stratum.values(x), stratum.values(y))
                return SampleStatistics.probabilityOfImprovement(draw.map { a[$0] }, over: draw.map { b[$0] })
            })
        }
    }

    /// The mean of an optimizer's values in a stratum at the drawn seeds.
    static func mean(_ stratum: AlignedStratum, _ optimizer: String, _ draw: [Int]) -> Double {
        let values = stratum.values(optimizer)
        return SampleStatistics.mean(draw.map { values[$0] })
    }
}
