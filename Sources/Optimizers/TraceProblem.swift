import Foundation
import LinearAlgebra

/// A least-squares problem for `rite-repro trace`: one optimizer, its hyper-parameters, a constant
/// learning rate, a number of steps, and LoRA pairs with data. The loss is
///
///     sum over pairs of ||X A^T B^T - Y||_F^2 / (2k)
///
/// with `A` of `r x n`, `B` of `m x r`, `X` of `k x n` and `Y` of `k x m` (PEFT layout, scale 1).
/// JSON form:
///
///     {"optimizer": "lora-rite",
///      "hyperparameters": {"lr": 0.01, "beta1": 0.9, ...},
///      "steps": 25,
///      "clip_grad_norm": 1.0,                      (optional: clip raw gradients first, as a trainer would)
///      "pairs": [{"A": [[...]], "B": [[...]], "X": [[...]], "Y": [[...]]}, ...]}
///
/// `lr` is the constant learning rate; every other hyper-parameter goes to the optimizer.
public struct TraceProblem: Sendable, Equatable {
    public var optimizer: String
    /// The optimizer's hyper-parameters as given (without `lr`), already validated.
    public var hyperparameters: Hyperparameters
    public var learningRate: Double
    public var steps: Int
    public var clipGradientNorm: Double?
    public var pairs: [LoRAPair<Double>]
    /// `X` (`k x n`) and `Y` (`k x m`) of each pair.
    public var data: [(inputs: Matrix<Double>, targets: Matrix<Double>)]

    public init(optimizer: String, hyperparameters: Hyperparameters, learningRate: Double, steps: Int,
                clipGradientNorm: Double? = nil, pairs: [LoRAPair<Double>],
                data: [(inputs: Matrix<Double>, targets: Matrix<Double>)]) {
        self.optimizer = optimizer
        self.hyperparameters = hyperparameters
        self.learningRate = learningRate
        self.steps = steps
        self.clipGradientNorm = clipGradientNorm
        self.pairs = pairs
        self.data = data
    }

    public static func == (lhs: TraceProblem, rhs: TraceProblem) -> Bool {
        lhs.optimizer == rhs.optimizer && lhs.hyperparameters == rhs.hyperparameters && lhs.learningRate == rhs.learningRate
            && lhs.steps == rhs.steps && lhs.clipGradientNorm == rhs.clipGradientNorm && lhs.pairs == rhs.pairs
            && lhs.data.count == rhs.data.count
            && zip(lhs.data, rhs.data).allSatisfy { $0.inputs == $1.inputs && $0.targets == $1.targets }
    }

    static let topLevelFields = ["optimizer", "hyperparameters", "steps", "clip_grad_norm", "pairs"]
    static let pairFields = ["A", "B", "X", "Y"]

    /// Decodes and checks a problem; every error names the field (`pairs[1].B`) and what was expected.
    public static func decode(_ json: Data) throws -> TraceProblem {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: json)
        } catch {
            throw TraceError(field: nil, message: "not valid JSON (\(oneLine(error)))")
        }
        guard case let .object(top) = root else {
            throw TraceError(field: nil, message: "expected a JSON object, got \(root.kindDescription)")
        }
        try rejectUnknownFields(top, known: topLevelFields, at: nil)

        guard case let .string(optimizer)? = top["optimizer"] else {
            throw TraceError(field: "optimizer", message: "expected the name of an optimizer (\(OptimizerFactory.names.joined(separator: ", ")))"
                             + (top["optimizer"].map { ", got \($0.kindDescription)" } ?? ", but it is missing"))
        }
        do { _ = try OptimizerFactory.specification(optimizer) } catch let error as OptimizerError {
            throw TraceError(field: "optimizer", message: error.description)
        }

        guard case let .object(rawHyperparameters)? = top["hyperparameters"] else {
            throw TraceError(field: "hyperparameters", message: "expected an object with at least \"lr\""
                             + (top["hyperparameters"].map { ", got \($0.kindDescription)" } ?? ", but it is missing"))
        }
        var hyperparameters = Hyperparameters()
        for key in rawHyperparameters.keys.sorted() {
            let value = rawHyperparameters[key]!
            switch value {
            case let .number(x): hyperparameters[key] = .number(x)
            case let .bool(b): hyperparameters[key] = .flag(b)
            case let .string(s): hyperparameters[key] = .text(s)
            default:
                throw TraceError(field: "hyperparameters.\(key)", message: "expected a number, true/false or a word, got \(value.kindDescription)")
            }
        }
        guard case let .number(learningRate)? = hyperparameters.removeValue(forKey: "lr"), learningRate >= 0 else {
            throw TraceError(field: "hyperparameters.lr", message: "expected the constant learning rate, a number >= 0"
                             + (rawHyperparameters["lr"].map { ", got \(describe($0))" } ?? ", but it is missing"))
        }
        do { _ = try OptimizerFactory.resolve(optimizer, overrides: hyperparameters) } catch let error as OptimizerError {
            throw TraceError(field: "hyperparameters", message: error.description)
        }

        guard case let .number(stepsValue)? = top["steps"], stepsValue >= 0, stepsValue == stepsValue.rounded(), stepsValue <= 1e7 else {
            throw TraceError(field: "steps", message: "expected an integer from 0 to 10000000"
                             + (top["steps"].map { ", got \(describe($0))" } ?? ", but it is missing"))
        }
        var clipGradientNorm: Double?
        if let clip = top["clip_grad_norm"] {
            guard case let .number(value) = clip, value > 0 else {
                throw TraceError(field: "clip_grad_norm", message: "expected a number > 0, got \(describe(clip))")
            }
            clipGradientNorm = value
        }

        guard case let .array(rawPairs)? = top["pairs"], !rawPairs.isEmpty else {
            throw TraceError(field: "pairs", message: "expected a non-empty array of pairs"
                             + (top["pairs"].map { ", got \(describe($0))" } ?? ", but it is missing"))
        }
        var pairs: [LoRAPair<Double>] = []
        var data: [(inputs: Matrix<Double>, targets: Matrix<Double>)] = []
        for (i, rawPair) in rawPairs.enumerated() {
            let field = "pairs[\(i)]"
            guard case let .object(object) = rawPair else {
                throw TraceError(field: field, message: "expected an object with A, B, X and Y, got \(rawPair.kindDescription)")
            }
            try rejectUnknownFields(object, known: pairFields, at: field)
            let a = try TraceMatrixReader(field: field + ".A").read(object["A"], rows: nil, cols: nil)
            let x = try TraceMatrixReader(field: field + ".X").read(object["X"], rows: nil, cols: (a.cols, "A has \(count(a.cols, "column"))"))
            let y = try TraceMatrixReader(field: field + ".Y").read(object["Y"], rows: (x.rows, "X has \(count(x.rows, "row"))"), cols: nil)
            let b = try TraceMatrixReader(field: field + ".B").read(
                object["B"], rows: (y.cols, "Y has \(count(y.cols, "column"))"), cols: (a.rows, "A has \(count(a.rows, "row"))"))
            pairs.append(LoRAPair(a: a, b: b))
            data.append((x, y))
        }
        return TraceProblem(optimizer: optimizer, hyperparameters: hyperparameters, learningRate: learningRate,
                            steps: Int(stepsValue), clipGradientNorm: clipGradientNorm, pairs: pairs, data: data)
    }

    private static func rejectUnknownFields(_ object: [String: JSONValue], known: [String], at field: String?) throws {
        for key in object.keys.sorted() where !known.contains(key) {
            throw TraceError(field: field.map { "\($0).\(key)" } ?? key,
                             message: "unknown field; expected only \(known.joined(separator: ", "))")
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        if case let .number(x) = value { return jsonNumber(x) }
        return value.kindDescription
    }

    private static func oneLine(_ error: Error) -> String {
        var text: String
        if case let DecodingError.dataCorrupted(context) = error {
            text = context.debugDescription
            if let underlying = context.underlyingError { text += " " + String(describing: underlying) }
        } else {
            text = String(describing: error)
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// A bad trace problem: the field (`pairs[1].B`, or nil for the document) and what is wrong with it.
public struct TraceError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String?
    public var message: String

    public init(field: String?, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }
}

/// Reads one matrix of a trace problem (an array of rows of numbers), checking it against the shape
/// the other matrices imply; `rows` and `cols` carry the expected size and where it comes from.
struct TraceMatrixReader {
    let field: String

    func read(_ value: JSONValue?, rows: (Int, String)?, cols: (Int, String)?) throws -> Matrix<Double> {
        guard let value else { throw TraceError(field: field, message: "missing") }
        guard case let .array(rawRows) = value else {
            throw TraceError(field: field, message: "expected an array of rows of numbers, got \(value.kindDescription)")
        }
        guard !rawRows.isEmpty else { throw TraceError(field: field, message: "expected at least one row") }
        var numbers: [[Double]] = []
        for (i, rawRow) in rawRows.enumerated() {
            guard case let .array(entries) = rawRow else {
                throw TraceError(field: "\(field)[\(i)]", message: "expected a row (an array of numbers), got \(rawRow.kindDescription)")
            }
            numbers.append(try entries.enumerated().map { j, entry in
                guard case let .number(x) = entry else {
                    throw TraceError(field: "\(field)[\(i)][\(j)]", message: "expected a number, got \(entry.kindDescription)")
                }
                return x
            })
        }
        let width = cols ?? (numbers[0].count, "its first row has \(count(numbers[0].count, "number"))")
        guard width.0 > 0 else { throw TraceError(field: field, message: "expected rows of at least one number") }
        let expected = (rows.map { count($0.0, "row") } ?? "rows") + " of " + count(width.0, "number")
        let hint = " (" + [rows?.1, width.1].compactMap { $0 }.joined(separator: ", ") + ")"
        if let rows, rows.0 != numbers.count {
            throw TraceError(field: field, message: "expected \(expected)\(hint), got \(count(numbers.count, "row"))")
        }
        if let bad = numbers.first(where: { $0.count != width.0 }) {
            throw TraceError(field: field, message: "expected \(expected)\(hint), got a row of \(bad.count)")
        }
        return Matrix(numbers)
    }
}

/// "1 row", "3 rows".
private func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
