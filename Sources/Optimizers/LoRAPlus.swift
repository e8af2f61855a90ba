import LinearAlgebra

// LoRA+ (Hayou, Ghosh & Yu, 2024, arXiv 2402.12354): Adam(W) with per-factor learning rates,
//
//     eta_A = eta,    eta_B = ratio * eta,
//
// everything else as in Adam.swift (moments, bias correction, eps 1e-8 outside the square root).
// The paper reproduced here uses ratio = 4. The learning rate given to `step` is eta (A's); the
// optimizer multiplies it for B itself, so a schedule scales both factors alike, as the Hugging Face
// scheduler does with per-group learning rates.
//
// Reference quirk kept: under the LoRA+ trainer, weight decay is effectively 0 for every group whatever
// the training arguments say; here weight_decay defaults to 0 and, when set, applies to both factors.
// The reference also puts 1-D parameters (biases, norms) in B's group; the LoRA pairs here have none.

/// The LoRA+ entry of the factory: an `Adam` whose B factors step `ratio` times faster.
enum LoRAPlus {
    static var specification: OptimizerSpecification {
        OptimizerSpecification(
            name: "lora-plus", displayName: "LoRA+",
            // Adam with two learning rates, so Adam's cost; the paper's Table 7 leaves it out.
            stepCost: .elementwise(paperTable7: .notListed(note: "Adam's cost")),
            parameters: adamHyperparameters(eps: 1e-8) + [
                HyperparameterSpec("ratio", .positive, .number(4), "learning rate of B divided by that of A"),
            ])
    }

    static func make<S: LinearAlgebraScalar>(hyperparameters: Hyperparameters, shapes: [LoRAShape]) -> Adam<S> {
        Adam(name: "lora-plus", hyperparameters: hyperparameters, shapes: shapes, ratioB: hyperparameters.number("ratio"))
    }
}
