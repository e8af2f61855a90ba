import LinearAlgebra
import RiteCore

/// A reparameterisation of every LoRA pair, `(A, B) -> (R^-1 A, B R)`.
public enum InvarianceTransform: Sendable, Equatable {
    /// A random invertible R with this condition number (the paper's transformation invariance).
    case general(condition: Double)
    /// R = s I (the paper's weaker scalar scale invariance).
    case scalar(Double)

    /// "general" or "scalar": the stored kind.
    public var kind: String {
        switch self {
        case .general: return "general"
        case .scalar: return "scalar"
        }
    }

    /// The condition number of a general R, or the scale s.
    public var parameter: Double {
        switch self {
        case let .general(condition): return condition
        case let .scalar(s): return s
        }
    }
}

/// One measurement of the invariance battery: an optimizer with settings, a problem seed and a
/// transformation. `run()` performs it.
public struct InvarianceCheck: Sendable, Equatable {
    /// The optimizer's factory name.
    public var optimizer: String
    /// Overrides of the optimizer's defaults (empty: the defaults every run uses).
    public var overrides: Hyperparameters
    /// A constant rate at which the check's least-squares loss falls steadily for this optimizer.
    public var learningRate: Double
    public var transform: InvarianceTransform
    /// Seeds the problem and, for a general transformation, R.
    public var problemSeed: UInt64
    public var steps: Int

    public init(optimizer: String, overrides: Hyperparameters = [:], learningRate: Double,
                transform: InvarianceTransform, problemSeed: UInt64, steps: Int = 25) {
        self.optimizer = optimizer
        self.overrides = overrides
        self.learningRate = learningRate
        self.transform = transform
        self.problemSeed = problemSeed
        self.steps = steps
    }

    /// Builds the problem and R from the seed, and compares the two runs.
    public func run() throws -> InvarianceComparison {
        let problem = InvarianceProbe.randomProblem(seed: problemSeed, optimizer: optimizer, hyperparameters: overrides,
                                                    learningRate: learningRate, steps: steps)
        // A stream of its own for R, so the transformation does not shift the problem's numbers.
        var generator = SeededGenerator(seed: problemSeed &+ 0x5EED)
        let transforms = try problem.pairs.map { pair -> (r: Matrix<Double>, inverse: Matrix<Double>) in
            switch transform {
            case let .general(condition):
                return try InvarianceProbe.randomInvertible(rank: pair.rank, condition: condition, using: &generator)
            case let .scalar(s):
                var r = Matrix<Double>.identity(pair.rank), inverse = Matrix<Double>.identity(pair.rank)
                r.scale(by: s)
                inverse.scale(by: 1 / s)
                return (r, inverse)
            }
        }
        return try InvarianceProbe.compare(problem, transforms: transforms)
    }

    /// The battery `rite-repro claims` stores: the paper's six optimizers at their defaults (LoRA-RITE in
    /// both variants), each on three problems under a general R of condition 1e3 and under a rescaling by
    /// s = 37; and Lamb with eps shrunk to 1e-14, because eps in its denominator breaks scalar invariance
    /// by about eps / (s sqrt(v)): the row shows what the trust ratio itself achieves. The rates are those
    /// of the optimizer tests, at which every reference run moves its product by more than 5%.
    public static var standard: [InvarianceCheck] {
        let optimizers: [(name: String, overrides: Hyperparameters, rate: Double)] = [
            ("adam", [:], 0.01), ("lora-plus", [:], 0.005), ("scaled-adam", [:], 0.01), ("shampoo", [:], 0.05),
            ("lamb", [:], 0.05), ("lamb", ["eps": .number(1e-14)], 0.05),
            ("lora-rite", [:], 0.01), ("lora-rite", ["variant": .text("paper")], 0.002),
        ]
        var checks: [InvarianceCheck] = []
        for optimizer in optimizers {
            for transform in [InvarianceTransform.general(condition: 1e3), .scalar(37)] {
                for seed: UInt64 in [11, 12, 13] {
                    checks.append(InvarianceCheck(optimizer: optimizer.name, overrides: optimizer.overrides, learningRate: optimizer.rate,
                                                  transform: transform, problemSeed: seed))
                }
            }
        }
        return checks
    }
}
