import LinearAlgebra

/// One step of a trace: the loss before the update and the pairs after it.
public struct TraceStep: Sendable, Equatable {
    /// 1-based.
    public var step: Int
    public var loss: Double
    public var pairs: [LoRAPair<Double>]
}

/// A step of a trace that failed (1-based), with the optimizer's error.
public struct TraceStepFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var step: Int
    public var error: OptimizerError

    public init(step: Int, error: OptimizerError) {
        self.step = step
        self.error = error
    }

    public var description: String { "step \(step): \(error)" }
}

/// Runs a `TraceProblem` in Double precision and writes the trajectory as JSON: the conformance check
/// of `rite-repro trace`, which anyone can compare with another framework's optimizer.
public enum TraceRunner {
    /// The loss `sum_i ||X_i A_i^T B_i^T - Y_i||_F^2 / (2 k_i)` and its analytic gradients:
    /// with `H = X A^T` (`k x r`) and `E = H B^T - Y` (`k x m`), `dB = E^T H / k` and `dA = (E B)^T X / k`.
    public static func lossAndGradients(_ pairs: [LoRAPair<Double>],
                                        data: [(inputs: Matrix<Double>, targets: Matrix<Double>)]) -> (loss: Double, gradients: [LoRAPair<Double>]) {
        precondition(pairs.count == data.count, "lossAndGradients: \(pairs.count) pairs, \(data.count) data sets")
        var loss = 0.0
        var gradients: [LoRAPair<Double>] = []
        for (pair, (x, y)) in zip(pairs, data) {
            let k = Double(x.rows)
            let hidden = Matrix.product(x, pair.a, transposeB: true)                 // k x r
            var residual = Matrix.product(hidden, pair.b, transposeB: true)          // k x m
            residual -= y
            loss += residual.squaredFrobeniusNorm / (2 * k)
            var gradientB = Matrix.product(residual, transposeA: true, hidden)       // m x r
            gradientB.scale(by: 1 / k)
            var gradientA = Matrix.product(Matrix.product(residual, pair.b), transposeA: true, x)   // r x n
            gradientA.scale(by: 1 / k)
            gradients.append(LoRAPair(a: gradientA, b: gradientB))
        }
        return (loss, gradients)
    }

    /// Every step of the problem: loss, (optional) raw-gradient clip, one optimizer step.
    /// Throws `OptimizerError` if the optimizer cannot be made, `TraceStepFailure` if a step fails (for
    /// example a non-finite gradient after divergence).
    public static func run(_ problem: TraceProblem) throws -> [TraceStep] {
        let optimizer = try OptimizerFactory.make(problem.optimizer, hyperparameters: problem.hyperparameters,
                                                  shapes: problem.pairs.map(LoRAShape.init), scalar: Double.self)
        let schedule = LearningRateSchedule.constant(peak: problem.learningRate)
        var pairs = problem.pairs
        var steps: [TraceStep] = []
        for k in 0 ..< problem.steps {
            var (loss, gradients) = lossAndGradients(pairs, data: problem.data)
            if let maxNorm = problem.clipGradientNorm { clipGlobalNorm(&gradients, maxNorm: maxNorm) }
            do {
                _ = try optimizer.step(&pairs, gradients: gradients, learningRate: schedule.rate(atStep: k))
            } catch let error as OptimizerError {
                throw TraceStepFailure(step: k + 1, error: error)
            }
            steps.append(TraceStep(step: k + 1, loss: loss, pairs: pairs))
        }
        return steps
    }

    /// `{"steps": [{"step": 1, "loss": ..., "pairs": [{"A": [[...]], "B": [[...]]}]}, ...]}`, one step
    /// per line, numbers in shortest round-trip form.
    public static func json(_ steps: [TraceStep]) -> String {
        func matrix(_ m: Matrix<Double>) -> String {
            "[" + m.nestedRows.map { "[" + $0.map(jsonNumber).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        }
        let lines = steps.map { step in
            "{\"step\": \(step.step), \"loss\": \(jsonNumber(step.loss)), \"pairs\": ["
                + step.pairs.map { "{\"A\": \(matrix($0.a)), \"B\": \(matrix($0.b))}" }.joined(separator: ", ") + "]}"
        }
        return "{\"steps\": [" + (lines.isEmpty ? "" : "\n" + lines.joined(separator: ",\n") + "\n") + "]}\n"
    }
}
