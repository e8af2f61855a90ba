import Optimizers
import Testing

@Suite struct OptimizerStepSeriesTests {
    typealias Point = OptimizerStepSeries.Point

    @Test func shapeSeriesThenTheRankSeriesWithoutRepeats() {
        let series = OptimizerStepSeries(sizes: [64, 128, 256], baseRank: 16, ranks: [4, 16, 32], baseSize: 256, window: 3, windows: 2)
        // (256, 16) is in both series and is timed once, in the shape series' place.
        #expect(series.points == [Point(size: 64, rank: 16), Point(size: 128, rank: 16), Point(size: 256, rank: 16),
                                  Point(size: 256, rank: 4), Point(size: 256, rank: 32)])
        let setup = series.setup("lamb", at: Point(size: 128, rank: 8))
        #expect(setup == OptimizerStepBenchmark.Setup(optimizer: "lamb", m: 128, n: 128, r: 8, window: 3, windows: 2))
    }

    @Test func runTimesEveryPointOfEveryOptimizerInOrder() throws {
        let series = OptimizerStepSeries(sizes: [12, 16], baseRank: 2, ranks: [2, 4], baseSize: 16, window: 2, windows: 1)
        var seen: [(String, Int, Int)] = []
        try series.run(optimizers: ["adam", "sgd"]) { setup, seconds in
            #expect(seconds > 0 && seconds < 1, "\(setup.optimizer) \(setup.m) x \(setup.r): \(seconds) s")
            seen.append((setup.optimizer, setup.m, setup.r))
        }
        #expect(seen.map(\.0) == ["adam", "adam", "adam", "sgd", "sgd", "sgd"])
        #expect(seen.map(\.1) == [12, 16, 16, 12, 16, 16])
        #expect(seen.map(\.2) == [2, 2, 4, 2, 2, 4])
    }
}
