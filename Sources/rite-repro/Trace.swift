import ArgumentParser
import Foundation
import Optimizers

/// `rite-repro trace PROBLEM.json`: optimizer conformance. Runs one optimizer on a least-squares
/// problem in Double precision and prints the trajectory as JSON on standard output.
struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one optimizer on a least-squares problem and print its trajectory as JSON.",
        discussion: """
        The problem (JSON) names the optimizer, its hyper-parameters with "lr" as the constant learning rate, the number of steps, an optional "clip_grad_norm" for the raw gradients, and the pairs {"A": r x n, "B": m x r, "X": k x n, "Y": k x m}. The loss is the sum over pairs of ||X A^T B^T - Y||_F^2 / (2k).

        The output is {"steps": [{"step", "loss", "pairs": [{"A", "B"}]}]}: the loss before and the factors after each update, numbers in shortest round-trip form.

        A bad problem exits with status 2, a numerical failure with status 1, each with one line on standard error.
        """
    )

    @Argument(help: "The problem file (JSON), or - for standard input.")
    var problem: String

    func run() throws {
        do {
            let data = try readProblem()
            let steps = try TraceRunner.run(try TraceProblem.decode(data))
            FileHandle.standardOutput.write(Data(TraceRunner.json(steps).utf8))
        } catch let error as TraceError {
            throw fail("\(error)", status: 2)
        } catch let error as TraceStepFailure {
            throw fail("\(error)", status: 1)
        } catch let error as OptimizerError {
            throw fail("\(error)", status: 2)
        }
    }

    private func readProblem() throws -> Data {
        if problem == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: problem))
        } catch {
            throw TraceError(field: nil, message: "cannot read the file")
        }
    }

    /// Writes the one-line error and gives the exit status to throw.
    private func fail(_ message: String, status: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("trace: \(problem): \(message)\n".utf8))
        return ExitCode(status)
    }
}
