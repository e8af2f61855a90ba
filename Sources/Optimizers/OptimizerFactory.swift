import LinearAlgebra

/// Makes optimizers by name from (partial) hyper-parameters, and says which training settings go
/// with each. This is the one table of optimizers: everything else (the command line's help, the
/// report's display names, order and Table 7 cost entries) reads it and each optimizer's
/// `specification`, so a new optimizer is its own file plus one case in each switch below.
public enum OptimizerFactory {
    /// The optimizers in the order the paper's tables list them, then the SGD baseline; tables sort
    /// optimizers in this order.
    public static var names: [String] { ["adam", "lora-plus", "scaled-adam", "shampoo", "lamb", "lora-rite", "sgd"] }

    /// Every optimizer's specification, in the order of `names`.
    public static var specifications: [OptimizerSpecification] { names.map { try! specification($0) } }

    /// The hyper-parameters of an optimizer: keys, allowed values, defaults and meaning.
    public static func specification(_ name: String) throws -> OptimizerSpecification {
        switch name {
        case "adam": return Adam<Double>.specification
        case "lora-plus": return LoRAPlus.specification
        case "scaled-adam": return ScaledAdam<Double>.specification
        case "shampoo": return Shampoo<Double>.specification
        case "lamb": return Lamb<Double>.specification
        case "lora-rite": return LoRARite<Double>.specification
        case "sgd": return SGD<Double>.specification
        default: throw OptimizerError.unknownOptimizer(name: name, known: names)
        }
    }

    /// Defaults merged with overrides, validated (unknown key, wrong type or out of range throw
    /// `OptimizerError`). This fully resolved set is what a run's configuration hash includes; resolving
    /// it again gives it back unchanged.
    public static func resolve(_ name: String, overrides: Hyperparameters) throws -> Hyperparameters {
        try specification(name).resolve(overrides)
    }

    /// A ready optimizer with all state allocated for these shapes.
    public static func make<S: LinearAlgebraScalar>(_ name: String, hyperparameters: Hyperparameters,
                                                    shapes: [LoRAShape], scalar: S.Type) throws -> any LoRAOptimizer<S> {
        let resolved = try resolve(name, overrides: hyperparameters)
        for (i, shape) in shapes.enumerated() where shape.rank < 1 || shape.inFeatures < 1 || shape.outFeatures < 1 {
            throw OptimizerError.unsupportedShape(optimizer: name, reason: "pair \(i) has an empty dimension (\(shape))")
        }
        switch name {
        case "adam": return Adam<S>(name: "adam", hyperparameters: resolved, shapes: shapes, ratioB: 1)
        case "lora-plus": return LoRAPlus.make(hyperparameters: resolved, shapes: shapes) as Adam<S>
        case "scaled-adam": return ScaledAdam<S>(hyperparameters: resolved, shapes: shapes)
        case "shampoo": return Shampoo<S>(hyperparameters: resolved, shapes: shapes)
        case "lamb": return Lamb<S>(hyperparameters: resolved, shapes: shapes)
        case "lora-rite": return try LoRARite<S>(hyperparameters: resolved, shapes: shapes)
        case "sgd": return SGD<S>(hyperparameters: resolved, shapes: shapes)
        default: throw OptimizerError.unknownOptimizer(name: name, known: names)
        }
    }

    /// Whether the training loop should clip raw gradients to global norm 1.0 before the step (the
    /// optimizer's `trainerClipsGradients`). A name the factory does not know clips like a baseline:
    /// such a run never starts, since `make` rejects the name first.
    public static func usesTrainerGradientClipping(_ name: String) -> Bool {
        guard let known = try? specification(name) else { return true }
        return known.trainerClipsGradients
    }
}
