import Foundation
import RiteCore
import Store
@testable import Sweep
import Testing
import Training

@Suite struct GridAndKeyTests {
    @Test func oneTwoFiveGridHasExactDecimalValues() {
        let values = LearningRateGrid(from: 2e-6, to: 2e-2, mantissas: [1, 2, 5]).values
        let expected: [Double] = [2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2]
        #expect(values == expected)
        // Bit-identical to the decimal text, unlike repeated multiplication, which drifts.
        #expect(values.map(\.bitPattern) == ["2e-6", "5e-6", "1e-5", "2e-5", "5e-5", "1e-4", "2e-4", "5e-4", "1e-3", "2e-3",
                                             "5e-3", "1e-2", "2e-2"].map { Double($0)!.bitPattern })
        #expect(values.map { CanonicalJSON.format($0) }.joined(separator: " ")
            == "2e-06 5e-06 1e-05 2e-05 5e-05 0.0001 0.0002 0.0005 0.001 0.002 0.005 0.01 0.02")
        var drifting = 1e-6, accumulated: [Double] = []
        for _ in 0 ..< 6 { accumulated.append(drifting); drifting *= 10 }
        #expect(accumulated != [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1], "if multiplication were exact this test would not show anything")
        #expect(LearningRateGrid(from: 1e-6, to: 1e-1, mantissas: [1]).values == [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1])
    }

    @Test func otherGridsAndBoundsOffTheGrid() {
        #expect(LearningRateGrid(from: 1e-4, to: 1e-2, mantissas: [1, 3]).values == [1e-4, 3e-4, 1e-3, 3e-3, 1e-2])
        #expect(LearningRateGrid(from: 3e-6, to: 3e-5, mantissas: [1, 2, 5]).values == [5e-6, 1e-5, 2e-5])
        #expect(LearningRateGrid(from: 3e-6, to: 4e-6, mantissas: [1, 2, 5]).values.isEmpty)
        #expect(LearningRateGrid(from: 1, to: 100, mantissas: [1, 2, 5]).values == [1, 2, 5, 10, 20, 50, 100])
        #expect(LearningRateGrid.mantissas(named: "1-2-5") == [1, 2, 5])
        #expect(LearningRateGrid.mantissas(named: "1") == [1])
        for bad in ["", "1-", "5-2", "0-1", "1-10", "a-b", "1--2"] { #expect(LearningRateGrid.mantissas(named: bad) == nil) }
    }

    @Test func gridCountsAndOrder() throws {
        let spec = try decodeSpec(SpecDecodingTests.goodSpec) // 2 tasks x 2 optimizers x 2 ranks x 13 rates x 3 seeds
        var full = spec
        full.selection.search = .full
        let all = try SweepGrid(spec: full, context: testContext()).phaseOne()
        #expect(all.count == 312)
        #expect(all.map(\.ordinal) == Array(0 ..< 312))
        #expect(Set(all.map(\.key)).count == 312)
        #expect(all.allSatisfy { $0.phase == 1 })
        // Seeds vary slowest, learning rates fastest.
        #expect(all.prefix(104).allSatisfy { $0.run.seed == 0 })
        #expect(all[0].run.learningRate == 2e-6 && all[1].run.learningRate == 5e-6)

        let grid = SweepGrid(spec: spec, context: testContext()) // first-seed search
        #expect(grid.hasSecondPhase)
        let one = try grid.phaseOne()
        #expect(one.count == 104 && one.allSatisfy { $0.run.seed == 0 })
        #expect(Set(one.map(\.key)) == Set(all.prefix(104).map(\.key)))
        var chosen: [SelectionGroup: Double] = [:]
        for run in one { chosen[run.group] = 1e-4 }
        let two = try grid.phaseTwo(chosenRates: chosen)
        #expect(two.count == 8 * 2) // 8 selection groups x 2 remaining seeds
        #expect(two.allSatisfy { $0.phase == 2 && $0.run.learningRate == 1e-4 && $0.run.seed != 0 })
        #expect(two.map(\.ordinal) == Array(104 ..< 120))
        #expect(try grid.phaseTwo(chosenRates: [:]).isEmpty)
    }

    @Test func canonicalFormIsFixed() throws {
        let spec = try decodeSpec("""
        name: one
        preset: tiny
        tasks: [arc]
        optimizers: [{name: sgd, hyperparameters: {momentum: 0.9}}]
        learning_rates: [2e-6]
        training: {steps: 20, warmup: 2, eval_every: 10}
        """)
        let run = try #require(try SweepGrid(spec: spec, context: testContext(checkpoint: "cafe")).phaseOne().first)
        let expected = """
        {"base_checkpoint_sha256":"cafe","format":2,"learning_rate":2e-06,\
        "numerics_version":1,"optimizer":{"hyperparameters":{"momentum":0.9},"name":"sgd"},"preset":"tiny","rank":16,\
        "scoring":"accuracy@dev,test","seed":0,"task":"arc","task_version":"arc-v1",\
        "training":{"alpha":16.0,"batch":16,"clip_grad_norm":null,"eval_cap":null,"eval_every":10,\
        "schedule":"linear","steps":20,"targets":["q","k","v","o"],"warmup":2}}
        """
        #expect(run.configJSON == expected)
        #expect(run.key == SHA256.hex(expected))
        let decoded = try ResolvedRun.decode(canonicalJSON: run.configJSON)
        #expect(decoded == run.run)
        #expect(decoded.canonicalJSON == run.configJSON)
    }

    @Test func sameConfigurationSameKeyWhateverTheKeyOrder() throws {
        let a = try decodeSpec("""
        name: a
        preset: tiny
        tasks: [arc]
        optimizers: [{name: adam, hyperparameters: {beta1: 0.8, beta2: 0.99}}]
        learning_rates: [1e-3]
        training: {steps: 100, warmup: 10}
        """)
        let b = try decodeSpec("""
        training:
          warmup: 10
          steps: 100
        learning_rates: [0.001]
        optimizers:
          - hyperparameters: {beta2: 0.99, beta1: 0.8}
            name: adam
        tasks: [arc]
        preset: tiny
        name: b
        description: the same runs under another name
        """)
        let keysA = try SweepGrid(spec: a, context: testContext()).phaseOne().map(\.key)
        let keysB = try SweepGrid(spec: b, context: testContext()).phaseOne().map(\.key)
        #expect(keysA == keysB)
        #expect(try SweepGrid(spec: a, context: testContext()).phaseOne().map(\.key) == keysA)
    }

    @Test func anyChangeGivesAnotherKey() throws {
        let base = try decodeSpec(smallSpecText)
        func key(_ spec: ExperimentSpec, _ context: RunKeyContext = testContext()) throws -> String {
            try SweepGrid(spec: spec, context: context).phaseOne()[0].key
        }
        let reference = try key(base)
        var variants: [(String, String)] = []
        variants.append(("task version", try key(base, testContext(taskVersion: "2"))))
        variants.append(("scoring", try key(base, testContext(scoring: "accuracy@dev"))))
        variants.append(("checkpoint", try key(base, testContext(checkpoint: String(repeating: "cd", count: 32)))))
        variants.append(("numerics version", try key(base, testContext(numericsVersion: 2))))
        var changed = base
        changed.optimizers[0].hyperparameters["beta1"] = .number(0.91)
        variants.append(("hyper-parameter", try key(changed)))
        changed = base; changed.learningRates[0] = 2e-4
        variants.append(("learning rate", try key(changed)))
        changed = base; changed.seeds = [7]
        variants.append(("seed", try key(changed)))
        changed = base; changed.ranks = [8]
        variants.append(("rank", try key(changed)))
        changed = base; changed.preset = "small"
        variants.append(("preset", try key(changed)))
        changed = base; changed.training.steps = 31
        variants.append(("steps", try key(changed)))
        changed = base; changed.training.targets = [.q, .v]
        variants.append(("targets", try key(changed)))
        changed = base; changed.training.evalCap = 100
        variants.append(("eval cap", try key(changed)))
        changed = base; changed.training.clipGradNorm = 1; changed.training.clipGradNormFollowsOptimizer = false
        variants.append(("clipping", try key(changed)))
        changed = base; changed.training.schedule = .constant
        variants.append(("schedule", try key(changed)))
        changed = base; changed.training.alpha = 32
        variants.append(("alpha", try key(changed)))
        for (what, other) in variants { #expect(other != reference, "changing the \(what) kept the key") }
        #expect(Set(variants.map(\.1)).count == variants.count)
        // What does not change a run keeps its key.
        changed = base; changed.name = "renamed"; changed.description = "words"; changed.selection.search = .firstSeed
        #expect(try key(changed) == reference)
    }

    @Test func clippingFollowsTheOptimizerUnlessTheSpecSetsIt() throws {
        var context = testContext()
        context.defaultClipGradNorm = { $0 == "lora-rite" ? nil : 1 }
        func clips(_ training: String) throws -> [String: Double?] {
            let spec = try decodeSpec(smallSpecText.replacingOccurrences(of: "training: {steps: 30, warmup: 5, eval_every: 10}",
                                                                          with: "training: {steps: 30, warmup: 5, eval_every: 10\(training)}"))
            let runs = try SweepGrid(spec: spec, context: context).phaseOne()
            return Dictionary(runs.map { ($0.run.optimizer.name, $0.run.training.clipGradNorm) }, uniquingKeysWith: { a, _ in a })
        }
        #expect(try clips("") == ["adam": 1, "lora-rite": nil])
        #expect(try clips(", clip_grad_norm: optimizer") == ["adam": 1, "lora-rite": nil])
        #expect(try clips(", clip_grad_norm: none") == ["adam": nil, "lora-rite": nil])
        #expect(try clips(", clip_grad_norm: 0.5") == ["adam": 0.5, "lora-rite": 0.5])
    }

    @Test func shardsPartitionTheGridExactlyOnce() throws {
        let keys = (0 ..< 1000).map { SHA256.hex("run \($0)") }
        for count in [1, 2, 3, 7] {
            let shards = (1 ... count).map { Shard("\($0)/\(count)")! }
            var seen: [String: Int] = [:]
            for shard in shards { for key in keys where shard.contains(key: key) { seen[key, default: 0] += 1 } }
            #expect(seen.count == keys.count && seen.values.allSatisfy { $0 == 1 })
            for shard in shards {
                let size = keys.filter { shard.contains(key: $0) }.count
                #expect(Double(size) > 0.7 * Double(keys.count) / Double(count), "shard \(shard) has \(size) runs")
            }
        }
        for bad in ["0/2", "3/2", "1/0", "1", "a/b", "1/2/3", "-1/2"] { #expect(Shard(bad) == nil) }
        #expect(Shard("2/8")?.description == "2/8")
    }

    @Test func learningRateSelectionPicksTheDevBestPerGroup() throws {
        var spec = try decodeSpec(smallSpecText)
        spec.learningRates = [1e-4, 1e-3, 1e-2]
        spec.selection.search = .firstSeed
        let grid = SweepGrid(spec: spec, context: testContext())
        let one = try grid.phaseOne()
        var stored: [String: StoredRun] = [:], scores: [String: [FinalScore]] = [:]
        for run in one {
            stored[run.key] = StoredRun(key: run.key, experiment: "e", configJSON: "", preset: "tiny", task: "arc",
                                        optimizer: run.run.optimizer.name, rank: 16, learningRate: run.run.learningRate, seed: 0,
                                        steps: 30, status: .done, attempts: 1, lastStep: 30, createdAt: Date())
            // adam is best at 1e-2; lora-rite ties between 1e-4 and 1e-3 (the smaller wins).
            let value: Double = run.run.optimizer.name == "adam" ? run.run.learningRate : (run.run.learningRate < 5e-3 ? 0.7 : 0.1)
            scores[run.key] = [FinalScore(split: "dev", metric: "accuracy", value: value),
                               FinalScore(split: "test", metric: "accuracy", value: 1 - value)]
        }
        let outcome = try LearningRateSelection.choose(rule: spec.selection, runs: one, stored: stored, scores: scores)
        let adam = SelectionGroup(task: "arc", optimizerIndex: 0, rank: 16)
        let rite = SelectionGroup(task: "arc", optimizerIndex: 1, rank: 16)
        #expect(outcome.chosen == [adam: 1e-2, rite: 1e-4])
        var minimize = spec.selection
        minimize.goal = .min
        #expect(try LearningRateSelection.choose(rule: minimize, runs: one, stored: stored, scores: scores).chosen[adam] == 1e-4)
        // Diverged and did-not-learn runs score 0: adam's 1e-2 run diverging hands the choice to 1e-3; the
        // same run merely done with a worse score than 1e-3's would not. The old phase-2 rule skipped
        // them and kept the remaining best, which is what the tables did not do.
        let adamRun = { (rate: Double) in one.first { $0.group == adam && $0.run.learningRate == rate }!.key }
        stored[adamRun(1e-2)]?.status = .diverged
        #expect(try LearningRateSelection.choose(rule: spec.selection, runs: one, stored: stored, scores: scores).chosen[adam] == 1e-3)
        stored[adamRun(1e-3)]?.status = .didNotLearn
        #expect(try LearningRateSelection.choose(rule: spec.selection, runs: one, stored: stored, scores: scores).chosen[adam] == 1e-4)
        // A group none of whose runs has a verdict has no choice; failed runs take no part.
        for run in one where run.group == adam { stored[run.key]?.status = run.run.learningRate == 1e-2 ? .failed : .pending }
        let partial = try LearningRateSelection.choose(rule: spec.selection, runs: one, stored: stored, scores: scores)
        #expect(partial.chosen == [rite: 1e-4])
        #expect(partial.unresolved[adam] == "no phase-1 run has finished with a verdict (done, did not learn or diverged)")
        // A done run without its selection score is an error, not a skipped run.
        stored[adamRun(1e-4)]?.status = .done
        scores[adamRun(1e-4)] = []
        #expect(throws: LearningRateRule.MissingScore(runKey: adamRun(1e-4))) {
            try LearningRateSelection.choose(rule: spec.selection, runs: one, stored: stored, scores: scores)
        }
    }
}
