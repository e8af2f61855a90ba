import Sweep

/// The single wiring point between the command line and the training code: `sweep`, its worker
/// processes and `run` all get their spec vocabulary, run-key context and executor from here.
///
/// Until the training loop (Model + Optimizers + Tasks) is wired in, this refuses, and every
/// command that trains says so and exits with a non-zero status.
enum RunExecutorFactory {
    struct NotWired: Error, CustomStringConvertible {
        var description: String {
            "this build of rite-repro has no run executor wired in yet (the training loop over Model, "
                + "Optimizers and Tasks); nothing was run. Wire it in RunExecutorFactory.backend()."
        }
    }

    static func backend() throws -> SweepBackend {
        throw NotWired()
    }
}
