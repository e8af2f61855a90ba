/// The shape of a decoder-only transformer (GPT-2 style, pre-norm, tied language-model head).
public struct ModelConfig: Codable, Hashable, Sendable {
    /// Number of token ids; the language-model head scores all of them.
    public var vocabularySize: Int
    /// Longest input sequence (the learned position table has this many rows).
    public var contextLength: Int
    /// Residual stream width `d`.
    public var width: Int
    /// Number of transformer blocks.
    public var layers: Int
    /// Attention heads per block; `width` must be a multiple of it.
    public var heads: Int
    /// Hidden width of the MLP.
    public var mlpWidth: Int

    public init(vocabularySize: Int, contextLength: Int, width: Int, layers: Int, heads: Int, mlpWidth: Int) {
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.width = width
        self.layers = layers
        self.heads = heads
        self.mlpWidth = mlpWidth
    }

    /// Width of one attention head.
    public var headWidth: Int { width / heads }

    /// Throws `ModelError.invalidConfiguration` naming the first field out of range.
    public func validate() throws {
        func require(_ ok: Bool, _ field: String, _ value: Int, _ expected: String) throws {
            if !ok { throw ModelError.invalidConfiguration("\(field) = \(value); expected \(expected)") }
        }
        try require(vocabularySize >= 2 && vocabularySize <= Int(Int32.max), "vocabularySize", vocabularySize, "2 ... 2^31-1")
        try require(contextLength >= 1, "contextLength", contextLength, "at least 1")
        try require(width >= 1, "width", width, "at least 1")
        try require(layers >= 1, "layers", layers, "at least 1")
        try require(heads >= 1 && width % heads == 0, "heads", heads, "at least 1 and a divisor of width \(width)")
        try require(mlpWidth >= 1, "mlpWidth", mlpWidth, "at least 1")
    }
}

/// The two model sizes of the reproduction, the analogues of the paper's Gemma 2B and 7B.
/// Vocabulary and context come from the tasks.
public enum ModelPreset: String, CaseIterable, Codable, Sendable {
    /// d = 64, 2 blocks, 4 heads of 16, MLP 256.
    case tiny
    /// d = 128, 4 blocks, 4 heads of 32, MLP 512.
    case small

    public func config(vocabularySize: Int, contextLength: Int) -> ModelConfig {
        switch self {
        case .tiny:
            ModelConfig(vocabularySize: vocabularySize, contextLength: contextLength, width: 64, layers: 2, heads: 4, mlpWidth: 256)
        case .small:
            ModelConfig(vocabularySize: vocabularySize, contextLength: contextLength, width: 128, layers: 4, heads: 4, mlpWidth: 512)
        }
    }
}

/// The attention projections that can carry a LoRA adapter.
public enum LoRAProjection: String, CaseIterable, Codable, Sendable {
    case q, k, v, o
}

/// Rank, scale and placement of the LoRA adapters: every block gets one adapter per target,
/// `W x + (alpha / rank) B A x`.
public struct LoRAConfig: Codable, Hashable, Sendable {
    public var rank: Int
    public var alpha: Double
    public var targets: [LoRAProjection]

    public init(rank: Int, alpha: Double, targets: [LoRAProjection] = LoRAProjection.allCases) {
        self.rank = rank
        self.alpha = alpha
        self.targets = targets
    }

    /// `alpha / rank`, the factor in front of `B A`.
    public var scale: Double { alpha / Double(rank) }

    /// The targets in canonical order (q, k, v, o), without duplicates.
    public var orderedTargets: [LoRAProjection] { LoRAProjection.allCases.filter(targets.contains) }

    /// Throws `ModelError.invalidConfiguration` naming the field out of range.
    public func validate(width: Int) throws {
        if rank < 1 || rank > width {
            throw ModelError.invalidConfiguration("LoRA rank = \(rank); expected 1 ... \(width) (the model width)")
        }
        if !alpha.isFinite || alpha <= 0 {
            throw ModelError.invalidConfiguration("LoRA alpha = \(alpha); expected a finite positive number")
        }
        if targets.isEmpty {
            throw ModelError.invalidConfiguration("LoRA targets is empty; expected some of q, k, v, o")
        }
    }
}

/// What `forwardBackward` differentiates.
public enum GradientMode: Sendable {
    /// Fine-tuning: gradients of the LoRA factors only; the base weights are frozen and no
    /// weight or embedding gradient is computed.
    case lora
    /// Pretraining: gradients of every base weight. Adapters are not expected then; if some are
    /// attached, the forward includes them and their gradients are computed as well.
    case allWeights
}

/// Errors of the Model target. Messages say what was wrong and, for files, which file.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    case invalidConfiguration(String)
    case invalidInput(String)
    case diverged(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): "invalid model configuration: \(message)"
        case .invalidInput(let message): "invalid model input: \(message)"
        case .diverged(let message): "training diverged: \(message)"
        }
    }
}
