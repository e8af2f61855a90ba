import LinearAlgebra

// Stochastic gradient descent, the simplest baseline, with PyTorch's semantics for momentum and
// (coupled) weight decay. For each factor X, with g its gradient:
//
//     g <- g + lambda X                       (lambda = weight_decay, default 0)
//     b <- mu b + g                           (mu = momentum, default 0; b starts at 0, so b = g at step 0)
//     X <- X - eta b                          (X <- X - eta g when mu = 0)
//
// Not invariant: the update of B A scales like 1/s^2 and s^2 under (A/s, sB) (the paper's Section 2.2).

final class SGD<Scalar: LinearAlgebraScalar>: LoRAOptimizer {
    static var specification: OptimizerSpecification {
        OptimizerSpecification(
            name: "sgd", displayName: "SGD", stepCost: .elementwise(paperTable7: .notListed(note: nil)),
            parameters: [
                HyperparameterSpec("momentum", .decay, .number(0), "heavy-ball momentum mu (0: none)"),
                HyperparameterSpec("weight_decay", .nonNegative, .number(0), "L2 penalty lambda added to the gradient"),
            ])
    }

    let name = "sgd"
    let hyperparameters: Hyperparameters
    let shapes: [LoRAShape]
    private(set) var stepCount = 0

    private let momentum: Double
    private let weightDecay: Double
    /// Momentum buffers: factor A of pair i at 2i, factor B at 2i + 1 (empty when momentum is 0).
    private var buffers: [[Scalar]]

    init(hyperparameters: Hyperparameters, shapes: [LoRAShape]) {
        self.hyperparameters = hyperparameters
        self.shapes = shapes
        momentum = hyperparameters.number("momentum")
        weightDecay = hyperparameters.number("weight_decay")
        buffers = momentum == 0 ? [] : shapes.flatMap { shape in
            [[Scalar](repeating: 0, count: shape.rank * shape.inFeatures),
             [Scalar](repeating: 0, count: shape.outFeatures * shape.rank)]
        }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func step(_ pairs: inout [LoRAPair<Scalar>], gradients: [LoRAPair<Scalar>], learningRate: Double) throws -> OptimizerStepReport {
        try validateStepInput(pairs, gradients, shapes: shapes, learningRate: learningRate)
        let (eta, mu, lambda) = (Scalar(learningRate), Scalar(momentum), Scalar(weightDecay))
        forEachFactor(&pairs, gradients: gradients) { index, _, g, x in
            if momentum == 0 {
                for j in 0 ..< x.count { x[j] -= eta * (g[j] + lambda * x[j]) }
                return
            }
            buffers[index].withUnsafeMutableBufferPointer { b in
                for j in 0 ..< x.count {
                    b[j] = mu * b[j] + (g[j] + lambda * x[j])
                    x[j] -= eta * b[j]
                }
            }
        }
        stepCount += 1
        return OptimizerStepReport()
    }
}
