/// A JSON value with one textual form: object keys sorted by their UTF-8 bytes, no whitespace,
/// integers in decimal, doubles in Swift's shortest round-trip form (`0.0002`, `2e-06`, `16.0`),
/// which is the same on every platform and never depends on a locale. A run key is the SHA-256
/// of this text, so the text must never change for the same value.
public indirect enum CanonicalJSON: Sendable, Equatable {
    case object([String: CanonicalJSON])
    case array([CanonicalJSON])
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case null

    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case let .object(members):
            out += "{"
            for (index, key) in members.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, to: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        case let .array(items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case let .string(value): Self.writeString(value, to: &out)
        case let .integer(value): out += String(value)
        case let .double(value): out += Self.format(value)
        case let .bool(value): out += value ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// Swift's shortest round-trip text of a finite double (`null` for non-finite values, which
    /// validated specs never contain).
    public static func format(_ value: Double) -> String {
        value.isFinite ? value.description : "null"
    }

    /// `value` as a JSON string literal: quotes, backslashes and control characters escaped (the one
    /// escaping rule of run keys and of exports).
    public static func stringLiteral(_ value: String) -> String {
        var out = ""
        writeString(value, to: &out)
        return out
    }

    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
