import Foundation
import LinearAlgebra
import NaiveReferences
@testable import Optimizers
import Testing

/// A LoRA pair as nested arrays in PEFT layout: `a` is r x in, `b` is out x r.
struct DensePair: Equatable {
    var a: Dense
    var b: Dense

    init(a: Dense, b: Dense) {
        self.a = a
        self.b = b
    }

    init(_ pair: LoRAPair<Double>) { self.init(a: pair.a.nestedRows, b: pair.b.nestedRows) }

    var loRAPair: LoRAPair<Double> { LoRAPair(a: Matrix(a), b: Matrix(b)) }
    var product: Dense { mul(b, a) }
}

/// Least-squares problems `sum_i ||X_i A_i^T B_i^T - Y_i||^2 / (2 k_i)` with naive gradients.
struct LeastSquares {
    var start: [DensePair]
    var data: [(x: Dense, y: Dense)]

    /// Random problems; `shapes` lists (r, in, out, k). Targets come from a random full-rank map plus
    /// noise, scaled by `targetScale`; B starts at zero when `zeroB`.
    static func random(seed: UInt64, shapes: [(Int, Int, Int, Int)] = [(4, 9, 7, 12), (3, 6, 8, 10)],
                       zeroB: Bool = false, targetScale: Double = 1) -> LeastSquares {
        var rng = SplitMix64(seed: seed)
        var start: [DensePair] = []
        var data: [(x: Dense, y: Dense)] = []
        for (r, n, m, k) in shapes {
            let a = randomDense(r, n, &rng, scale: 1 / Double(n).squareRoot())
            let b = zeroB ? zerosDense(m, r) : randomDense(m, r, &rng, scale: 0.5)
            let x = randomDense(k, n, &rng)
            let w = randomDense(m, n, &rng)
            let y = add(mul(x, tr(w)), randomDense(k, m, &rng, scale: 0.1))
            start.append(DensePair(a: a, b: b))
            data.append((x, scaled(y, targetScale)))
        }
        return LeastSquares(start: start, data: data)
    }

    func loss(_ pairs: [DensePair]) -> Double {
        zip(pairs, data).reduce(0) { total, item in
            let (p, (x, y)) = item
            return total + sumSquares(add(mul(mul(x, tr(p.a)), tr(p.b)), y, -1)) / (2 * Double(x.count))
        }
    }

    /// dA = B^T E^T X / k, dB = E^T X A^T / k with E = X A^T B^T - Y.
    func gradients(_ pairs: [DensePair]) -> [DensePair] {
        zip(pairs, data).map { p, d in
            let k = Double(d.x.count)
            let hidden = mul(d.x, tr(p.a))
            let e = add(mul(hidden, tr(p.b)), d.y, -1)
            return DensePair(a: scaled(mul(mul(tr(p.b), tr(e)), d.x), 1 / k), b: scaled(mul(tr(e), hidden), 1 / k))
        }
    }

    var shapes: [LoRAShape] { start.map { LoRAShape($0.loRAPair) } }
}

/// Runs an optimizer for `steps` steps from `start`, returning the pairs after every step.
func trajectory(_ optimizer: any LoRAOptimizer<Double>, problem: LeastSquares, start: [DensePair]? = nil,
                steps: Int, learningRate: Double) throws -> [[DensePair]] {
    var pairs = (start ?? problem.start).map(\.loRAPair)
    var out: [[DensePair]] = []
    for _ in 0 ..< steps {
        let gradients = problem.gradients(pairs.map(DensePair.init)).map(\.loRAPair)
        _ = try optimizer.step(&pairs, gradients: gradients, learningRate: learningRate)
        out.append(pairs.map(DensePair.init))
    }
    return out
}

/// How much of the paper's invariance an optimizer has.
enum Invariance: Sendable {
    /// Same `B A` trajectory for `(R^{-1} A, B R)` with any invertible R.
    case full
    /// Only for `R = s I`.
    case scalarOnly
    case none
}

/// One row of the table of optimizers that drives the common battery: each test builds its optimizer
/// from this argument only.
struct OptimizerCase: Sendable, CustomTestStringConvertible {
    let name: String
    let label: String
    let overrides: Hyperparameters
    /// A learning rate at which the least-squares loss should fall.
    let learningRate: Double
    let invariance: Invariance
    /// Extra settings for the scalar-invariance check: eps in an Adam-style denominator breaks scalar
    /// invariance by eps / (s sqrt(v)), so Lamb's is shrunk there.
    var scalarInvarianceOverrides: Hyperparameters = [:]

    var testDescription: String { label }

    func make(_ shapes: [LoRAShape], extra: Hyperparameters = [:]) throws -> any LoRAOptimizer<Double> {
        try OptimizerFactory.make(name, hyperparameters: overrides.merging(extra) { _, new in new }, shapes: shapes, scalar: Double.self)
    }

    static let all: [OptimizerCase] = [
        OptimizerCase(name: "adam", label: "adam", overrides: [:], learningRate: 0.01, invariance: .none),
        OptimizerCase(name: "lora-plus", label: "lora-plus", overrides: [:], learningRate: 0.005, invariance: .none),
        OptimizerCase(name: "scaled-adam", label: "scaled-adam", overrides: [:], learningRate: 0.01, invariance: .none),
        OptimizerCase(name: "shampoo", label: "shampoo", overrides: [:], learningRate: 0.05, invariance: .none),
        OptimizerCase(name: "lamb", label: "lamb", overrides: [:], learningRate: 0.05, invariance: .scalarOnly,
                      scalarInvarianceOverrides: ["eps": .number(1e-14)]),
        OptimizerCase(name: "lora-rite", label: "lora-rite reference", overrides: [:], learningRate: 0.01, invariance: .full),
        OptimizerCase(name: "lora-rite", label: "lora-rite paper", overrides: ["variant": .text("paper")], learningRate: 0.002,
                      invariance: .full),
        OptimizerCase(name: "sgd", label: "sgd", overrides: [:], learningRate: 0.05, invariance: .none),
    ]
}
