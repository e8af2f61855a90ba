import ArgumentParser
import Foundation
import Sweep

/// `rite-repro slurm script|submit EXPERIMENT --array N`: an experiment as a Slurm job array.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run an experiment as a Slurm job array: one shard per array task, then merge.",
        discussion: """
        Each array task sweeps one shard into its own database in --db-folder; when all have finished, \
        rite-repro merge OUT FOLDER/EXPERIMENT-shard-*-of-N.sqlite gives one database. Tasks are \
        requeueable: a preempted task's runs go back to pending and it resumes when it starts again.
        """,
        subcommands: [Script.self, Submit.self]
    )

    struct ArrayOptions: ParsableArguments {
        @Argument(help: "An experiment name (experiments/NAME.yaml) or the path of a spec file.")
        var experiment: String

        @Option(help: "Array tasks, one shard of the grid each.")
        var array: Int

        @Option(help: "CPUs per array task; the task's sweep runs that many workers.")
        var cpusPerTask = 1

        @Option(help: "The folder of the shard databases and of base-models/ (shared by every node).")
        var dbFolder = "results"

        @Option(help: "The Slurm partition (default: the cluster's default).")
        var partition: String?

        @Option(help: "Slurm's time limit per task, for example 2:00:00.")
        var time: String?

        func validate() throws {
            if array < 1 { throw ValidationError("--array must be at least 1, got \(array)") }
            if cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1, got \(cpusPerTask)") }
        }

        /// The array for this experiment (the spec is decoded first: a bad spec is refused here).
        func slurmArray() throws -> SlurmArray {
            let path = ExperimentFiles.path(for: experiment)
            let spec = try SpecDecoder.load(path: path, vocabulary: SpecVocabulary.standard)
            let cwd = FileManager.default.currentDirectoryPath
            let absolute = { (p: String) in p.hasPrefix("/") ? p : (cwd as NSString).appendingPathComponent(p) }
            return SlurmArray(experiment: spec.name, specPath: path, binary: ProcessWorkerLauncher.currentExecutable().path,
                              workingDirectory: cwd, shards: array, cpusPerTask: cpusPerTask, databaseFolder: absolute(dbFolder),
                              partition: partition, timeLimit: time)
        }
    }

    struct Script: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the batch script of the job array (submit it with sbatch).")

        @OptionGroup var options: ArrayOptions

        func run() throws { print(try options.slurmArray().script, terminator: "") }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the base model, write the batch script beside the shard databases, and sbatch it.",
            discussion: "Prints the job id. The base model is pretrained (or checked) here, once, so array tasks never race to make it.")

        @OptionGroup var options: ArrayOptions

        func run() throws {
            let array = try options.slurmArray()
            let spec = try SpecDecoder.load(path: array.specPath, vocabulary: SpecVocabulary.standard)
            let backend = SweepBackend.standard(databasePath: array.shardDatabase(1)) { print($0) }
            _ = try backend.prepareBaseModel?(spec.preset)
            try FileManager.default.createDirectory(atPath: array.databaseFolder, withIntermediateDirectories: true)
            let scriptPath = (array.databaseFolder as NSString).appendingPathComponent("\(array.experiment).sbatch")
            try array.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
            let sbatch = Process()
            sbatch.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            sbatch.arguments = ["sbatch", "--parsable", scriptPath]
            let output = Pipe()
            sbatch.standardOutput = output
            try sbatch.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            sbatch.waitUntilExit()
            guard sbatch.terminationStatus == 0 else {
                throw ValidationError("sbatch \(scriptPath) failed with status \(sbatch.terminationStatus)")
            }
            let job = text.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? text
            print(job)
            FileHandle.standardError.write(Data("""
            submitted \(array.experiment) as job \(job) (\(array.shards) array tasks, script \(scriptPath)); when it has finished:
              rite-repro merge results/rite.sqlite \(array.shardDatabases.joined(separator: " "))\n
            """.utf8))
        }
    }
}
