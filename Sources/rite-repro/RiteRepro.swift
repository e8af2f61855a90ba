import ArgumentParser
import LinearAlgebra
import RiteCore

/// The `rite-repro` command line: thin subcommands over the library targets.
@main
struct RiteRepro: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rite-repro",
        abstract: "Reproduce \"LoRA Done RITE\" (transformation-invariant LoRA optimization) on one machine.",
        discussion: """
        Experiments are declared in experiments/*.yaml; every run is stored in results/rite.sqlite;
        tables (Markdown) and figures (SVG) are rendered into reports/.
        """,
        version: ToolVersion.current,
        subcommands: [
            Reproduce.self,
            SweepCommand.self,
            StatusCommand.self,
            MergeCommand.self,
            PruneCommand.self,
            StepsCommand.self,
            WorkerCommand.self,
            SlurmCommand.self,
            Trace.self,
            TasksCommand.self,
            Bench.self,
            RunCommand.self,
            TableCommand.self,
            PlotCommand.self,
            ExportCommand.self,
            ClaimsCommand.self,
        ]
    )

    /// Checks the CPU has the instructions the build needs (`BuildCPUCheck`), picks OpenBLAS's
    /// kernels for a CPU it does not recognise (`BLASKernelChoice`), then runs the command.
    static func main() {
        BuildCPUCheck.exitIfUnsupported()
        BLASKernelChoice.reexecuteWithPreferredCoreIfNeeded()
        main(nil)
    }
}
