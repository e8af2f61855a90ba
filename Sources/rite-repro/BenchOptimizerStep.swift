import ArgumentParser
import Foundation
import Optimizers
import Report
import RiteCore
import Store
import Sweep

extension Bench {
    /// `rite-repro bench optimizer-step`: the cost of one optimizer step as the LoRA factor shapes
    /// grow (the paper's Table 7), recorded in the database for `rite-repro table table7`.
    struct OptimizerStep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "optimizer-step",
            abstract: "Time one optimizer step on one LoRA pair as m = n and r grow; record it for Table 7.",
            discussion: """
            Two series per optimizer: m = n over --sizes at rank --base-rank, and r over --ranks at m = n = --base-size \
            (the paper's notation: A is m x r, B is n x r). Each point is the median over --windows windows of the mean \
            step time over --window consecutive steps, so periodic work (Shampoo's roots every 100 steps) is amortised. \
            The timings replace the previous optimizer-step timings in the database. Use a release build.
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(parsing: .upToNextOption, help: "Optimizers to time.")
        var optimizers: [String] = ReportCatalog.paperOptimizers

        @Option(parsing: .upToNextOption, help: "Values of m = n for the shape series.")
        var sizes: [Int] = [64, 128, 256, 512, 1024]

        @Option(help: "The rank of the shape series.")
        var baseRank: Int = 16

        @Option(parsing: .upToNextOption, help: "Values of r for the rank series.")
        var ranks: [Int] = [4, 8, 16, 32, 64]

        @Option(help: "m = n of the rank series.")
        var baseSize: Int = 256

        @Option(help: "Steps per timed window.")
        var window: Int = 100

        @Option(help: "Timed windows per point (the median is recorded).")
        var windows: Int = 5

        @Flag(help: "Print only; do not record in the database.")
        var noRecord = false

        func validate() throws {
            for name in optimizers where !OptimizerFactory.names.contains(name) {
                throw ValidationError("--optimizers: unknown optimizer \(name); expected among \(OptimizerFactory.names.joined(separator: ", "))")
            }
            for (flag, values) in [("--sizes", sizes), ("--ranks", ranks), ("--base-rank", [baseRank]), ("--base-size", [baseSize]),
                                   ("--window", [window]), ("--windows", [windows])] {
                if let bad = values.first(where: { $0 < 1 }) { throw ValidationError("\(flag) must be at least 1, got \(bad)") }
            }
            if let bad = ranks.first(where: { $0 > baseSize }) {
                throw ValidationError("--ranks: rank \(bad) exceeds --base-size \(baseSize); LoRA factors are tall")
            }
        }

        func run() throws {
            let series = OptimizerStepSeries(sizes: sizes, baseRank: baseRank, ranks: ranks, baseSize: baseSize,
                                             window: window, windows: windows)
            let host = LocalProcessProbe.hostName
            var timings: [Timing] = []
            print("optimizer     m = n      r   seconds/step")
            try series.run(optimizers: optimizers) { setup, seconds in
                timings.append(Timing(benchmark: "optimizer-step", optimizer: setup.optimizer, preset: nil, m: setup.m, n: setup.n,
                                      r: setup.r, batch: nil, medianSeconds: seconds, samples: windows, host: host,
                                      toolVersion: ToolVersion.current, measuredAt: Date()))
                print(setup.optimizer.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%7d %6d   %.3e", setup.m, setup.r, seconds))
            }
            if !noRecord {
                try ResultStore(path: database.path).replaceTimings(of: "optimizer-step", with: timings)
                print("recorded \(timings.count) timings in \(database.path)")
            }
        }
    }
}
