/// An optimizer hyper-parameter value as a spec writes it. (The Optimizers target's
/// `HyperparameterValue` has the same three cases; the two are to be unified.)
public enum HyperValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Double)
    case flag(Bool)
    case text(String)

    public var description: String {
        switch self {
        case let .number(value): CanonicalJSON.format(value)
        case let .flag(value): value ? "true" : "false"
        case let .text(value): "\"\(value)\""
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .number(value): try container.encode(value)
        case let .flag(value): try container.encode(value)
        case let .text(value): try container.encode(value)
        }
    }

    var canonical: CanonicalJSON {
        switch self {
        case let .number(value): .double(value)
        case let .flag(value): .bool(value)
        case let .text(value): .string(value)
        }
    }
}
