import Foundation
import LinearAlgebra
import Model
import RiteCore
import Training
import Testing

/// Pins what pretraining computes, bit for bit: base checkpoints are named by their recipe, not by
/// their bytes, so a change to the AdamW arithmetic, its masks or the schedule would silently make
/// a different base model under the same file name (and every run key that names its SHA-256
/// would stop matching a rebuilt file). Two short runs of a small model from a fixed seed and token
/// stream, one per schedule shape, with weight decay masked off the embeddings in one and the
/// gradient clip on in one, are digested with SHA-256 of their parameters' bytes and losses.
///
/// The forward and backward passes go through BLAS, whose kernel family decides the order of
/// sums, so the digests are per family (`BLASRuntime.coreName`; record another family's with
/// `RITE_PRINT_PIN=1 OPENBLAS_CORETYPE=<family> swift test --filter PretrainingPinTests`).
@Suite struct PretrainingPinTests {
    /// BLAS kernel family -> digest of both runs.
    static let pins: [String: String] = [
        "Cooperlake": "a1edf9ff11e657203a70225949931f89ecdbf49b20e0796e2ff291be73453aed",
        "SkylakeX": "a1edf9ff11e657203a70225949931f89ecdbf49b20e0796e2ff291be73453aed",
        "Haswell": "3d629f8d5457cf6049a73adbaf4be0837e77238dec2e92305efcbaa25d863536",
        "Zen": "3d629f8d5457cf6049a73adbaf4be0837e77238dec2e92305efcbaa25d863536",
        "Prescott": "da9d0c57f89323cab90dc9db5517cdc7e0e6f521d78efd89916432f1a0b40065",
    ]

    static let config = ModelConfig(vocabularySize: 29, contextLength: 12, width: 24, layers: 2, heads: 2, mlpWidth: 40)

    /// SHA-256 of the parameters and losses after `config`'s steps from a fixed model and stream.
    static func digest(_ config: PretrainingConfig, into hasher: inout SHA256) throws {
        let model = Transformer(config: Self.config, maxBatch: 4, seed: 17)
        let tokens = randomTokens(3000, vocabulary: Self.config.vocabularySize, seed: 18)
        let losses = try Pretrainer(config: config).run(model: model, tokens: tokens)
        losses.withUnsafeBufferPointer { hasher.update(contentsOf: $0) }
        model.withParameters { hasher.update(contentsOf: UnsafeBufferPointer($0)) }
    }

    static func digest() throws -> String {
        var hasher = SHA256()
        // Cosine, no decay on the embeddings (the base recipe's mask), the clip on.
        try digest(PretrainingConfig(steps: 40, batch: 4, learningRate: 1e-2, warmupSteps: 6, schedule: .cosine,
                                     minLearningRateRatio: 0.1, weightDecay: 0.1, beta1: 0.9, beta2: 0.95, epsilon: 1e-8,
                                     gradientClip: 1, decayEmbeddings: false, seed: 19), into: &hasher)
        // Linear, every matrix decayed, no clip, no warm-up.
        try digest(PretrainingConfig(steps: 30, batch: 3, learningRate: 5e-3, warmupSteps: 0, schedule: .linear,
                                     minLearningRateRatio: 0.2, weightDecay: 0.3, beta1: 0.8, beta2: 0.99, epsilon: 1e-6,
                                     gradientClip: 0, decayEmbeddings: true, seed: 20), into: &hasher)
        return SHA256.hexString(hasher.finalize())
    }

    @Test func pretrainedParametersMatchThePin() throws {
        let digest = try Self.digest()
        let core = BLASRuntime.coreName
        if ProcessInfo.processInfo.environment["RITE_PRINT_PIN"] != nil {
            print("pretraining pin, BLAS kernel \(core): \(digest)")
        }
        let expected = try #require(Self.pins[core], "no pretraining pin for BLAS kernel \(core); this machine computes \(digest)")
        #expect(digest == expected, "pretraining changed its numbers: base checkpoints would differ under the same recipe version")
    }
}
