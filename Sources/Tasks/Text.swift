// Small text helpers shared by the generators. Generated text is already in the tokenizer's
// canonical form: lowercase words and punctuation separated by single spaces.

enum Text {
    /// Replaces every `{key}` in `template` by `values[key]`; an unknown key is left as it is, which
    /// the vocabulary tests then catch as an unknown word.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        out.reserveCapacity(template.utf8.count + 16)
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[rest.startIndex ..< open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = String(rest[rest.index(after: open) ..< close])
            out += values[key] ?? "{\(key)}"
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    /// "a" or "an" before `word`.
    static func article(_ word: String) -> String {
        guard let first = word.first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    /// "a cup", "an owl".
    static func indefinite(_ word: String) -> String { "\(article(word)) \(word)" }

    /// Joins a list as "x , y and z".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: " , ") + " and " + items[items.count - 1]
        }
    }

    /// The words of a template, without `{slot}` placeholders (for building the vocabulary).
    static func literalWords(_ template: String) -> [Substring] {
        template.split(separator: " ").filter { !($0.hasPrefix("{") && $0.hasSuffix("}")) }
    }
}
