import Foundation

/// One benchmark measurement: the median seconds of an operation over repeated samples, with
/// what it was measured on. Two benchmarks write timings: `train-step` (a whole LoRA training step
/// of a preset, forward, backward and update: the paper's Table 4; m = n = the model width) and
/// `optimizer-step` (one optimizer update of one LoRA pair of a given shape, the paper's Table 7).
/// Shapes use the paper's notation: A is m x r, B is n x r.
public struct Timing: Sendable, Equatable {
    public var benchmark: String
    public var optimizer: String
    /// The model preset (train-step), or nil.
    public var preset: String?
    public var m: Int
    public var n: Int
    public var r: Int
    /// Sequences per step (train-step), or nil.
    public var batch: Int?
    public var medianSeconds: Double
    public var samples: Int
    public var host: String
    public var toolVersion: String
    public var measuredAt: Date
    /// The BLAS library and kernel family it ran on (for example `OpenBLAS 0.3.21 ... Cooperlake`).
    public var blas: String?
    /// The build of rite-repro: its git commit and configuration.
    public var build: String?
    /// What the operation ran on (train-step: whose batches, for example `openbookqa-style train split`).
    public var workload: String?
    /// nil: a recorded result (the median over rounds, what tables show); k >= 1: round k's own
    /// measurement of a benchmark measured in rounds (train-step: the mean over its window of steps),
    /// kept so that paired comparisons (claim C7) can resample rounds.
    public var round: Int?

    public init(benchmark: String, optimizer: String, preset: String?, m: Int, n: Int, r: Int, batch: Int?,
                medianSeconds: Double, samples: Int, host: String, toolVersion: String, measuredAt: Date,
                blas: String? = nil, build: String? = nil, workload: String? = nil, round: Int? = nil) {
        self.benchmark = benchmark
        self.optimizer = optimizer
        self.preset = preset
        self.m = m
        self.n = n
        self.r = r
        self.batch = batch
        self.medianSeconds = medianSeconds
        self.samples = samples
        self.host = host
        self.toolVersion = toolVersion
        self.measuredAt = measuredAt
        self.blas = blas
        self.build = build
        self.workload = workload
        self.round = round
    }
}
