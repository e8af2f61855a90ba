import LinearAlgebra
import RiteCore

/// The shape of one LoRA pair in PEFT layout: `A` is `rank x inFeatures`, `B` is `outFeatures x rank`.
public struct LoRAShape: Hashable, Sendable, Codable, CustomStringConvertible {
    public var rank: Int
    public var inFeatures: Int
    public var outFeatures: Int

    public init(rank: Int, inFeatures: Int, outFeatures: Int) {
        self.rank = rank
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
    }

    public init<S>(_ pair: LoRAPair<S>) {
        self.init(rank: pair.rank, inFeatures: pair.inFeatures, outFeatures: pair.outFeatures)
    }

    public var description: String { "A \(rank) x \(inFeatures), B \(outFeatures) x \(rank)" }
}

/// What one step did besides updating the parameters. The training loop adds every step's report
/// to the run's `OptimizerRunReport` (`add(_:atStep:)`), which the store keeps per run and
/// `rite-repro run` and `status` show.
public struct OptimizerStepReport: Sendable, Equatable {
    /// Factors whose update was skipped (LoRA-RITE's reference rule: RMS of the unmagnified gradient above `skip`).
    public var skippedFactors: Int = 0
    /// Whether an optimizer-internal gradient clip scaled the gradients (LoRA-RITE's global clip).
    public var clipped: Bool = false
    /// The global norm an internal clip looked at (LoRA-RITE: unmagnified gradients after skipping); nil otherwise.
    public var internalGradientNorm: Double? = nil
    /// LoRA-RITE factors whose new preconditioned step was zeroed because an eigenvalue plus the
    /// escaped mass was negative (the reference's NaN-to-zero behaviour; see LoRARite.swift).
    public var zeroedPreconditionedSteps: Int = 0
    /// Shampoo roots that failed and were kept from before; ScaledAdam inverses replaced by the identity.
    public var preconditionerFallbacks: Int = 0
    /// Lamb's trust ratios of this step, one per factor (A and B of every pair); nil for other optimizers.
    public var trustRatios: ValueSummary? = nil

    public init() {}
}

/// An optimizer of a list of LoRA pairs. It is made for fixed shapes (all state allocated up front by
/// `OptimizerFactory.make`), and each `step` updates every pair in place.
///
/// The implementations are generic over the parameters' precision and mark `step` with
/// `@_specialize` for Float and Double: a call through `any LoRAOptimizer<S>` reaches the generic
/// body, whose element loops would otherwise run unspecialised (measured 40 times slower for Adam).
public protocol LoRAOptimizer<Scalar>: AnyObject {
    associatedtype Scalar: LinearAlgebraScalar
    /// The factory name ("adam", "lora-rite", ...).
    var name: String { get }
    /// The fully resolved hyper-parameters the optimizer runs with.
    var hyperparameters: Hyperparameters { get }
    /// The shapes the optimizer was made for, one per pair.
    var shapes: [LoRAShape] { get }
    /// Steps taken so far.
    var stepCount: Int { get }
    /// One update of every pair in place, given gradients in the same layout and the learning rate of
    /// this step (the schedule's value). Throws `OptimizerError.nonFiniteGradient` (parameters and
    /// state untouched) when a gradient holds NaN or infinity; never feeds non-finite numbers to an
    /// eigendecomposition.
    func step(_ pairs: inout [LoRAPair<Scalar>], gradients: [LoRAPair<Scalar>], learningRate: Double) throws -> OptimizerStepReport
}

/// The two factors of a pair, for optimizers that treat them alike.
enum LoRAFactor: CaseIterable {
    case a, b

    var label: String { self == .a ? "A" : "B" }

    func matrix<S>(of pair: LoRAPair<S>) -> Matrix<S> { self == .a ? pair.a : pair.b }
}

/// Checks a step's input before anything is touched: counts and shapes against the optimizer's
/// shapes, a usable learning rate, and finite gradients (NaN/inf are never fed to a decomposition).
func validateStepInput<S>(_ pairs: [LoRAPair<S>], _ gradients: [LoRAPair<S>], shapes: [LoRAShape],
                          learningRate: Double) throws {
    guard pairs.count == shapes.count else {
        throw OptimizerError.shapeMismatch(what: "pairs", expected: "\(shapes.count) pairs", actual: "\(pairs.count)")
    }
    guard gradients.count == shapes.count else {
        throw OptimizerError.shapeMismatch(what: "gradients", expected: "\(shapes.count) pairs", actual: "\(gradients.count)")
    }
    for i in shapes.indices {
        let shape = shapes[i]
        if LoRAShape(pairs[i]) != shape {
            throw OptimizerError.shapeMismatch(what: "pair \(i)", expected: shape.description, actual: LoRAShape(pairs[i]).description)
        }
        if LoRAShape(gradients[i]) != shape {
            throw OptimizerError.shapeMismatch(what: "gradient \(i)", expected: shape.description,
                                               actual: LoRAShape(gradients[i]).description)
        }
    }
    guard learningRate.isFinite, learningRate >= 0 else { throw OptimizerError.invalidLearningRate(learningRate) }
    for i in gradients.indices {
        for factor in LoRAFactor.allCases where !factor.matrix(of: gradients[i]).isFinite {
            throw OptimizerError.nonFiniteGradient(pair: i, factor: factor.label)
        }
    }
}
