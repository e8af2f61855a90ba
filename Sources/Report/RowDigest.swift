// The digest printed in every caption: SHA-256 over a canonical text of the input rows a table or
// figure was computed from, so a reader can check that two reports come from the same data.
//
// Canonical text: one line per row, fields separated by a tab, lines sorted by their UTF-8 bytes, each
// line ending in "\n". Numbers are Swift's shortest round-trip decimal text (`Double.description`,
// e.g. "0.0002", "2e-05"), integers in decimal, score maps as "metric=value" pairs sorted by metric and
// separated by ",", a missing optional as "-". Tabs, newlines and backslashes inside strings are
// written as "\t", "\n" and "\\".
//   run <key> <experiment> <preset> <task> <optimizer> <rank> <lr> <seed> <status> <dev> <test> <steps/s>
//   curve <key> <metric> <step>=<value>,<step>=<value>,...
//   cost <optimizer> <m> <n> <r> <seconds>
//   speed <preset> <optimizer> <rank> <batch> <seconds> <rounds> <blas> <build> <workload>
import RiteCore

enum RowDigest {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    static func scores(_ scores: [String: Double]) -> String {
        scores.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { escape($0) + "=" + scores[$0]!.description }
            .joined(separator: ",")
    }

    static func line(_ run: RunResult) -> String {
        [
            "run", escape(run.runKey), escape(run.experiment), escape(run.preset), escape(run.task),
            escape(run.optimizer), String(run.rank), run.learningRate.description, String(run.seed),
            run.status.rawValue, scores(run.devScores), scores(run.testScores),
            run.stepsPerSecond?.description ?? "-",
        ].joined(separator: "\t")
    }

    static func line(_ curve: StepSeries) -> String {
        ["curve", escape(curve.runKey), curve.metric.rawValue,
         curve.points.map { "\($0.step)=\($0.value.description)" }.joined(separator: ",")].joined(separator: "\t")
    }

    static func line(_ measurement: StepCostMeasurement) -> String {
        ["cost", escape(measurement.optimizer), String(measurement.m), String(measurement.n), String(measurement.r),
         measurement.seconds.description].joined(separator: "\t")
    }

    static func line(_ speed: TrainingStepSpeed) -> String {
        ["speed", escape(speed.preset), escape(speed.optimizer), String(speed.rank), speed.batch.map(String.init) ?? "-",
         speed.seconds.description, String(speed.rounds), speed.blas.map(escape) ?? "-", speed.build.map(escape) ?? "-",
         speed.workload.map(escape) ?? "-"].joined(separator: "\t")
    }

    /// The canonical text of `lines`: sorted by UTF-8 bytes, each ending in "\n".
    static func canonicalText(_ lines: [String]) -> String {
        lines.map { Array($0.utf8) }
            .sorted { $0.lexicographicallyPrecedes($1) }
            .map { String(decoding: $0, as: UTF8.self) + "\n" }
            .joined()
    }

    /// The lowercase hexadecimal SHA-256 of the canonical text of `lines`.
    static func digest(_ lines: [String]) -> String { SHA256.hex(canonicalText(lines)) }

    static func digest(runs: [RunResult], curves: [StepSeries] = [], measurements: [StepCostMeasurement] = [],
                       speeds: [TrainingStepSpeed] = []) -> String {
        digest(runs.map(line) + curves.map(line) + measurements.map(line) + speeds.map(line))
    }
}
