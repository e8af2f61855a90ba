import Foundation
import Optimizers
@testable import Report
import RiteCore
import Testing

// C1, C2, C6, C7 and C8 on hand-built inputs with known answers.

@Suite("Claims on invariance, factors, rates and costs")
struct OtherClaimTests {
    static func invariance(rite: Double, adam: Double? = 0.5, version: Int = NumericsVersion.current) -> [InvarianceMeasurement] {
        var rows: [InvarianceMeasurement] = []
        for transform in ["general", "scalar"] {
            let parameter = transform == "general" ? 1000.0 : 37
            for seed in [11, 12] {
                rows.append(InvarianceMeasurement(optimizer: "lora-rite", transform: transform, parameter: parameter, problemSeed: seed,
                                                  steps: 25, discrepancy: rite, movement: 0.5, numericsVersion: version))
                rows.append(InvarianceMeasurement(optimizer: "adam", transform: transform, parameter: parameter, problemSeed: seed, steps: 25,
                                                  discrepancy: adam, movement: 0.5, failure: adam == nil ? "step 8: not finite" : nil,
                                                  numericsVersion: version))
                rows.append(InvarianceMeasurement(optimizer: "lamb", settings: "eps=1e-14", transform: transform, parameter: parameter,
                                                  problemSeed: seed, steps: 25, discrepancy: transform == "scalar" ? 1e-12 : 0.3,
                                                  movement: 0.5, numericsVersion: version))
            }
        }
        return rows
    }

    @Test("C1: invariant to 1e-8 holds; the band between 1e-8 and 1e-4 is inconclusive; above does not hold")
    func invariance() throws {
        #expect(try ClaimFixtures.claim("C1", ClaimInputs(invariance: Self.invariance(rite: 3e-13))).verdict == .holds)
        #expect(try ClaimFixtures.claim("C1", ClaimInputs(invariance: Self.invariance(rite: 1e-6))).verdict == .inconclusive)
        #expect(try ClaimFixtures.claim("C1", ClaimInputs(invariance: Self.invariance(rite: 1e-2))).verdict == .doesNotHold)
        // Adam as invariant as LoRA-RITE contradicts the paper.
        #expect(try ClaimFixtures.claim("C1", ClaimInputs(invariance: Self.invariance(rite: 3e-13, adam: 1e-12))).verdict == .doesNotHold)
        // A failed reparameterised run is not invariant.
        let failed = try ClaimFixtures.claim("C1", ClaimInputs(invariance: Self.invariance(rite: 3e-13, adam: nil)))
        #expect(failed.verdict == .holds)
        #expect(ClaimFixtures.row(failed, "Adam", "general R, condition 1e3")?[3] == "failed")
        // Measurements of another numerics version are not used.
        let stale = try ClaimFixtures.claim("C1", ClaimInputs(invariance: Self.invariance(rite: 3e-13, version: 0)))
        #expect(stale.verdict == .notEnoughRuns(detail: "n = 0 measurements of numerics version \(NumericsVersion.current)"))
    }

    @Test("C2: growth of ||A||, its warm-up part and the update ratio from hand-made curves")
    func factors() throws {
        var results: [RunResult] = []
        var curves: [StepSeries] = []
        for task in ["openbookqa-style", "sni-global"] {
            for optimizer in ClaimFixtures.optimizers {
                for run in ClaimFixtures.runs(optimizer, task: task, seeds: [0, 1, 2], score: { _ in 0.5 }) {
                    results.append(run)
                    // LoRA-RITE: ||A|| from 1 to 3, linearly over steps 1 ... 201 (a quarter of it by step 51);
                    // the others from 1 to 1.01, all of it by step 100, the end of warm-up.
                    let rite = optimizer == "lora-rite"
                    curves.append(ClaimFixtures.curve(run.runKey, .normA, steps: 201) { step in
                        rite ? 1 + 2 * Double(step - 1) / 200 : 1 + 0.01 * min(Double(step - 1) / 99, 1)
                    })
                    curves.append(ClaimFixtures.curve(run.runKey, .normB, steps: 201) { step in Double(step) / 201 })
                    curves.append(ClaimFixtures.curve(run.runKey, .updateRatioA, steps: 201) { _ in rite ? 0.01 : 0.0001 })
                    curves.append(ClaimFixtures.curve(run.runKey, .updateRatioB, steps: 201) { step in step > 100 ? 0.01 : 1 })
                }
            }
        }
        let claim = try ClaimFixtures.claim("C2", ClaimInputs(results: results, curves: curves))
        #expect(claim.verdict == .holds)
        let rite = try #require(claim.detailRows.first { $0[0] == "LoRA-RITE" })
        let adam = try #require(claim.detailRows.first { $0[0] == "Adam" })
        #expect(rite[1] == "6" && rite[2] == "3.000 [3.000, 3.000]" && rite[5] == "1.000 [1.000, 1.000]")
        // Step 100 of 201: (1 + 2 x 99/200 - 1) / 2 = 49.5%, printed with no decimals (half away from zero).
        #expect(rite[3] == "50%")
        #expect(adam[2] == "1.010 [1.010, 1.010]" && adam[3] == "100%" && adam[5] == "0.010 [0.010, 0.010]")
        #expect(adam[6] == "+1.990 [+1.990, +1.990]" && adam[7] == "holds")
        // ||B|| at step 100 over its final value at 201.
        #expect(adam[4] == "0.498")
        // Without the curves, no verdict.
        let missing = try ClaimFixtures.claim("C2", ClaimInputs(results: results, curves: Array(curves.dropFirst(4))))
        #expect(missing.verdict.text.hasPrefix("not enough runs yet"))
    }

    @Test("C6: selected rates ten times Adam's on every task")
    func learningRates() throws {
        var results: [RunResult] = []
        for task in ReportCatalog.benchmarkTasks.prefix(3) {
            // Two rates each; dev picks 1e-3 for Adam and 1e-2 for the others.
            for optimizer in ["adam", "lora-rite", "lamb"] {
                let best = optimizer == "adam" ? 1e-3 : 1e-2
                for lr in [1e-3, 1e-2] {
                    results += ClaimFixtures.runs(optimizer, task: task, lr: lr, seeds: [0]) { _ in lr == best ? 0.75 : 0.25 }
                }
            }
        }
        let claim = try ClaimFixtures.claim("C6", ClaimInputs(results: results))
        #expect(claim.verdict == .holds)
        #expect(claim.effect.hasPrefix("LoRA-RITE / Adam ×10.00 [10.00, 10.00] (higher on 3 of 3 tasks; holds)"))
        #expect(ClaimFixtures.row(claim, "tiny", "arc-style") == ["tiny", "arc-style", "1e-3 †", "1e-2 †", "1e-2 †"])
        let twoTasks = results.filter { $0.task != "arc-style" }
        #expect(try ClaimFixtures.claim("C6", ClaimInputs(results: twoTasks)).verdict.text.hasPrefix("not enough runs yet (n = 2 tasks"))
    }

    @Test("C7: an overhead of exactly 5% per round holds, 10% does not; without benchmark rounds there is no verdict")
    func overhead() throws {
        func rounds(_ factor: Double, count: Int = 4) -> StepTimeRounds {
            StepTimeRounds(source: "hand-made rounds", rounds: (0 ..< count).map { i in
                StepTimeRound(stratum: "tiny", label: "round \(i)", adamSeconds: 0.1 * Double(i + 1), riteSeconds: factor * 0.1 * Double(i + 1))
            })
        }
        let five = try ClaimFixtures.claim("C7", ClaimInputs(stepTimes: rounds(1.05)))
        #expect(five.verdict == .holds)
        #expect(five.effect == "tiny: +5.0 [+5.0, +5.0]% per step")
        #expect(try ClaimFixtures.claim("C7", ClaimInputs(stepTimes: rounds(1.10))).verdict == .doesNotHold)
        // Runs with training speeds are not a clean benchmark: they give no verdict on their own.
        let runs = [1e-3, 2e-3, 5e-3].flatMap { lr in
            ClaimFixtures.runs("adam", task: "openbookqa-style", lr: lr, seeds: [0], speed: 10) { _ in 0.5 }
                + ClaimFixtures.runs("lora-rite", task: "openbookqa-style", lr: lr, seeds: [0], speed: 8) { _ in 0.5 }
        }
        let fromRuns = try ClaimFixtures.claim("C7", ClaimInputs(results: runs))
        #expect(fromRuns.verdict == .notEnoughRuns(detail: "n = 0 paired rounds in the thinnest preset; 3 needed"))
        #expect(fromRuns.shortfalls.first?.contains("rite-repro bench train-step --record") == true)
        #expect(try ClaimFixtures.claim("C7", ClaimInputs(stepTimes: rounds(1.05, count: 2))).verdict
            == .notEnoughRuns(detail: "n = 2 paired rounds in the thinnest preset; 3 needed"))
        var bad = rounds(1.05)
        bad.rounds[0].adamSeconds = 0
        #expect(throws: ClaimError.self) { try ClaimFixtures.claim("C7", ClaimInputs(stepTimes: bad)) }
    }

    /// Exact power laws: seconds = c m^p r^q with the paper's powers, except Shampoo's m-power when given.
    static func timings(shampooPower: Int = 3) -> [StepCostMeasurement] {
        var rows: [StepCostMeasurement] = []
        for optimizer in ClaimFixtures.optimizers {
            let cost = CostTableRenderer.paperComplexity(optimizer)!.cost
            let p = optimizer == "shampoo" ? Double(shampooPower) : Double(cost.mEqualsN), q = Double(cost.r)
            for m in [64, 128, 256, 512, 1024] {
                rows.append(StepCostMeasurement(optimizer: optimizer, m: m, n: m, r: 16, seconds: 1e-9 * pow(Double(m), p) * pow(16, q)))
            }
            for r in [4, 8, 32, 64] {
                rows.append(StepCostMeasurement(optimizer: optimizer, m: 256, n: 256, r: r, seconds: 1e-9 * pow(256, p) * pow(Double(r), q)))
            }
        }
        return rows
    }

    @Test("C8: exact power laws give the paper's exponents; a quadratic Shampoo disagrees")
    func costGrowth() throws {
        let claim = try ClaimFixtures.claim("C8", ClaimInputs(stepCosts: Self.timings()))
        #expect(claim.verdict == .holds)
        let rite = try #require(claim.detailRows.first { $0[0] == "LoRA-RITE" && $0[1] == "r" })
        #expect(rite[3] == "16, 32, 64" && rite[4] == "2.00 ± 0.00" && rite[6] == "2")
        // Shampoo's r^3 does not lead while r < m = n = 256: its r series is shown, not judged.
        #expect(claim.detailRows.first { $0[0] == "Shampoo" && $0[1] == "r" }?[7] == "not judged (r^3 is below m^3 + n^3 while r < m)")
        #expect(claim.effect.hasPrefix("11/11 series agree"))
        let quadratic = try ClaimFixtures.claim("C8", ClaimInputs(stepCosts: Self.timings(shampooPower: 2)))
        #expect(quadratic.verdict == .doesNotHold)
        #expect(quadratic.detailRows.first { $0[0] == "Shampoo" && $0[1] == "m=n" }?[7] == "does not hold")
        #expect(try ClaimFixtures.claim("C8", ClaimInputs()).verdict.text.hasPrefix("not enough runs yet"))
    }

    @Test("C8: the interval uses Student's t with k - 2 degrees of freedom")
    func costInterval() throws {
        // LoRA-RITE's m=n series at 256, 512, 1024 with log10 times 0, 0.4, 0.5 (x = log10 m steps by log10 2):
        // the slope and its standard error by hand, the interval slope ± 12.706 s.e.
        var rows = Self.timings().filter { !($0.optimizer == "lora-rite" && $0.m == $0.n && $0.r == 16) }
        let logTimes = [0.0, 0.4, 0.5]
        for (m, y) in zip([256, 512, 1024], logTimes) { rows.append(StepCostMeasurement(optimizer: "lora-rite", m: m, n: m, r: 16, seconds: pow(10, y))) }
        let claim = try ClaimFixtures.claim("C8", ClaimInputs(stepCosts: rows))
        // With x = 0, h, 2h (h = log10 2) and y = 0, 0.4, 0.5: Sxx = 2h², Sxy = 0.5h, slope 0.25/h; the fitted
        // values 0.05, 0.3, 0.55 leave residuals -0.05, 0.1, -0.05, SSE 0.015 on one degree of freedom.
        let h = log10(2.0)
        let slope = 0.25 / h
        let se = (0.015 / (2 * h * h)).squareRoot()
        let row = try #require(claim.detailRows.first { $0[0] == "LoRA-RITE" && $0[1] == "m=n" })
        #expect(row[4] == NumberFormat.fixed(slope, decimals: 2) + " ± " + NumberFormat.fixed(se, decimals: 2))
        let t = 12.706204736
        #expect(row[5] == "[" + NumberFormat.fixed(slope - t * se, decimals: 2) + ", " + NumberFormat.fixed(slope + t * se, decimals: 2) + "]")
    }
}
