@testable import Report
import Testing

// C3, C4 and C5 on hand-built runs with known answers.

@Suite("Claims on scores")
struct ScoreClaimTests {
    static let tasks = ["arc-style", "sni-title"]

    @Test("C3: LoRA-RITE better by exactly 2 points on every seed gives [2, 2] and holds")
    func exactAdvantage() throws {
        // Adam's scores vary a lot across seeds; the paired difference does not.
        let results = ClaimFixtures.grid(tasks: Self.tasks, optimizers: ["adam", "lora-rite"]) { optimizer, _, seed in
            (optimizer == "lora-rite" ? 0.125 + 0.015625 : 0.125) + 0.25 * Double(seed)
        }
        let claim = try ClaimFixtures.claim("C3", ClaimInputs(results: results))
        #expect(claim.verdict == .holds)
        let arc = try #require(ClaimFixtures.row(claim, "tiny", "arc-style (acc_norm)"))
        #expect(arc[5] == "+1.56 [+1.56, +1.56]")
        // P(RITE > Adam) compares every run with every run (Adam's seed 2 beats LoRA-RITE's seed 0): 6 of 9.
        #expect(arc[6].hasPrefix("0.67 ["))
        let average = try #require(ClaimFixtures.row(claim, "tiny", "average of 2 tasks"))
        #expect(average[5] == "+1.56 [+1.56, +1.56]" && average[7] == "holds")
        #expect(claim.effect == "tiny: +1.56 [+1.56, +1.56] points on average")
    }

    @Test("C3: a paired difference by hand; pairing removes the spread between seeds")
    func pairedByHand() throws {
        // Differences 1, 2, 6 points on seeds 0, 1, 2 while Adam spans 10 ... 90: the mean is 3, and the
        // bootstrap of the mean of three values puts 1/27 of its mass on each extreme, so [1, 6].
        let adam: [Double] = [0.10, 0.50, 0.90], rite: [Double] = [0.11, 0.52, 0.96]
        let results = ClaimFixtures.runs("adam", task: "arc-style", seeds: [0, 1, 2]) { adam[$0] }
            + ClaimFixtures.runs("lora-rite", task: "arc-style", seeds: [0, 1, 2]) { rite[$0] }
        let claim = try ClaimFixtures.claim("C3", ClaimInputs(results: results))
        let arc = try #require(ClaimFixtures.row(claim, "tiny", "arc-style (acc_norm)"))
        #expect(arc[3] == "53.00" && arc[4] == "50.00")
        #expect(arc[5] == "+3.00 [+1.00, +6.00]")
        #expect(claim.verdict == .holds)
    }

    @Test("C3: worse on every seed does not hold; mixed signs are inconclusive")
    func otherVerdicts() throws {
        let worse = ClaimFixtures.grid(tasks: Self.tasks, optimizers: ["adam", "lora-rite"]) { optimizer, _, seed in
            (optimizer == "lora-rite" ? 0.25 : 0.265625) + 0.125 * Double(seed)
        }
        #expect(try ClaimFixtures.claim("C3", ClaimInputs(results: worse)).verdict == .doesNotHold)
        let mixed = ClaimFixtures.grid(tasks: Self.tasks, optimizers: ["adam", "lora-rite"]) { optimizer, _, seed in
            optimizer == "lora-rite" ? [0.5, 0.25, 0.375][seed] : 0.375
        }
        #expect(try ClaimFixtures.claim("C3", ClaimInputs(results: mixed)).verdict == .inconclusive)
    }

    @Test("C3: a diverged seed counts 0 for its optimizer")
    func divergedScoresZero() throws {
        var results = ClaimFixtures.grid(tasks: ["arc-style"], optimizers: ["adam", "lora-rite"]) { _, _, _ in 0.5 }
        let index = results.firstIndex { $0.optimizer == "lora-rite" && $0.seed == 1 }!
        results[index].status = .diverged
        let claim = try ClaimFixtures.claim("C3", ClaimInputs(results: results))
        // Differences 0, -50, 0: mean -16.67.
        #expect(ClaimFixtures.row(claim, "tiny", "arc-style (acc_norm)")?[5] == "-16.67 [-50.00, 0.00]")
        #expect(claim.method.contains { $0.hasSuffix("1 such seed here.") })
    }

    @Test("C3: each optimizer at its own selected rate")
    func selectedRates() throws {
        // LoRA-RITE's better dev rate (1e-2) has test scores 2 points above Adam's; its other rate is far worse.
        let results = ClaimFixtures.runs("adam", task: "arc-style", seeds: [0, 1, 2]) { _ in 0.5 }
            + ClaimFixtures.runs("lora-rite", task: "arc-style", lr: 1e-2, seeds: [0, 1, 2]) { _ in 0.515625 }
            + ClaimFixtures.runs("lora-rite", task: "arc-style", lr: 1e-3, seeds: [0]) { _ in 0.125 }
        let claim = try ClaimFixtures.claim("C3", ClaimInputs(results: results))
        #expect(ClaimFixtures.row(claim, "tiny", "arc-style (acc_norm)")?[5] == "+1.56 [+1.56, +1.56]")
    }

    @Test("C3: unfinished or too few seeds give no verdict")
    func notEnoughRuns() throws {
        var results = ClaimFixtures.grid(tasks: Self.tasks, optimizers: ["adam", "lora-rite"]) { _, _, _ in 0.5 }
        results[results.firstIndex { $0.optimizer == "adam" && $0.task == "sni-title" }!].status = .pending
        let pending = try ClaimFixtures.claim("C3", ClaimInputs(results: results))
        #expect(pending.verdict == .notEnoughRuns(detail: "n = 3 shared seeds in the thinnest of 2 strata with finished runs, 1 unfinished; 3 needed"))
        #expect(pending.shortfalls == ["sni-title (tiny, r=16): Adam: runs without an outcome (1 pending)"])
        let twoSeeds = ClaimFixtures.grid(tasks: Self.tasks, optimizers: ["adam", "lora-rite"], seeds: [0, 1]) { _, _, _ in 0.5 }
        let few = try ClaimFixtures.claim("C3", ClaimInputs(results: twoSeeds))
        #expect(few.verdict.text == "not enough runs yet (n = 2 shared seeds in the thinnest of 2 strata; 3 needed)")
        #expect(try ClaimFixtures.claim("C3", ClaimInputs()).verdict.text.hasPrefix("not enough runs yet (n = 0"))
    }

    @Test("C4: Lamb second on every task holds; fourth does not")
    func secondBest() throws {
        let order = ["lora-rite", "lamb", "adam", "lora-plus", "scaled-adam", "shampoo"]
        let second = ClaimFixtures.grid(tasks: Self.tasks) { optimizer, _, seed in
            0.9 - 0.0625 * Double(order.firstIndex(of: optimizer)!) + 0.001 * Double(seed)
        }
        let holds = try ClaimFixtures.claim("C4", ClaimInputs(results: second))
        #expect(holds.verdict == .holds)
        #expect(holds.effect == "Lamb second on 2/2 tasks, share 1.00 [1.00, 1.00]")
        let fourth = ["lora-rite", "adam", "lora-plus", "lamb", "scaled-adam", "shampoo"]
        let worse = ClaimFixtures.grid(tasks: Self.tasks) { optimizer, _, _ in 0.9 - 0.0625 * Double(fourth.firstIndex(of: optimizer)!) }
        let claim = try ClaimFixtures.claim("C4", ClaimInputs(results: worse))
        #expect(claim.verdict == .doesNotHold)
        #expect(ClaimFixtures.row(claim, "tiny", "arc-style")?[4] == "4")
    }

    @Test("C5: the margin over the closest optimizer at every rank")
    func everyRank() throws {
        func score(_ optimizer: String, rank: Int) -> Double {
            switch optimizer {
            case "lora-rite": return rank == 4 ? 0.5 : 0.625
            case "lamb": return 0.5 + 0.015625
            default: return 0.25
            }
        }
        let results = [4, 16].flatMap { rank in
            ClaimFixtures.grid(tasks: ["openbookqa-style"], rank: rank) { optimizer, _, _ in score(optimizer, rank: rank) }
        }
        let claim = try ClaimFixtures.claim("C5", ClaimInputs(results: results))
        // Rank 4: LoRA-RITE 1.5625 points below Lamb; rank 16: 10.9375 above.
        #expect(ClaimFixtures.row(claim, "tiny", "r=4")?[6] == "-1.56 [-1.56, -1.56]")
        #expect(ClaimFixtures.row(claim, "tiny", "r=4")?[5] == "Lamb")
        #expect(ClaimFixtures.row(claim, "tiny", "r=16")?[6] == "+10.94 [+10.94, +10.94]")
        #expect(claim.verdict == .doesNotHold)
    }

    @Test("signed numbers")
    func signed() {
        #expect(ClaimText.signed(2, decimals: 2) == "+2.00")
        #expect(ClaimText.signed(-0.5, decimals: 2) == "-0.50")
        #expect(ClaimText.signed(0.001, decimals: 2) == "0.00")
        #expect(ClaimText.signed(-0.001, decimals: 2) == "0.00")
    }
}
