/// Hyper-parameters as they come from an experiment file or a trace problem: numbers, flags and
/// words, keyed by lower_snake_case names. The learning rate is not among them: it is the value of the
/// schedule at each step and is passed to `LoRAOptimizer.step`.
public enum HyperparameterValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Double)
    case flag(Bool)
    case text(String)

    /// Decodes a bare JSON/YAML scalar: `true`/`false`, a number, or a string.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            throw DecodingError.typeMismatch(
                HyperparameterValue.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected a number, true/false or a word"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .number(x): try container.encode(x)
        case let .flag(b): try container.encode(b)
        case let .text(s): try container.encode(s)
        }
    }

    /// How the value reads in messages and in `canonicalDescription`: integral numbers without a
    /// fraction (`512`), other numbers in Swift's shortest round-trip form (`0.001`, `1e-06`),
    /// words in double quotes.
    public var description: String {
        switch self {
        case let .number(x): return formatHyperparameterNumber(x)
        case let .flag(b): return b ? "true" : "false"
        case let .text(s): return "\"\(s)\""
        }
    }
}

public typealias Hyperparameters = [String: HyperparameterValue]

extension Dictionary where Key == String, Value == HyperparameterValue {
    /// `key=value` pairs sorted by key and joined by ", ": byte-stable, for logs and configuration hashes.
    public var canonicalDescription: String {
        keys.sorted().map { "\($0)=\(self[$0]!)" }.joined(separator: ", ")
    }

    // Typed reads of a resolved set. `OptimizerFactory.resolve` guarantees presence and kind, so a
    // miss here is a programming error in this target, not bad input.
    func number(_ key: String) -> Double {
        guard case let .number(x)? = self[key] else { preconditionFailure("resolved hyper-parameters lack number \(key)") }
        return x
    }

    func integer(_ key: String) -> Int { Int(number(key)) }

    func flag(_ key: String) -> Bool {
        guard case let .flag(b)? = self[key] else { preconditionFailure("resolved hyper-parameters lack flag \(key)") }
        return b
    }

    func text(_ key: String) -> String {
        guard case let .text(s)? = self[key] else { preconditionFailure("resolved hyper-parameters lack word \(key)") }
        return s
    }
}

func formatHyperparameterNumber(_ x: Double) -> String {
    if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}

/// What a hyper-parameter accepts; `allowedDescription` is the text the error message quotes.
public enum HyperparameterKind: Sendable, Equatable {
    /// A real number between bounds; `nil` bounds are open-ended.
    case real(minimum: Double?, minimumInclusive: Bool, maximum: Double?, maximumInclusive: Bool)
    /// An integer at least `minimum`.
    case integer(minimum: Int)
    case flag
    /// One of a fixed list of words.
    case choice([String])

    /// `[0, 1)`, the range of a decay rate.
    static let decay = HyperparameterKind.real(minimum: 0, minimumInclusive: true, maximum: 1, maximumInclusive: false)
    /// `(0, 1]`, a decay rate where 1 means plain accumulation (Shampoo's beta2).
    static let decayOrSum = HyperparameterKind.real(minimum: 0, minimumInclusive: false, maximum: 1, maximumInclusive: true)
    static let positive = HyperparameterKind.real(minimum: 0, minimumInclusive: false, maximum: nil, maximumInclusive: false)
    static let nonNegative = HyperparameterKind.real(minimum: 0, minimumInclusive: true, maximum: nil, maximumInclusive: false)

    public var allowedDescription: String {
        switch self {
        case let .real(lo, loIn, hi, hiIn):
            switch (lo, hi) {
            case let (lo?, hi?):
                return "a number in \(loIn ? "[" : "(")\(formatHyperparameterNumber(lo)), \(formatHyperparameterNumber(hi))\(hiIn ? "]" : ")")"
            case let (lo?, nil): return "a number \(loIn ? ">=" : ">") \(formatHyperparameterNumber(lo))"
            case let (nil, hi?): return "a number \(hiIn ? "<=" : "<") \(formatHyperparameterNumber(hi))"
            case (nil, nil): return "a finite number"
            }
        case let .integer(minimum): return "an integer >= \(minimum)"
        case .flag: return "true or false"
        case let .choice(words): return "one of " + words.joined(separator: ", ")
        }
    }

    /// Whether `value` is acceptable.
    func accepts(_ value: HyperparameterValue) -> Bool {
        switch (self, value) {
        case let (.real(lo, loIn, hi, hiIn), .number(x)):
            guard x.isFinite else { return false }
            if let lo, (loIn ? x < lo : x <= lo) { return false }
            if let hi, (hiIn ? x > hi : x >= hi) { return false }
            return true
        case let (.integer(minimum), .number(x)):
            return x.isFinite && x == x.rounded() && x >= Double(minimum) && x < 1e15
        case (.flag, .flag):
            return true
        case let (.choice(words), .text(s)):
            return words.contains(s)
        default:
            return false
        }
    }
}

/// One hyper-parameter of one optimizer: its key, what it accepts, its default and what it means.
public struct HyperparameterSpec: Sendable, Equatable {
    public let key: String
    public let kind: HyperparameterKind
    public let defaultValue: HyperparameterValue
    public let help: String

    init(_ key: String, _ kind: HyperparameterKind, _ defaultValue: HyperparameterValue, _ help: String) {
        self.key = key
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }
}

/// The hyper-parameters of one optimizer, with optional presets keyed by the value of its
/// `variant` hyper-parameter (LoRA-RITE's `reference` and `paper`): a preset replaces defaults,
/// explicit overrides replace both.
public struct OptimizerSpecification: Sendable {
    /// The factory name ("adam", "lora-rite", ...), as runs and the store record it.
    public let name: String
    /// The name tables and figures print ("Adam", "LoRA-RITE").
    public let displayName: String
    /// How its step time grows with m, n and r (Table 7).
    public let stepCost: StepCost
    /// Whether the training loop clips raw gradients to global norm 1.0 before the step: true for the
    /// baselines, as the paper's trainer does; false for an optimizer that clips inside its step.
    public let trainerClipsGradients: Bool
    public let parameters: [HyperparameterSpec]
    public let variantPresets: [String: Hyperparameters]

    init(name: String, displayName: String, stepCost: StepCost, trainerClipsGradients: Bool = true,
         parameters: [HyperparameterSpec], variantPresets: [String: Hyperparameters] = [:]) {
        self.name = name
        self.displayName = displayName
        self.stepCost = stepCost
        self.trainerClipsGradients = trainerClipsGradients
        self.parameters = parameters
        self.variantPresets = variantPresets
    }

    public var keys: [String] { parameters.map(\.key) }

    /// Defaults, then the preset of the chosen variant, then `overrides`; every key and value checked.
    public func resolve(_ overrides: Hyperparameters) throws -> Hyperparameters {
        for key in overrides.keys.sorted() where !keys.contains(key) {
            throw OptimizerError.unknownHyperparameter(optimizer: name, name: key, known: keys)
        }
        for spec in parameters {
            if let value = overrides[spec.key], !spec.kind.accepts(value) {
                throw OptimizerError.invalidHyperparameter(name: spec.key, value: value.description,
                                                           allowed: spec.kind.allowedDescription)
            }
        }
        var resolved = Hyperparameters(uniqueKeysWithValues: parameters.map { ($0.key, $0.defaultValue) })
        if case let .text(variant)? = overrides["variant"] ?? resolved["variant"], let preset = variantPresets[variant] {
            resolved.merge(preset) { _, new in new }
        }
        resolved.merge(overrides) { _, new in new }
        return resolved
    }
}
