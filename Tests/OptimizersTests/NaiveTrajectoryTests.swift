import Foundation
import LinearAlgebra
import NaiveReferences
import Optimizers
import Testing

// Every optimizer against its independent naive re-implementation (NaiveBaselines.swift,
// NaiveShampoo.swift, NaiveLoRARite.swift), step for step on least-squares problems, in Double.

/// The largest relative difference of any factor between the optimizer and the naive step over `steps` steps.
func naiveDiscrepancy(_ optimizer: any LoRAOptimizer<Double>, problem: LeastSquares, steps: Int, learningRate: Double,
                      naive: (inout [DensePair], [DensePair], Double) -> Void) throws -> Double {
    var mine = problem.start.map(\.loRAPair)
    var theirs = problem.start
    var worst = 0.0
    for _ in 0 ..< steps {
        _ = try optimizer.step(&mine, gradients: problem.gradients(mine.map(DensePair.init)).map(\.loRAPair), learningRate: learningRate)
        naive(&theirs, problem.gradients(theirs), learningRate)
        for (m, t) in zip(mine.map(DensePair.init), theirs) {
            worst = max(worst, relativeDifference(m.a, t.a), relativeDifference(m.b, t.b))
        }
    }
    return worst
}

/// A LoRA-RITE problem with three pairs: B = 0 at the start (the LoRA default), and the targets of the
/// last pair scaled by `loudPair` so that its unmagnified gradients exceed the skip threshold early on.
func riteProblem(seed: UInt64, loudPair: Double) -> LeastSquares {
    var problem = LeastSquares.random(seed: seed, shapes: [(4, 9, 7, 12), (3, 6, 8, 10), (5, 11, 6, 20)], zeroB: true)
    problem.data[2].y = scaled(problem.data[2].y, loudPair)
    return problem
}

@Suite("Trajectories against naive re-implementations")
struct NaiveTrajectoryTests {
    @Test("adam and lora-plus", arguments: [
        (["weight_decay": .number(0)], 1.0), (["weight_decay": .number(0.1), "beta1": .number(0.8), "eps": .number(1e-3)], 1.0),
        (["ratio": .number(4)], 4.0), (["ratio": .number(16), "beta2": .number(0.99)], 16.0),
    ] as [(Hyperparameters, Double)])
    func adamFamily(_ overrides: Hyperparameters, _ ratio: Double) throws {
        let problem = LeastSquares.random(seed: 31)
        let name = overrides["ratio"] == nil ? "adam" : "lora-plus"
        let optimizer = try OptimizerFactory.make(name, hyperparameters: overrides, shapes: problem.shapes, scalar: Double.self)
        let naive = NaiveAdam()
        naive.ratioB = ratio
        if case let .number(x)? = overrides["weight_decay"] { naive.weightDecay = x }
        if case let .number(x)? = overrides["beta1"] { naive.beta1 = x }
        if case let .number(x)? = overrides["beta2"] { naive.beta2 = x }
        if case let .number(x)? = overrides["eps"] { naive.eps = x }
        let gap = try naiveDiscrepancy(optimizer, problem: problem, steps: 12, learningRate: 0.01) { naive.step(&$0, $1, lr: $2) }
        #expect(gap <= 1e-12, "\(name) \(overrides.canonicalDescription): \(gap)")
    }

    @Test("scaled-adam", arguments: [
        [:], ["bias_correction": .flag(true), "weight_decay": .number(0.01), "damping": .number(0.5)],
        ["updated_a_for_b": .flag(false)],
    ] as [Hyperparameters])
    func scaledAdam(_ overrides: Hyperparameters) throws {
        let problem = LeastSquares.random(seed: 32, zeroB: true)
        let optimizer = try OptimizerFactory.make("scaled-adam", hyperparameters: overrides, shapes: problem.shapes, scalar: Double.self)
        let naive = NaiveScaledAdam()
        if overrides["bias_correction"] != nil { (naive.biasCorrection, naive.weightDecay, naive.damping) = (true, 0.01, 0.5) }
        if overrides["updated_a_for_b"] != nil { naive.updatedA = false }
        let gap = try naiveDiscrepancy(optimizer, problem: problem, steps: 12, learningRate: 0.01) { naive.step(&$0, $1, lr: $2) }
        #expect(gap <= 1e-10, "\(overrides.canonicalDescription): \(gap)")
    }

    @Test("scaled-adam: preconditioning B with the updated A matters")
    func scaledAdamOrder() throws {
        let problem = LeastSquares.random(seed: 32, zeroB: true)
        let paths = try [true, false].map { updated in
            try trajectory(try OptimizerFactory.make("scaled-adam", hyperparameters: ["updated_a_for_b": .flag(updated)],
                                                     shapes: problem.shapes, scalar: Double.self), problem: problem, steps: 6, learningRate: 0.01)
        }
        #expect(relativeDifference(paths[0].last![0].b, paths[1].last![0].b) > 1e-6)
    }

    @Test("shampoo", arguments: [
        [:],
        ["block_size": .number(3), "preconditioning_compute_steps": .number(3), "start_preconditioning_step": .number(2),
         "graft": .text("rmsprop"), "weight_decay": .number(0.01)],
        ["block_size": .number(4), "preconditioning_compute_steps": .number(2), "start_preconditioning_step": .number(0),
         "graft": .text("adagrad_normalized"), "nesterov": .flag(false), "relative_matrix_eps": .flag(false)],
        ["merge_small_dims": .number(4096), "block_size": .number(16), "preconditioning_compute_steps": .number(4),
         "start_preconditioning_step": .number(1), "graft": .text("sqrt_n")],
        ["skip_preconditioning_dim": .number(6), "start_preconditioning_step": .number(0), "graft": .text("adagrad"),
         "beta2": .number(1)],
    ] as [Hyperparameters])
    func shampoo(_ overrides: Hyperparameters) throws {
        let problem = LeastSquares.random(seed: 33)
        let optimizer = try OptimizerFactory.make("shampoo", hyperparameters: overrides, shapes: problem.shapes, scalar: Double.self)
        let naive = NaiveShampoo()
        for (key, value) in overrides {
            switch (key, value) {
            case let ("block_size", .number(x)): naive.blockSize = Int(x)
            case let ("preconditioning_compute_steps", .number(x)): naive.computeSteps = Int(x)
            case let ("start_preconditioning_step", .number(x)): naive.startStep = Int(x)
            case let ("graft", .text(s)): naive.graft = s
            case let ("weight_decay", .number(x)): naive.weightDecay = x
            case let ("nesterov", .flag(b)): naive.nesterov = b
            case let ("relative_matrix_eps", .flag(b)): naive.relative = b
            case let ("merge_small_dims", .number(x)): naive.merge = Int(x)
            case let ("skip_preconditioning_dim", .number(x)): naive.skipDimension = Int(x)
            case let ("beta2", .number(x)): naive.beta2 = x
            default: Issue.record("unhandled override \(key)")
            }
        }
        let gap = try naiveDiscrepancy(optimizer, problem: problem, steps: 12, learningRate: 0.01) { naive.step(&$0, $1, lr: $2) }
        #expect(gap <= 1e-10, "\(overrides.canonicalDescription): \(gap)")
    }

    @Test("lamb and sgd")
    func lambAndSGD() throws {
        let problem = LeastSquares.random(seed: 34, zeroB: true)
        for wd in [0.0, 0.01] {
            let lamb = try OptimizerFactory.make("lamb", hyperparameters: ["weight_decay": .number(wd)], shapes: problem.shapes, scalar: Double.self)
            let naiveLamb = NaiveLamb()
            naiveLamb.weightDecay = wd
            let gap = try naiveDiscrepancy(lamb, problem: problem, steps: 12, learningRate: 0.01) { naiveLamb.step(&$0, $1, lr: $2) }
            #expect(gap <= 1e-12, "lamb, weight decay \(wd): \(gap)")
        }
        for (mu, wd) in [(0.0, 0.0), (0.9, 0.01)] {
            let sgd = try OptimizerFactory.make("sgd", hyperparameters: ["momentum": .number(mu), "weight_decay": .number(wd)],
                                                shapes: problem.shapes, scalar: Double.self)
            let naiveSGD = NaiveSGD()
            (naiveSGD.momentum, naiveSGD.weightDecay) = (mu, wd)
            let gap = try naiveDiscrepancy(sgd, problem: problem, steps: 12, learningRate: 0.05) { naiveSGD.step(&$0, $1, lr: $2) }
            #expect(gap <= 1e-12, "sgd, momentum \(mu), weight decay \(wd): \(gap)")
        }
    }

    @Test("lora-rite reference and paper, 30 steps, to 1e-10", arguments: [
        ("reference: defaults", [:]),
        ("reference: escape, weight decay", ["escape": .flag(true), "weight_decay": .number(0.01)]),
        ("reference: no clip, no skip", ["clip": .number(0), "skip": .number(0)]),
        ("reference: clip 0.3, skip 2, beta1 0.5", ["clip": .number(0.3), "skip": .number(2), "beta1": .number(0.5)]),
        ("paper: defaults", ["variant": .text("paper")]),
        ("paper: bias correction, clip 1", ["variant": .text("paper"), "bias_correction": .flag(true), "clip": .number(1)]),
    ] as [(String, Hyperparameters)])
    func loraRite(_ label: String, _ overrides: Hyperparameters) throws {
        let problem = riteProblem(seed: 35, loudPair: 30)
        let optimizer = try OptimizerFactory.make("lora-rite", hyperparameters: overrides, shapes: problem.shapes, scalar: Double.self)
        let resolved = optimizer.hyperparameters
        func number(_ key: String) -> Double { if case let .number(x)? = resolved[key] { return x }; return .nan }
        func flag(_ key: String) -> Bool { resolved[key] == .flag(true) }
        let naive = NaiveLoRARite(NaiveRiteConfiguration(
            paper: resolved["variant"] == .text("paper"), beta1: number("beta1"), beta2: number("beta2"), eps: number("eps"),
            clip: number("clip"), skip: number("skip"), escape: flag("escape"), forcePositive: flag("force_positive"),
            biasCorrection: flag("bias_correction"), weightDecay: number("weight_decay")), start: problem.start)
        let gap = try naiveDiscrepancy(optimizer, problem: problem, steps: 30, learningRate: 0.02) { naive.step(&$0, gradients: $1, lr: $2) }
        #expect(gap <= 1e-10, "\(label): \(gap)")
        if number("skip") == 1 { #expect(naive.skipped > 0, "\(label): the skip rule was never exercised") }
        if number("clip") > 0 { #expect(naive.clips > 0, "\(label): the clip was never exercised") }
    }
}
