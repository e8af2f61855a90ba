// The metrics, computed as the original benchmarks' scorers compute them.
//
// - Exact match (Super-Natural-Instructions): lowercase, delete ASCII punctuation, collapse
//   whitespace, compare. Their scorer, adapted from SQuAD's, deliberately keeps articles; so do we
//   unless `removingArticles` asks for SQuAD's normalisation.
// - ROUGE-L (Super-Natural-Instructions' default for English): the ROUGE scorer's tokenizer
//   (lowercase; every run of characters other than a-z and 0-9 becomes a space; tokens longer than
//   three characters are Porter-stemmed), then the F-measure of the longest common subsequence:
//   P = LCS / |prediction|, R = LCS / |reference|, F = 2PR / (P + R); 0 if either side is empty.
// - GSM8K: exact match of the final number, taken after the last "####" if the text has one (the
//   strict extraction) or else the last number in the text (the flexible one), commas and a
//   trailing period removed.
// Scores are fractions in [0, 1]; tables multiply by 100.

public enum Scoring {
    /// The version of the scorers and the evaluator's protocol (what is compared, how answers are
    /// extracted and normalised); part of every run key, so a changed metric never reuses a run.
    public static let version = 1

    private static let asciiPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

    public static func normalizeAnswer(_ text: String, removingArticles: Bool = false) -> String {
        let stripped = String(text.lowercased().filter { !asciiPunctuation.contains($0) })
        var words = stripped.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        if removingArticles { words.removeAll { $0 == "a" || $0 == "an" || $0 == "the" } }
        return words.joined(separator: " ")
    }

    public static func exactMatch(prediction: String, reference: String, removingArticles: Bool = false) -> Double {
        normalizeAnswer(prediction, removingArticles: removingArticles) == normalizeAnswer(reference, removingArticles: removingArticles) ? 1 : 0
    }

    /// The ROUGE scorer's tokens of `text`, stemmed.
    public static func rougeTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a" ... "z").contains(scalar) || ("0" ... "9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens.map { $0.utf8.count > 3 ? PorterStemmer.stem($0) : $0 }
    }

    /// Length of the longest common subsequence of two token sequences.
    public static func longestCommonSubsequence<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    public static func rougeL(prediction: String, reference: String) -> Double {
        let p = rougeTokens(prediction), r = rougeTokens(reference)
        guard !p.isEmpty, !r.isEmpty else { return 0 }
        let lcs = Double(longestCommonSubsequence(p, r))
        let precision = lcs / Double(p.count), recall = lcs / Double(r.count)
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }

    /// All numbers in `text` (runs of digits, with inner commas and periods), in order.
    static func numbers(in text: Substring) -> [String] {
        var found: [String] = []
        var current = ""
        var sign = ""
        var previous: Character = " "
        for ch in text {
            if ch.isASCII && ch.isNumber {
                if current.isEmpty { sign = previous == "-" ? "-" : "" }
                current.append(ch)
            } else if (ch == "," || ch == ".") && !current.isEmpty {
                current.append(ch)
            } else if !current.isEmpty {
                found.append(sign + current)
                current = ""
            }
            if !(ch == " " && previous == "-") { previous = ch }
        }
        if !current.isEmpty { found.append(sign + current) }
        return found.map { number in
            var n = number.replacing(",", with: "")
            while n.hasSuffix(".") { n.removeLast() }
            return n
        }
    }

    /// The final answer of a GSM8K-style solution: the first number after the last "####", or else
    /// the last number of the text.
    public static func finalNumber(in text: String) -> String? {
        if let marker = text.ranges(of: "####").last {
            if let first = numbers(in: text[marker.upperBound...]).first { return first }
        }
        return numbers(in: text[...]).last
    }

    public static func finalNumberMatch(prediction: String, reference: String) -> Double {
        guard let expected = finalNumber(in: reference), let got = finalNumber(in: prediction) else { return 0 }
        return got == expected ? 1 : 0
    }
}
