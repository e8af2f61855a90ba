import Foundation
import LinearAlgebra
import Optimizers
import Testing

@Suite("Hyper-parameters, factory and errors")
struct HyperparameterTests {
    func message(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch { return "\(error)" }
    }

    @Test("invalid hyper-parameters give the exact messages", arguments: [
        // The list is the factory's, so a new optimizer does not touch this test.
        ("adamw", [:], #"unknown optimizer "adamw"; known optimizers: "# + OptimizerFactory.names.joined(separator: ", ")),
        ("adam", ["lr": .number(0.1)], #"optimizer adam has no hyper-parameter "lr"; known: beta1, beta2, eps, weight_decay"#),
        ("lora-rite", ["beta1": .number(1.5)], "invalid hyper-parameter beta1 = 1.5: expected a number in [0, 1)"),
        ("lora-rite", ["eps": .number(0)], "invalid hyper-parameter eps = 0: expected a number > 0"),
        ("lora-rite", ["clip": .number(-1)], "invalid hyper-parameter clip = -1: expected a number >= 0"),
        ("lora-rite", ["variant": .text("fast")], #"invalid hyper-parameter variant = "fast": expected one of reference, paper"#),
        ("lora-rite", ["escape": .number(1)], "invalid hyper-parameter escape = 1: expected true or false"),
        ("adam", ["beta2": .text("high")], #"invalid hyper-parameter beta2 = "high": expected a number in [0, 1)"#),
        ("adam", ["eps": .number(1e-300 * 1e-300)], "invalid hyper-parameter eps = 0: expected a number > 0"),
        ("shampoo", ["block_size": .number(2.5)], "invalid hyper-parameter block_size = 2.5: expected an integer >= 1"),
        ("shampoo", ["beta2": .number(0)], "invalid hyper-parameter beta2 = 0: expected a number in (0, 1]"),
        ("shampoo", ["graft": .text("adam")],
         #"invalid hyper-parameter graft = "adam": expected one of sgd, adagrad, rmsprop, adagrad_normalized, rmsprop_normalized, sqrt_n"#),
        ("lora-plus", ["ratio": .number(-4)], "invalid hyper-parameter ratio = -4: expected a number > 0"),
        ("scaled-adam", ["damping": .number(1e-7), "bias_correction": .text("yes")],
         #"invalid hyper-parameter bias_correction = "yes": expected true or false"#),
        ("sgd", ["momentum": .number(1)], "invalid hyper-parameter momentum = 1: expected a number in [0, 1)"),
        ("lamb", ["weight_decay": .number(0.01), "nesterov": .flag(true)],
         #"optimizer lamb has no hyper-parameter "nesterov"; known: beta1, beta2, eps, weight_decay"#),
    ] as [(String, Hyperparameters, String)])
    func exactMessages(_ name: String, _ overrides: Hyperparameters, _ expected: String) {
        #expect(message { try OptimizerFactory.resolve(name, overrides: overrides) } == expected)
        #expect(message { try OptimizerFactory.make(name, hyperparameters: overrides, shapes: [], scalar: Float.self) } == expected)
    }

    @Test("resolved defaults of every optimizer, and resolving is idempotent")
    func defaults() throws {
        #expect(try OptimizerFactory.resolve("adam", overrides: [:]).canonicalDescription
                == "beta1=0.9, beta2=0.999, eps=1e-08, weight_decay=0")
        #expect(try OptimizerFactory.resolve("lora-plus", overrides: [:]).canonicalDescription
                == "beta1=0.9, beta2=0.999, eps=1e-08, ratio=4, weight_decay=0")
        #expect(try OptimizerFactory.resolve("scaled-adam", overrides: [:]).canonicalDescription
                == "beta1=0.9, beta2=0.999, bias_correction=false, damping=1e-06, eps=1e-08, updated_a_for_b=true, weight_decay=0")
        #expect(try OptimizerFactory.resolve("shampoo", overrides: [:]).canonicalDescription
                == "beta1=0.9, beta2=0.999, block_size=512, diagonal_eps=1e-10, graft=\"sgd\", matrix_eps=1e-06, merge_small_dims=0, "
                + "nesterov=true, preconditioning_compute_steps=100, relative_matrix_eps=true, skip_preconditioning_dim=4096, "
                + "start_preconditioning_step=5, weight_decay=0")
        #expect(try OptimizerFactory.resolve("lamb", overrides: [:]).canonicalDescription
                == "beta1=0.9, beta2=0.999, eps=1e-06, weight_decay=0")
        #expect(try OptimizerFactory.resolve("lora-rite", overrides: [:]).canonicalDescription
                == "beta1=0.9, beta2=0.999, bias_correction=true, clip=1, eps=1e-06, escape=false, force_positive=false, skip=1, "
                + "variant=\"reference\", weight_decay=0")
        #expect(try OptimizerFactory.resolve("sgd", overrides: [:]).canonicalDescription == "momentum=0, weight_decay=0")
        for name in OptimizerFactory.names {
            let resolved = try OptimizerFactory.resolve(name, overrides: [:])
            #expect(Set(resolved.keys) == Set(try OptimizerFactory.specification(name).keys))
            #expect(try OptimizerFactory.resolve(name, overrides: resolved) == resolved)
        }
    }

    @Test("lora-rite's variant presets its flags; explicit values win")
    func variantPresets() throws {
        let paper = try OptimizerFactory.resolve("lora-rite", overrides: ["variant": .text("paper")])
        #expect(paper.canonicalDescription == "beta1=0.9, beta2=0.999, bias_correction=false, clip=0, eps=1e-06, escape=true, "
                + "force_positive=true, skip=0, variant=\"paper\", weight_decay=0")
        let mixed = try OptimizerFactory.resolve("lora-rite", overrides: ["variant": .text("paper"), "clip": .number(1)])
        #expect(mixed["clip"] == .number(1) && mixed["escape"] == .flag(true))
        let optimizer = try OptimizerFactory.make("lora-rite", hyperparameters: ["variant": .text("paper")],
                                                  shapes: [LoRAShape(rank: 2, inFeatures: 3, outFeatures: 4)], scalar: Float.self)
        #expect(optimizer.hyperparameters == paper && optimizer.name == "lora-rite")
    }

    @Test("hyper-parameter values decode from and encode to JSON scalars")
    func valueCoding() throws {
        let decoded = try JSONDecoder().decode(Hyperparameters.self, from: Data(#"{"a": 0.001, "b": true, "c": "paper", "d": 512}"#.utf8))
        #expect(decoded == ["a": .number(0.001), "b": .flag(true), "c": .text("paper"), "d": .number(512)])
        let again = try JSONDecoder().decode(Hyperparameters.self, from: try JSONEncoder().encode(decoded))
        #expect(again == decoded)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Hyperparameters.self, from: Data(#"{"a": [1]}"#.utf8)) }
    }

    @Test("shape errors and learning-rate errors")
    func shapeErrors() throws {
        #expect(message { try OptimizerFactory.make("lora-rite", hyperparameters: [:], shapes: [LoRAShape(rank: 8, inFeatures: 4, outFeatures: 16)],
                                                   scalar: Double.self) }
                == "lora-rite cannot handle this shape: pair 0 has rank 8 but needs 1 <= rank <= min(in, out) = 4 for its thin QR")
        let shape = LoRAShape(rank: 2, inFeatures: 3, outFeatures: 4)
        let optimizer = try OptimizerFactory.make("adam", hyperparameters: [:], shapes: [shape], scalar: Double.self)
        let good = LoRAPair(a: Matrix<Double>(rows: 2, cols: 3), b: Matrix<Double>(rows: 4, cols: 2))
        let bad = LoRAPair(a: Matrix<Double>(rows: 2, cols: 5), b: Matrix<Double>(rows: 4, cols: 2))
        var pairs = [good]
        #expect(message { try optimizer.step(&pairs, gradients: [bad], learningRate: 0.1) }
                == "shape mismatch in gradient 0: expected A 2 x 3, B 4 x 2, got A 2 x 5, B 4 x 2")
        #expect(message { try optimizer.step(&pairs, gradients: [good, good], learningRate: 0.1) }
                == "shape mismatch in gradients: expected 1 pairs, got 2")
        #expect(message { try optimizer.step(&pairs, gradients: [good], learningRate: -1) }
                == "invalid learning rate -1.0: expected a finite number >= 0")
        #expect(OptimizerError.nonFiniteGradient(pair: 3, factor: "A").description
                == "the gradient of pair 3, factor A holds NaN or infinity; parameters and optimizer state are unchanged")
        #expect(OptimizerError.linearAlgebra(.lapack(routine: "dsyevd", info: 3)).description
                == "numerical failure: LAPACK dsyevd failed with info = 3")
    }

    @Test("only lora-rite skips the trainer's raw-gradient clip")
    func trainerClipping() {
        #expect(OptimizerFactory.names.filter { !OptimizerFactory.usesTrainerGradientClipping($0) } == ["lora-rite"])
    }
}
