import ArgumentParser
import Store

/// The `--db` option shared by the commands that read or write the results database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The results database (SQLite).")
    var path: String = ResultStore.defaultPath
}
