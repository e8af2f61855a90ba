import Optimizers
import Foundation
import RiteCore
import Training
import Yams

/// Decodes an experiment spec strictly: an unknown key, a wrong type, an unknown optimizer, task
/// or preset, an empty list, a learning rate <= 0, an inverted range, a duplicate grid value or a
/// rejected hyper-parameter is a `SpecError` with the file, line, column, key path and what was
/// expected. The spec is read from Yams nodes (not `Codable`) to keep their marks.
public enum SpecDecoder {
    static let rootKeys = ["name", "description", "preset", "tasks", "optimizers", "ranks", "learning_rates",
                           "seeds", "training", "selection"]
    static let trainingKeys = ["steps", "batch", "warmup", "schedule", "eval_every", "alpha", "targets", "eval_cap",
                               "clip_grad_norm"]
    static let selectionKeys = ["split", "metric", "search", "goal"]

    /// Reads and decodes the spec file at `path`.
    public static func load(path: String, vocabulary: SpecVocabulary) throws -> ExperimentSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpecError(file: path, line: 0, column: 0, keyPath: "", message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecError(file: path, line: 0, column: 0, keyPath: "", message: "the file is not UTF-8 text")
        }
        return try decode(text: text, file: path, vocabulary: vocabulary)
    }

    /// Decodes spec `text`; `file` is only used in messages and recorded as the source.
    public static func decode(text: String, file: String, vocabulary: SpecVocabulary) throws -> ExperimentSpec {
        let root = YAMLValue(node: try parse(text: text, file: file), keyPath: "", file: file)
        let fields = try root.mapping("a mapping of experiment settings", allowed: rootKeys)

        let nameValue = try fields.required("name", expected: "the experiment's name")
        let name = try nameValue.string("a name of lowercase letters, digits, '.', '_' or '-'")
        guard name.wholeMatch(of: /[a-z0-9][a-z0-9._-]*/) != nil else {
            throw nameValue.error("expected a name of lowercase letters, digits, '.', '_' or '-', found \(nameValue.found)")
        }
        let description = try fields.optional("description").map { try $0.string("a text", allowEmpty: true) } ?? ""
        let preset = try known(fields.required("preset", expected: "a model preset"), kind: "preset",
                               among: vocabulary.presets)
        let tasks = try unique(try fields.required("tasks", expected: "a list of task names")
            .sequence("a list of task names")
            .map { ($0, try known($0, kind: "task", among: vocabulary.tasks)) })
        let optimizers = try unique(try fields.required("optimizers", expected: "a list of optimizers")
            .sequence("a list of optimizers (names, or mappings with name and hyperparameters)")
            .map { ($0, try optimizer($0, vocabulary: vocabulary)) })
        let widest = vocabulary.presetWidths[preset]
        let rankExpected = widest == nil ? "a LoRA rank"
            : "a LoRA rank (at most the width of the \(preset) preset's q, k, v, o projections)"
        let ranks = try unique(try (fields.optional("ranks")?.sequence("a list of LoRA ranks") ?? [])
            .map { ($0, try $0.integer(rankExpected, in: 1 ... (widest ?? Int.max))) })
        if ranks.isEmpty, let widest, widest < 16 {
            throw root.error("the default rank 16 is more than the width \(widest) of the \(preset) preset's projections; "
                + "expected ranks to be set", keyPath: "ranks")
        }
        let learningRates = try learningRates(fields.required("learning_rates", expected: "a list of learning rates, or a range"))
        let seedsNode = fields.optional("seeds")
        let seeds = try unique(try (seedsNode?.sequence("a list of seeds") ?? [])
            .map { ($0, try $0.integer("a seed", in: SpecLimits.seedValues)) })
        if let seedsNode, seeds.count > SpecLimits.seeds {
            throw seedsNode.error("expected at most \(SpecLimits.seeds) seeds, found \(seeds.count)")
        }
        let training = try fields.optional("training").map(trainingSettings) ?? TrainingSettings()
        let selectionNode = fields.optional("selection")
        var selection = try selectionNode.map(selectionRule) ?? SelectionRule()
        try checkSelection(&selection, node: selectionNode, root: root, tasks: tasks, vocabulary: vocabulary)
        let runs = max(seeds.count, 1) * tasks.count * optimizers.count * max(ranks.count, 1) * learningRates.count
        if runs > SpecLimits.runs {
            throw root.error("the grid has \(runs) runs (seeds x tasks x optimizers x ranks x learning rates); expected at most "
                + "\(SpecLimits.runs): split it into several experiments")
        }

        return ExperimentSpec(
            name: name, description: description, preset: preset, tasks: tasks, optimizers: optimizers,
            ranks: ranks.isEmpty ? [16] : ranks, learningRates: learningRates, seeds: seeds.isEmpty ? [0] : seeds,
            training: training, selection: selection, sourcePath: file, text: text
        )
    }

    private static func parse(text: String, file: String) throws -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        }
        guard let node else {
            throw SpecError(file: file, line: 0, column: 0, keyPath: "", message: "the file is empty; expected a mapping of experiment settings")
        }
        return node
    }

    private static func yamlError(_ error: YamlError, file: String) -> SpecError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return SpecError(file: file, line: mark.line, column: mark.column, keyPath: "", message: "not valid YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return SpecError(file: file, line: context.mark.line, column: context.mark.column,
                             keyPath: duplicates.joined(separator: ", "), message: "duplicate key")
        default:
            return SpecError(file: file, line: 0, column: 0, keyPath: "", message: "not valid YAML: \(error)")
        }
    }

    private static func known(_ value: YAMLValue, kind: String, among names: [String]) throws -> String {
        let name = try value.string("a \(kind) name")
        guard names.contains(name) else {
            throw value.error("unknown \(kind) \"\(name)\"; expected one of: \(names.joined(separator: ", "))")
        }
        return name
    }

    /// The values in order, refusing a value that appears twice (at its second occurrence).
    private static func unique<T: Equatable>(_ items: [(YAMLValue, T)]) throws -> [T] {
        var seen: [T] = []
        for (node, item) in items {
            if seen.contains(item) { throw node.error("duplicate value; each value may appear once") }
            seen.append(item)
        }
        return seen
    }

    private static func optimizer(_ value: YAMLValue, vocabulary: SpecVocabulary) throws -> OptimizerChoice {
        let nameValue: YAMLValue
        var overrides: [(key: String, value: YAMLValue)] = []
        var hyperNode: YAMLValue?
        if case .mapping = value.node {
            let fields = try value.mapping("an optimizer", allowed: ["name", "hyperparameters"])
            nameValue = try fields.required("name", expected: "an optimizer name")
            hyperNode = fields.optional("hyperparameters")
            overrides = try hyperNode?.namedScalars("a mapping of hyper-parameter names to values") ?? []
        } else {
            nameValue = value
        }
        let name = try known(nameValue, kind: "optimizer", among: vocabulary.optimizers)
        var given: [String: HyperparameterValue] = [:]
        for (key, node) in overrides { given[key] = try hyperValue(node) }
        do {
            return OptimizerChoice(name: name, hyperparameters: try vocabulary.resolveHyperparameters(name, given))
        } catch {
            let message = ErrorText.describe(error)
            // Point at the one override the message names, if it names exactly one.
            let named = overrides.filter { mentions(message, word: $0.key) }
            let place = named.count == 1 ? named[0].value : (hyperNode ?? value)
            throw place.error(message, keyPath: named.count == 1 ? named[0].value.keyPath
                : (hyperNode?.keyPath ?? value.keyPath))
        }
    }

    /// An optimizer named outside a spec (`rite-repro run --optimizer O --set key=value ...`): each
    /// override's value is read as the YAML of a value in a spec's `hyperparameters` mapping (`0.99`
    /// a number, `true` a flag, `paper` or `"0.99"` a text) and checked by the same code; errors
    /// name `source` and the key path `hyperparameters.KEY`.
    static func optimizer(named name: String, overrides: [(key: String, value: String)], vocabulary: SpecVocabulary,
                          source: String) throws -> OptimizerChoice {
        let hyperparameters = Node.Mapping(try overrides.map { key, text in
            do {
                let value = try Yams.compose(yaml: text) ?? Node("", .implicit, .plain)
                // Without its mark: a line and column of the flag's text would mislead.
                guard case let .scalar(scalar) = value else { return (Node(key), value) }
                return (Node(key), Node(scalar.string, .implicit, scalar.style))
            } catch {
                throw SpecError(file: source, line: 0, column: 0, keyPath: "hyperparameters.\(key)", message: "not valid YAML: \(error)")
            }
        })
        let node = Node.mapping(Node.Mapping([(Node("name"), Node(name)), (Node("hyperparameters"), .mapping(hyperparameters))]))
        return try optimizer(YAMLValue(node: node, keyPath: "", file: source), vocabulary: vocabulary)
    }

    /// Whether `text` contains `word` not as part of a longer identifier.
    static func mentions(_ text: String, word: String) -> Bool {
        let characters = Array(text), target = Array(word)
        guard !target.isEmpty, characters.count >= target.count else { return false }
        func isIdentifier(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        for start in 0 ... characters.count - target.count where Array(characters[start ..< start + target.count]) == target {
            let before = start == 0 || !isIdentifier(characters[start - 1])
            let after = start + target.count == characters.count || !isIdentifier(characters[start + target.count])
            if before && after { return true }
        }
        return false
    }

    private static func hyperValue(_ value: YAMLValue) throws -> HyperparameterValue {
        switch value.scalarKind {
        case let .integer(integer)?: return .number(Double(integer))
        case let .number(number)? where number.isFinite: return .number(number)
        case let .bool(flag)?: return .flag(flag)
        case let .string(text)?: return .text(text)
        default: throw value.error("expected a finite number, true/false or a text, found \(value.found)")
        }
    }

    private static func learningRates(_ value: YAMLValue) throws -> [Double] {
        let maximum = SpecLimits.learningRateMaximum
        let positive = "a learning rate in (0, \(String(format: "%g", maximum))]"
        let accept = { (rate: Double) in rate > 0 && rate <= maximum }
        if case .mapping = value.node {
            let fields = try value.mapping("a range with from, to and grid", allowed: ["from", "to", "grid"])
            let fromValue = try fields.required("from", expected: "the smallest learning rate")
            let toValue = try fields.required("to", expected: "the largest learning rate")
            let from = try fromValue.number(positive, accept: accept)
            let to = try toValue.number(positive, accept: accept)
            guard from <= to else {
                throw toValue.error("inverted range: expected a value >= from (\(CanonicalJSON.format(from))), found \(toValue.found)")
            }
            var mantissas = [1, 2, 5]
            if let gridValue = fields.optional("grid") {
                let expected = "a grid such as \"1-2-5\" (increasing digits 1 to 9, separated by dashes)"
                guard let parsed = LearningRateGrid.mantissas(named: try gridValue.string(expected)) else {
                    throw gridValue.error("expected \(expected), found \(gridValue.found)")
                }
                mantissas = parsed
            }
            let values = LearningRateGrid(from: from, to: to, mantissas: mantissas).values
            if values.isEmpty { throw value.error("the range holds no point of its grid; expected a wider range") }
            if values.count > SpecLimits.learningRates {
                throw value.error("the range holds \(values.count) learning rates; expected at most \(SpecLimits.learningRates) "
                    + "(a narrower range or a coarser grid)")
            }
            return values
        }
        let list = try value.sequence("a list of learning rates, or a range with from, to and grid")
        if list.count > SpecLimits.learningRates {
            throw value.error("expected at most \(SpecLimits.learningRates) learning rates, found \(list.count)")
        }
        return try unique(list.map { ($0, try $0.number(positive, accept: accept)) })
    }

    private static func trainingSettings(_ value: YAMLValue) throws -> TrainingSettings {
        let fields = try value.mapping("a mapping of training settings", allowed: trainingKeys)
        var settings = TrainingSettings()
        if let v = fields.optional("steps") { settings.steps = try v.integer("a number of steps", in: SpecLimits.steps) }
        if let v = fields.optional("batch") { settings.batch = try v.integer("a batch size", in: SpecLimits.batch) }
        if let v = fields.optional("warmup") {
            settings.warmup = try v.integer("a number of warm-up steps >= 0", atLeast: 0)
            if settings.warmup >= settings.steps {
                throw v.error("expected fewer warm-up steps than training steps (\(settings.steps)), found \(v.found)")
            }
        } else if settings.warmup >= settings.steps {
            throw value.error("the default warm-up (\(settings.warmup) steps) is not fewer than the training steps "
                + "(\(settings.steps)); expected warmup to be set", keyPath: "\(value.keyPath).warmup")
        }
        if let v = fields.optional("schedule") {
            let expected = "one of: \(TrainingSettings.Schedule.allCases.map(\.rawValue).joined(separator: ", "))"
            guard let schedule = TrainingSettings.Schedule(rawValue: try v.string(expected)) else {
                throw v.error("expected \(expected), found \(v.found)")
            }
            settings.schedule = schedule
        }
        if let v = fields.optional("eval_every") {
            settings.evalEvery = try v.integer("a number of steps (at most training.steps)", in: 1 ... settings.steps)
        }
        if let v = fields.optional("alpha") {
            let maximum = SpecLimits.alphaMaximum
            settings.alpha = try v.number("a LoRA alpha in (0, \(String(format: "%g", maximum))]") { $0 > 0 && $0 <= maximum }
        }
        if let v = fields.optional("targets") {
            let expected = "one of: q, k, v, o"
            let targets = try unique(try v.sequence("a list of projections among q, k, v, o").map { item in
                guard let target = TrainingSettings.Target(rawValue: try item.string(expected)) else {
                    throw item.error("expected \(expected), found \(item.found)")
                }
                return (item, target)
            })
            settings.targets = TrainingSettings.Target.allCases.filter(targets.contains)
        }
        if let v = fields.optional("eval_cap") { settings.evalCap = try v.integer("a number of examples", in: SpecLimits.evalCap) }
        if let v = fields.optional("clip_grad_norm") {
            let expected = "a gradient norm > 0, none, or optimizer (the optimizer's reference trainer's choice)"
            switch v.scalarKind {
            case let .string(word)? where word == "none":
                settings.clipGradNorm = nil
                settings.clipGradNormFollowsOptimizer = false
            case let .string(word)? where word == "optimizer":
                settings.clipGradNormFollowsOptimizer = true
            default:
                settings.clipGradNorm = try v.number(expected) { $0 > 0 }
                settings.clipGradNormFollowsOptimizer = false
            }
        }
        return settings
    }

    private static func selectionRule(_ value: YAMLValue) throws -> SelectionRule {
        let fields = try value.mapping("a mapping with split, metric, search and goal", allowed: selectionKeys)
        var rule = SelectionRule()
        if let v = fields.optional("split") { rule.split = try v.string("a split name such as dev") }
        if let v = fields.optional("metric") {
            if case .mapping = v.node {
                for (task, node) in try v.namedScalars("a mapping from task names to metric names") {
                    rule.metricsByTask[task] = try node.string("a metric name such as exact_match")
                }
            } else {
                rule.metric = try v.string("a metric name such as accuracy, or a mapping from task names to metric names")
            }
        }
        if let v = fields.optional("search") {
            let expected = "one of: \(SelectionRule.Search.allCases.map(\.rawValue).joined(separator: ", "))"
            guard let search = SelectionRule.Search(rawValue: try v.string(expected)) else {
                throw v.error("expected \(expected), found \(v.found)")
            }
            rule.search = search
        }
        if let v = fields.optional("goal") {
            let expected = "one of: max, min"
            guard let goal = SelectionRule.Goal(rawValue: try v.string(expected)) else {
                throw v.error("expected \(expected), found \(v.found)")
            }
            rule.goal = goal
        }
        return rule
    }

    /// Every task of the spec must score `selection.split` with the metric the rule selects on:
    /// a rule naming a metric a task does not produce would never find a score (no phase 2, and
    /// noticed only after phase 1). Tasks the vocabulary has no scores for are not checked. A spec
    /// that names no metric selects each task on its own (`TaskScores.selection`), filled in here.
    private static func checkSelection(_ rule: inout SelectionRule, node: YAMLValue?, root: YAMLValue, tasks: [String],
                                       vocabulary: SpecVocabulary) throws {
        let fields = try node?.mapping("a mapping with split, metric, search and goal", allowed: selectionKeys)
        let place = { (key: String) -> YAMLValue in fields?.optional(key) ?? node ?? root }
        let path = { (key: String) in "selection.\(key)" }
        if let metricNode = fields?.optional("metric"), case let .mapping(mapping) = metricNode.node {
            for (keyNode, _) in mapping {
                let key = YAMLValue(node: keyNode, keyPath: metricNode.keyPath, file: metricNode.file)
                if case let .string(task)? = key.scalarKind, !tasks.contains(task) {
                    throw key.error("\(task) is not a task of this spec; expected one of: \(tasks.joined(separator: ", "))",
                                    keyPath: "\(metricNode.keyPath).\(task)")
                }
            }
            if let missing = tasks.first(where: { rule.metricsByTask[$0] == nil }) {
                throw metricNode.error("no metric for task \(missing); expected one for each task: \(tasks.joined(separator: ", "))")
            }
        }
        for task in tasks {
            guard let scores = vocabulary.taskScores[task] else { continue }
            if rule.metric == nil && rule.metricsByTask[task] == nil { rule.metricsByTask[task] = scores.selection }
            if !scores.splits.contains(rule.split) {
                throw place("split").error("task \(task) is not scored on a split \"\(rule.split)\"; expected one of: "
                    + scores.splits.joined(separator: ", "), keyPath: path("split"))
            }
            let metric = rule.metric(for: task)
            if !scores.metrics.contains(metric) {
                let given = fields?.optional("metric")
                var message = given == nil
                    ? "not given, and the default \(metric) is not a metric of task \(task)"
                    : "\(metric) is not a metric of task \(task)"
                message += "; expected one of: \(scores.metrics.joined(separator: ", "))"
                if let guess = YAMLValue.closest(to: metric, in: scores.metrics) { message += " (did you mean \(guess)?)" }
                let keyPath = rule.metricsByTask[task] != nil ? "selection.metric.\(task)" : path("metric")
                let located = given.flatMap { node -> YAMLValue? in
                    guard case let .mapping(mapping) = node.node else { return node }
                    return mapping.first(where: { $0.key.string == task }).map { node.child(task, $0.value) }
                } ?? place("metric")
                throw located.error(message, keyPath: keyPath)
            }
        }
    }
}
