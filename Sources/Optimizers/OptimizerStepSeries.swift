/// The shapes the paper's Table 7 times (`rite-repro bench optimizer-step`): a shape series,
/// m = n over `sizes` at rank `baseRank`, and a rank series, r over `ranks` at m = n = `baseSize`
/// (the paper's notation: A is m x r, B is n x r). A point in both series is timed once.
public struct OptimizerStepSeries: Sendable, Hashable {
    /// One timed shape: m = n = `size`, rank `rank`.
    public struct Point: Sendable, Hashable {
        public var size: Int
        public var rank: Int

        public init(size: Int, rank: Int) {
            self.size = size
            self.rank = rank
        }
    }

    public var sizes: [Int]
    public var baseRank: Int
    public var ranks: [Int]
    public var baseSize: Int
    /// Steps per timed window and windows per point (`OptimizerStepBenchmark.Setup`).
    public var window: Int
    public var windows: Int

    public init(sizes: [Int], baseRank: Int, ranks: [Int], baseSize: Int, window: Int, windows: Int) {
        self.sizes = sizes
        self.baseRank = baseRank
        self.ranks = ranks
        self.baseSize = baseSize
        self.window = window
        self.windows = windows
    }

    /// The shape series in order, then the rank series' points that are not already in it.
    public var points: [Point] {
        var points = sizes.map { Point(size: $0, rank: baseRank) }
        for rank in ranks where !points.contains(Point(size: baseSize, rank: rank)) { points.append(Point(size: baseSize, rank: rank)) }
        return points
    }

    /// The benchmark setup of `optimizer` at `point`.
    public func setup(_ optimizer: String, at point: Point) -> OptimizerStepBenchmark.Setup {
        OptimizerStepBenchmark.Setup(optimizer: optimizer, m: point.size, n: point.size, r: point.rank, window: window, windows: windows)
    }

    /// Times every point for each optimizer, optimizers in the given order; `measured` sees each
    /// setup and its median seconds per step as soon as it is measured.
    public func run(optimizers: [String], measured: (OptimizerStepBenchmark.Setup, Double) throws -> Void) throws {
        for optimizer in optimizers {
            for point in points {
                let setup = setup(optimizer, at: point)
                try measured(setup, try OptimizerStepBenchmark.run(setup))
            }
        }
    }
}
