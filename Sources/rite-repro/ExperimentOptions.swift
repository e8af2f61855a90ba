import ArgumentParser
import Foundation
import Report
import Store
import Sweep
import Tasks

/// `--experiment NAME`, shared by `table`, `plot` and `export`: any experiment stored in the
/// database, the paper's or a user's own.
struct ExperimentOptions: ParsableArguments {
    @Option(name: .customLong("experiment"),
            help: ArgumentHelp("A stored experiment (the name in its spec; `rite-repro status` lists them). Repeat for several.",
                               valueName: "name"))
    var names: [String] = []

    var isEmpty: Bool { names.isEmpty }

    func validate() throws {
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw ValidationError("--experiment \(repeated) is given twice; name each experiment once")
        }
    }

    /// The runs of the experiments and their selection rules, read from the database. Each rule is
    /// decoded from the spec text stored with its experiment.
    func input(store: ResultStore) throws -> (input: ExperimentInput, reader: StoreReader) {
        let vocabulary = SpecVocabulary.standard
        var rules: [String: ExperimentSelectionRule] = [:]
        for name in names {
            guard let entry = try store.experiment(named: name) else {
                throw ExperimentNotStored(name: name, stored: try store.experiments().map(\.name), path: store.path)
            }
            let spec = try SpecDecoder.decode(text: entry.specText, file: entry.sourcePath, vocabulary: vocabulary)
            rules[name] = try ExperimentSelectionRule(experiment: name, split: spec.selection.split, metric: spec.selection.metric,
                                                      goal: spec.selection.goal.rawValue, taskMetrics: spec.selection.metricsByTask)
        }
        let reader = StoreReader(store: store)
        let results = try reader.results(experiments: names).results
        var primaryMetrics: [String: String] = [:]
        for task in Set(results.map(\.task)) {
            if let metric = try? TaskCatalog.task(named: task).metrics.first { primaryMetrics[task] = metric.rawValue }
        }
        return (ExperimentInput(experiments: names, results: results, rules: rules, primaryMetrics: primaryMetrics), reader)
    }

    /// A file name for the experiments: their names joined by "+".
    var fileStem: String { names.joined(separator: "+") }
}

/// An experiment asked for is not in the database.
struct ExperimentNotStored: Error, CustomStringConvertible {
    var name: String
    var stored: [String]
    var path: String
    var description: String {
        "experiment \(name) is not in \(path); expected one of: "
            + (stored.isEmpty ? "(none stored yet; rite-repro sweep SPEC stores one)" : stored.joined(separator: ", "))
    }
}

/// Writes `text` to `folder/file`, creating the folder; returns the path.
@discardableResult
func writeReportFile(_ text: String, folder: String, file: String) throws -> String {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = (folder as NSString).appendingPathComponent(file)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    return path
}
