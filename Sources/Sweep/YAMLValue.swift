import RiteCore
import Yams

/// A node of a spec with its location: the file, the 1-based line and column Yams reports, and
/// its key path. Every accessor checks the node's type strictly and throws a `SpecError` that
/// names all three and what was expected.
///
/// Plain scalars are typed by the YAML 1.2 core schema (`true`/`false`, `null`/`~`/empty,
/// decimal integers, decimal floats with optional exponent, `.inf`, `.nan`); anything quoted is a
/// string. So `2e-6` is a number, `"2e-6"` is a string, and `yes` is the string "yes".
struct YAMLValue {
    let node: Node
    let keyPath: String
    let file: String

    enum ScalarKind: Equatable { case null, bool(Bool), integer(Int), number(Double), string(String) }

    func error(_ message: String, keyPath path: String? = nil) -> SpecError {
        SpecError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
                  keyPath: path ?? keyPath, message: message)
    }

    func child(_ key: String, _ node: Node) -> YAMLValue {
        YAMLValue(node: node, keyPath: keyPath.isEmpty ? key : "\(keyPath).\(key)", file: file)
    }

    var scalarKind: ScalarKind? {
        guard case let .scalar(scalar) = node else { return nil }
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        if text.wholeMatch(of: /[-+]?[0-9]+/) != nil, let value = Int(text) { return .integer(value) }
        if text.wholeMatch(of: /[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?/) != nil, let value = Double(text) {
            return .number(value)
        }
        return .string(text)
    }

    /// What the node is, for "found ..." in messages.
    var found: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar:
            switch scalarKind {
            case .null: return "nothing (null)"
            case let .bool(value): return value ? "true" : "false"
            case let .integer(value): return "the integer \(value)"
            case let .number(value): return "the number \(CanonicalJSON.format(value))"
            case let .string(value): return "the string \"\(value)\""
            case nil: return "a scalar"
            }
        }
    }

    var isNull: Bool { scalarKind == .null }

    func string(_ expected: String, allowEmpty: Bool = false) throws -> String {
        guard case let .string(value)? = scalarKind, allowEmpty || !value.isEmpty else {
            throw error("expected \(expected), found \(found)")
        }
        return value
    }

    func integer(_ expected: String, atLeast minimum: Int) throws -> Int {
        guard case let .integer(value)? = scalarKind, value >= minimum else {
            throw error("expected \(expected), found \(found)")
        }
        return value
    }

    /// An integer in `range`; the message names the range.
    func integer(_ expected: String, in range: ClosedRange<Int>) throws -> Int {
        guard case let .integer(value)? = scalarKind, range.contains(value) else {
            throw error("expected \(expected) in \(range.lowerBound) ... \(range.upperBound), found \(found)")
        }
        return value
    }

    /// A finite number (an integer is accepted as a number) for which `accept` holds.
    func number(_ expected: String, accept: (Double) -> Bool = { _ in true }) throws -> Double {
        let value: Double
        switch scalarKind {
        case let .integer(integer)?: value = Double(integer)
        case let .number(number)?: value = number
        default: throw error("expected \(expected), found \(found)")
        }
        guard value.isFinite, accept(value) else { throw error("expected \(expected), found \(found)") }
        return value
    }

    func sequence(_ expected: String, allowEmpty: Bool = false) throws -> [YAMLValue] {
        guard case let .sequence(sequence) = node else { throw error("expected \(expected), found \(found)") }
        if sequence.isEmpty && !allowEmpty { throw error("expected \(expected), found an empty list") }
        return sequence.enumerated().map { index, item in
            YAMLValue(node: item, keyPath: "\(keyPath)[\(index)]", file: file)
        }
    }

    /// The entries of a mapping whose keys must all be in `allowed`.
    func mapping(_ expected: String, allowed: [String]) throws -> YAMLMapping {
        guard case let .mapping(mapping) = node else { throw error("expected \(expected), found \(found)") }
        var entries: [(String, YAMLValue)] = []
        for (keyNode, valueNode) in mapping {
            let keyValue = YAMLValue(node: keyNode, keyPath: keyPath, file: file)
            guard case let .string(key)? = keyValue.scalarKind else {
                throw keyValue.error("expected a key name, found \(keyValue.found)")
            }
            guard allowed.contains(key) else {
                let path = keyPath.isEmpty ? key : "\(keyPath).\(key)"
                var message = "unknown key; expected one of: \(allowed.joined(separator: ", "))"
                if let guess = Self.closest(to: key, in: allowed) { message += " (did you mean \(guess)?)" }
                throw keyValue.error(message, keyPath: path)
            }
            entries.append((key, child(key, valueNode)))
        }
        return YAMLMapping(value: self, entries: entries)
    }

    /// A free-form mapping from names to scalars (hyper-parameter overrides).
    func namedScalars(_ expected: String) throws -> [(key: String, value: YAMLValue)] {
        guard case let .mapping(mapping) = node else { throw error("expected \(expected), found \(found)") }
        return try mapping.map { keyNode, valueNode in
            let keyValue = YAMLValue(node: keyNode, keyPath: keyPath, file: file)
            guard case let .string(key)? = keyValue.scalarKind else {
                throw keyValue.error("expected a hyper-parameter name, found \(keyValue.found)")
            }
            return (key, child(key, valueNode))
        }
    }

    /// The allowed key within edit distance 2 of `key`, if exactly one is closest.
    static func closest(to key: String, in allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return scored.filter { $0.1 == best.1 }.count == 1 ? best.0 : nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0 ... b.count)
        for i in 1 ... max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1 ... max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

/// The checked entries of a spec mapping.
struct YAMLMapping {
    let value: YAMLValue
    let entries: [(key: String, value: YAMLValue)]

    func optional(_ key: String) -> YAMLValue? {
        guard let entry = entries.first(where: { $0.key == key }), !entry.value.isNull else { return nil }
        return entry.value
    }

    func required(_ key: String, expected: String) throws -> YAMLValue {
        if let present = optional(key) { return present }
        let path = value.keyPath.isEmpty ? key : "\(value.keyPath).\(key)"
        throw value.error("missing; expected \(expected)", keyPath: path)
    }
}
