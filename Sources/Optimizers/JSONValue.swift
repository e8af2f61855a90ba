import Foundation

/// A parsed JSON document, kept generic so the trace problem decoder can say exactly which field is
/// wrong and how (a typed `Decodable` would stop at the first mismatch with a coding-path dump).
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// What the value is, for messages: "a number", "a string", ...
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "true/false"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A number as JSON in Swift's shortest round-trip form (`0.1`, `1e-06`, `-0.0`), so a reader gets
/// back exactly the Double that was written; `null` for NaN and infinities, which JSON cannot hold.
func jsonNumber(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
