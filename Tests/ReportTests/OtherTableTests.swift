import Foundation
@testable import Report
import Testing

/// Tables 4, 7 and 9 on hand-made input.
@Suite struct OtherTableTests {
    @Test func table4SpeedsAndRatios() throws {
        // Adam 10 and 12 steps/s -> 11.00 ± 1.41; LoRA-RITE 9 and 9.5 -> 9.25 ± 0.35; ratio 9.25 / 11 = 0.841.
        var runs = [
            run("adam", task: "openbookqa-style", lr: 1e-4, seed: 0, dev: 0.5, test: 0.5, speed: 10),
            run("adam", task: "openbookqa-style", lr: 2e-4, seed: 0, dev: 0.5, test: 0.5, speed: 12),
            run("lora-rite", task: "openbookqa-style", lr: 1e-4, seed: 0, dev: 0.5, test: 0.5, speed: 9),
            run("lora-rite", task: "openbookqa-style", lr: 1e-4, seed: 1, dev: 0.5, test: 0.5, speed: 9.5),
        ]
        // Not counted: a diverged run, a done run without speed, a run on another task.
        runs.append(run("lora-rite", task: "openbookqa-style", lr: 2e-4, seed: 0, status: .diverged, speed: 100))
        runs.append(run("adam", task: "openbookqa-style", lr: 5e-4, seed: 0, dev: 0.5, test: 0.5))
        runs.append(run("adam", task: "arc-style", lr: 5e-4, seed: 0, dev: 0.5, test: 0.5, speed: 1000))
        let markdown = try ReportBuilder.table(.table4, results: runs)
        #expect(markdown.contains("| Source | Adam | LoRA+ | ScaledAdam | Shampoo | Lamb | LoRA-RITE |"))
        #expect(row(markdown, startingWith: "| ours (tiny), sweep runs, steps/s |")
            == "| ours (tiny), sweep runs, steps/s | 11.00 ± 1.41 (n=2) | — | — | — | — | 9.25 ± 0.35 (n=2) |")
        #expect(row(markdown, startingWith: "| ours (tiny), sweep runs, relative to Adam |")
            == "| ours (tiny), sweep runs, relative to Adam | 1.000 | — | — | — | — | 0.841 |")
        // No benchmark recorded: its rows are empty and the caption says how to record one.
        #expect(row(markdown, startingWith: "| ours (tiny), benchmark steps/s |")
            == "| ours (tiny), benchmark steps/s | — | — | — | — | — | — |")
        #expect(markdown.contains("no training-step benchmark is recorded (`rite-repro bench train-step --record`"))
        // The paper's Gemma-2B Adam cell is empty: no ratios for Gemma-2B; Gemma-7B: 0.114 / 0.120 = 0.950.
        #expect(row(markdown, startingWith: "| paper (Gemma-2B), steps/s |")
            == "| paper (Gemma-2B), steps/s | — | 0.930 | 0.917 | 0.837 | 0.929 | 0.878 |")
        #expect(row(markdown, startingWith: "| paper (Gemma-2B), relative to Adam |")
            == "| paper (Gemma-2B), relative to Adam | — | — | — | — | — | — |")
        #expect(row(markdown, startingWith: "| paper (Gemma-7B), relative to Adam |")
            == "| paper (Gemma-7B), relative to Adam | 1.000 | 1.000 | 0.950 | 0.933 | 0.967 | 0.950 |")
        #expect(row(markdown, startingWith: "| ours (small), sweep runs, steps/s |")
            == "| ours (small), sweep runs, steps/s | — | — | — | — | — | — |")
        #expect(markdown.contains("1 done runs recorded no speed"))
        #expect(markdown.contains("6 runs in scope (done 5, diverged 1); 1 input run outside"))
    }

    @Test func table4ComparesOptimizersFromTheRecordedBenchmark() throws {
        // Benchmark: tiny Adam 4 ms (250 steps/s), LoRA-RITE 5 ms (200, 0.800 of Adam), small Adam
        // 20 ms (50) and LoRA-RITE 25 ms (40, 0.800); a rank-4 row is not this table's. The sweep rows
        // keep the runs' own speeds (LoRA-RITE at 0.728 of Adam, as a contended sweep measured it).
        let blas = "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64"
        func speed(_ preset: String, _ optimizer: String, _ seconds: Double, rank: Int = 16) -> TrainingStepSpeed {
            TrainingStepSpeed(preset: preset, optimizer: optimizer, rank: rank, batch: 16, seconds: seconds, rounds: 3, blas: blas,
                              build: "1e43743 (release, AVX2 and FMA)", workload: "openbookqa-style train split, mean of 100 steps after 3")
        }
        let speeds = [speed("tiny", "adam", 0.004), speed("tiny", "lora-rite", 0.005), speed("small", "adam", 0.02),
                      speed("small", "lora-rite", 0.025), speed("tiny", "shampoo", 0.001, rank: 4)]
        let runs = [
            run("adam", task: "openbookqa-style", lr: 1e-4, seed: 0, dev: 0.5, test: 0.5, speed: 100),
            run("lora-rite", task: "openbookqa-style", lr: 1e-4, seed: 0, dev: 0.5, test: 0.5, speed: 72.8),
        ]
        let markdown = try ReportBuilder.table(.table4, results: runs, speeds: speeds)
        #expect(row(markdown, startingWith: "| ours (tiny), benchmark steps/s |")
            == "| ours (tiny), benchmark steps/s | 250.00 | — | — | — | — | 200.00 |")
        #expect(row(markdown, startingWith: "| ours (tiny), benchmark, relative to Adam |")
            == "| ours (tiny), benchmark, relative to Adam | 1.000 | — | — | — | — | 0.800 |")
        #expect(row(markdown, startingWith: "| ours (small), benchmark steps/s |")
            == "| ours (small), benchmark steps/s | 50.00 | — | — | — | — | 40.00 |")
        #expect(row(markdown, startingWith: "| ours (tiny), sweep runs, relative to Adam |")
            == "| ours (tiny), sweep runs, relative to Adam | 1.000 | — | — | — | — | 0.728 |")
        #expect(markdown.contains("Workload: `openbookqa-style train split, mean of 100 steps after 3`. BLAS: `\(blas)`. "
            + "Build: `1e43743 (release, AVX2 and FMA)`."))
        try Golden.check("table4.md", markdown)
        // The digest covers the benchmark rows: another recorded time gives another digest.
        let other = try ReportBuilder.table(.table4, results: runs, speeds: [speed("tiny", "adam", 0.0041)] + speeds.dropFirst())
        let digest = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("Input digest") } }
        #expect(digest(markdown) != nil && digest(markdown) != digest(other))
    }

    @Test func lineFit() throws {
        // y = 1 + 2x exactly: slope 2, standard error 0.
        let exact = try #require(LineFit.leastSquares(x: [0, 1, 2, 3], y: [1, 3, 5, 7]))
        #expect(exact.slope == 2 && exact.intercept == 1 && exact.slopeStandardError == 0)
        // Points (0,0), (1,1), (2,1): slope 0.5, intercept 1/6, residuals -1/6, 1/3, -1/6 -> SSR 1/6,
        // se = sqrt((1/6) / 1 / 2) = sqrt(1/12).
        let noisy = try #require(LineFit.leastSquares(x: [0, 1, 2], y: [0, 1, 1]))
        #expect(abs(noisy.slope - 0.5) < 1e-15)
        #expect(abs(noisy.intercept - 1.0 / 6) < 1e-15)
        #expect(abs(noisy.slopeStandardError! - (1.0 / 12).squareRoot()) < 1e-15)
        #expect(LineFit.leastSquares(x: [1, 1], y: [1, 2]) == nil)
        #expect(LineFit.leastSquares(x: [1, 2], y: [1, 2])?.slopeStandardError == nil)
    }

    @Test func table7FitsExponents() throws {
        var measurements: [StepCostMeasurement] = []
        // LoRA-RITE: seconds = 1e-9 * (m + n) * r^2. Varying m = n at r = 8: exponent 1 exactly.
        // Varying r at m = n = 256: exponent 2 exactly. The median of 3 repeats ignores one outlier.
        for size in [64, 128, 256, 512] {
            measurements.append(StepCostMeasurement(optimizer: "lora-rite", m: size, n: size, r: 8, seconds: 1e-9 * Double(2 * size) * 64))
        }
        for r in [4, 8, 16, 32] {
            let seconds = 1e-9 * 512 * Double(r * r)
            measurements.append(StepCostMeasurement(optimizer: "lora-rite", m: 256, n: 256, r: r, seconds: seconds))
            if r == 16 {
                measurements.append(StepCostMeasurement(optimizer: "lora-rite", m: 256, n: 256, r: r, seconds: seconds * 50))
                measurements.append(StepCostMeasurement(optimizer: "lora-rite", m: 256, n: 256, r: r, seconds: seconds))
            }
        }
        // Adam: seconds = 1e-9 * (m + n) * r, varying r only at m = 256, n = 512: exponent 1.
        for r in [4, 16] {
            measurements.append(StepCostMeasurement(optimizer: "adam", m: 256, n: 512, r: r, seconds: 1e-9 * 768 * Double(r)))
        }
        let markdown = try ReportBuilder.table(.table7, results: [], measurements: measurements)
        #expect(row(markdown, startingWith: "| LoRA-RITE | m=n |")
            == "| LoRA-RITE | m=n | r=8 | 4 | 64, 128, 256, 512 | 1.00 ± 0.00 | O(mr^2 + nr^2) | 1 |")
        #expect(row(markdown, startingWith: "| LoRA-RITE | r |")
            == "| LoRA-RITE | r | m=256, n=256 | 4 | 4, 8, 16, 32 | 2.00 ± 0.00 | O(mr^2 + nr^2) | 2 |")
        #expect(row(markdown, startingWith: "| Adam | r |") == "| Adam | r | m=256, n=512 | 2 | 4, 16 | 1.00 | O(mr + nr) | 1 |")
        // Medians: 1e-9 * 512 * 256 s = 131.072 µs, from 3 timings.
        #expect(row(markdown, startingWith: "| LoRA-RITE | 256 | 256 | 16 |") == "| LoRA-RITE | 256 | 256 | 16 | 131.07 | 3 |")
        #expect(markdown.contains("| Shampoo (Gupta et al., 2018) | O(m^3 + n^3 + r^3) | O(m^2 + n^2 + r^2) |"))
        #expect(markdown.contains("Ours: 12 timings of one optimizer step on one LoRA pair in 9 configurations"))
        #expect(markdown.contains(RowDigest.digest(runs: [], measurements: measurements)))
        #expect(throws: ReportError.invalidMeasurement(index: 0, reason: "seconds = nan; expected a finite time above 0")) {
            try ReportBuilder.table(.table7, results: [],
                                    measurements: [StepCostMeasurement(optimizer: "adam", m: 1, n: 1, r: 1, seconds: .nan)])
        }
    }

    @Test func table9SelectedRates() throws {
        var runs: [RunResult] = []
        for task in ReportCatalog.benchmarkTasks {
            // Adam: middle of three rates wins (no edge mark). LoRA-RITE: the largest wins (edge, †).
            for (lr, dev) in [(5e-5, 0.3), (1e-4, 0.5), (2e-4, 0.4)] {
                runs += (0 ..< 2).map { run("adam", task: task, lr: lr, seed: $0, dev: dev, test: dev) }
                runs += (0 ..< 2).map { run("lora-rite", task: task, lr: lr, seed: $0, dev: lr == 2e-4 ? 0.6 : 0.1, test: 0.5) }
            }
        }
        // On gsm8k-style every Lamb run is still pending: the cell says so.
        runs += (0 ..< 2).map { run("lamb", task: "gsm8k-style", lr: 1e-3, seed: $0, status: .pending) }
        let markdown = try ReportBuilder.table(.table9, results: runs)
        #expect(markdown.contains("| Optimizer | Source | hellaswag-style | arc-style | gsm8k-style | openbookqa-style |"))
        #expect(row(markdown, startingWith: "| Adam | ours (tiny) |") == "| Adam | ours (tiny) | 1e-4 | 1e-4 | 1e-4 | 1e-4 |")
        #expect(row(markdown, startingWith: "| LoRA-RITE | ours (tiny) |") == "| LoRA-RITE | ours (tiny) | 2e-4 † | 2e-4 † | 2e-4 † | 2e-4 † |")
        #expect(row(markdown, startingWith: "| Lamb | ours (tiny) |") == "| Lamb | ours (tiny) | — | — | 2/2 pending | — |")
        #expect(row(markdown, startingWith: "|  | paper (Gemma-2B) |", after: "| Adam | ours (tiny) |")
            == "|  | paper (Gemma-2B) | 1e-5 | 5e-5 | 1e-5 | 5e-5 |")
        #expect(row(markdown, startingWith: "|  | paper (Gemma-2B) |", after: "| LoRA-RITE | ours (tiny) |")
            == "|  | paper (Gemma-2B) | 2e-4 | 1e-3 | 2e-4 | 2e-4 |")
        #expect(markdown.contains("† = the smallest or largest rate of the grid"))
        #expect(markdown.contains("- gsm8k-style (tiny, r=16): tuning budgets differ"))
        #expect(markdown.contains("- hellaswag-style (tiny, r=16): no runs for Lamb."))
        // Gemma-7B has no Table 9 and we ran no small preset: no small block.
        #expect(!markdown.contains("#### small"))
    }
}
