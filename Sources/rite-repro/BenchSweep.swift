import ArgumentParser
import Foundation
import Sweep

extension Bench {
    /// `rite-repro bench sweep`: the throughput of whole runs. A fixed small experiment (12 tiny
    /// runs with the quick profile's recipe and evaluation) is swept from scratch with 1 and with 2
    /// worker processes, each time in a fresh database, and the command reports runs per core-hour
    /// (runs / (wall time x workers)) and the parallel speed-up; with `--baseline`, another build of
    /// rite-repro sweeps the same experiment in alternation, so the two can be compared under the
    /// same machine load.
    struct SweepThroughput: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "Sweep a fixed 12-run experiment with 1 and 2 workers; print runs per core-hour and the parallel efficiency.",
            discussion: """
            The experiment: tiny preset; openbookqa-style (multiple choice), gsm8k-style (generation) and \
            sni-cause-effect (classification); adam and lora-rite; rates 3e-3 and 1e-2; rank 16; seed 0; 2000 steps, \
            batch 16, 100 warm-up steps, dev scored every 500 steps, at most 250 examples per split. Each measurement \
            sweeps it from nothing in a fresh database (the base models are linked from --base-models, so nothing is \
            pretrained) and times the whole sweep: planning, workers, training, evaluation, the store. Measurements \
            alternate between worker counts (and builds, with --baseline) within each round; medians over rounds are \
            reported with the load average, since other work on the machine slows every measurement. Use a release build.
            """
        )

        @Option(parsing: .upToNextOption, help: "Worker counts to measure.")
        var jobs: [Int] = [1, 2]

        @Option(help: "Rounds (each measures every worker count, and every build with --baseline).")
        var rounds: Int = 1

        @Option(help: "Training steps per run (2000 as the quick profile; fewer for a quick check).")
        var steps: Int = 2000

        @Option(help: "Another rite-repro executable to measure on the same experiment, in alternation (for example a build of an earlier commit).")
        var baseline: String?

        @Option(help: "The folder holding the pretrained base models.")
        var baseModels: String = "results/base-models"

        @Option(help: "Working folder for the experiment and its databases (default: a new temporary folder, removed afterwards).")
        var work: String?

        func validate() throws {
            if jobs.isEmpty || jobs.contains(where: { $0 < 1 }) { throw ValidationError("--jobs must list worker counts of at least 1") }
            if rounds < 1 { throw ValidationError("--rounds must be at least 1, got \(rounds)") }
            if steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
            if let baseline, !FileManager.default.isExecutableFile(atPath: baseline) {
                throw ValidationError("--baseline \(baseline) is not an executable file")
            }
        }

        struct Measurement {
            var build: String
            var jobs: Int
            var wallSeconds: Double
            var cpuSeconds: Double
            var done: Int
            var load: (before: Double, after: Double)
            /// Runs per core-hour: done runs over wall time x workers.
            var runsPerCoreHour: Double { Double(done) / (wallSeconds * Double(jobs) / 3600) }
            /// Runs per hour of CPU time the sweep used (less sensitive to other work on the machine).
            var runsPerCPUHour: Double { Double(done) / (cpuSeconds / 3600) }
        }

        func run() throws {
            let fm = FileManager.default
            let folder = work ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("rite-bench-sweep-\(getpid())")
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { if work == nil { try? fm.removeItem(atPath: folder) } }
            let specPath = (folder as NSString).appendingPathComponent("bench-sweep.yaml")
            try BenchSweepExperiment.spec(steps: steps).write(toFile: specPath, atomically: true, encoding: .utf8)
            // Fail here, not in the first child sweep, if the decoder rejects the experiment.
            _ = try SpecDecoder.decode(text: BenchSweepExperiment.spec(steps: steps), file: specPath, vocabulary: .standard)
            let builds: [(label: String, path: String)] = [("this build", Self.currentExecutable())]
                + (baseline.map { [("baseline", URL(fileURLWithPath: $0).standardizedFileURL.path)] } ?? [])
            print("experiment   \(BenchSweepExperiment.runs) tiny runs, \(steps) steps each, in \(folder)")
            for build in builds { print("build        \(build.label): \(build.path)") }
            print("machine      \(ProcessInfo.processInfo.activeProcessorCount) cores; load averages are over the last minute")
            print("")
            print("round  build       jobs    wall s     CPU s  done  runs/core-hour  runs/CPU-hour  load before/after")
            var measurements: [Measurement] = []
            for round in 1 ... rounds {
                for build in builds {
                    for workers in jobs {
                        let m = try measure(build: build, jobs: workers, folder: folder, spec: specPath, tag: "r\(round)")
                        measurements.append(m)
                        print(String(format: "%5d  %@  %4d  %8.1f  %8.1f  %4d  %14.1f  %13.1f  %.2f / %.2f", round,
                                     m.build.padding(toLength: 10, withPad: " ", startingAt: 0), m.jobs, m.wallSeconds, m.cpuSeconds,
                                     m.done, m.runsPerCoreHour, m.runsPerCPUHour, m.load.before, m.load.after))
                    }
                }
            }
            print("")
            print("medians over \(rounds) round(s):")
            func median(_ values: [Double]) -> Double {
                let sorted = values.sorted(), mid = sorted.count / 2
                return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
            }
            var perCoreHour: [String: [Int: Double]] = [:], perCPUHour: [String: [Int: Double]] = [:]
            for build in builds {
                var wall: [Int: Double] = [:]
                for workers in jobs {
                    let ms = measurements.filter { $0.build == build.label && $0.jobs == workers }
                    wall[workers] = median(ms.map(\.wallSeconds))
                    perCoreHour[build.label, default: [:]][workers] = median(ms.map(\.runsPerCoreHour))
                    perCPUHour[build.label, default: [:]][workers] = median(ms.map(\.runsPerCPUHour))
                    print(String(format: "  %@, %d job(s): %.1f s wall, %.1f runs per core-hour, %.1f per CPU-hour", build.label, workers,
                                 wall[workers]!, perCoreHour[build.label]![workers]!, perCPUHour[build.label]![workers]!))
                }
                if let one = wall[1] {
                    for workers in jobs where workers > 1 {
                        let speedup = one / wall[workers]!
                        print(String(format: "  %@: %d jobs are %.2fx as fast as 1 (parallel efficiency %.0f%%)", build.label, workers, speedup,
                                     100 * speedup / Double(workers)))
                    }
                }
            }
            if builds.count == 2 {
                for workers in jobs {
                    let ratio = perCoreHour[builds[0].label]![workers]! / perCoreHour[builds[1].label]![workers]!
                    let cpuRatio = perCPUHour[builds[0].label]![workers]! / perCPUHour[builds[1].label]![workers]!
                    print(String(format: "  %d job(s): this build does %.2fx the runs per core-hour of the baseline (%.2fx per CPU-hour)",
                                 workers, ratio, cpuRatio))
                }
            }
        }

        /// Sweeps the experiment once from an empty database with `jobs` workers.
        func measure(build: (label: String, path: String), jobs: Int, folder: String, spec: String, tag: String) throws -> Measurement {
            let fm = FileManager.default
            let name = "\(build.label == "baseline" ? "baseline" : "build")-\(jobs)-\(tag)"
            let runFolder = (folder as NSString).appendingPathComponent(name)
            try? fm.removeItem(atPath: runFolder)
            try fm.createDirectory(atPath: (runFolder as NSString).appendingPathComponent("base-models"), withIntermediateDirectories: true)
            for file in (try? fm.contentsOfDirectory(atPath: baseModels)) ?? [] where file.hasSuffix(".ckpt") {
                let source = (baseModels as NSString).appendingPathComponent(file)
                try fm.createSymbolicLink(atPath: (runFolder as NSString).appendingPathComponent("base-models/\(file)"),
                                          withDestinationPath: URL(fileURLWithPath: source).standardizedFileURL.path)
            }
            let log = (runFolder as NSString).appendingPathComponent("sweep.log")
            fm.createFile(atPath: log, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: build.path)
            process.arguments = ["sweep", spec, "--db", (runFolder as NSString).appendingPathComponent("rite.sqlite"), "--jobs", "\(jobs)"]
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = output
            process.standardError = output
            let loadBefore = Self.loadAverage()
            let cpuBefore = Self.childrenCPUSeconds()
            let clock = ContinuousClock(), start = clock.now
            try process.run()
            process.waitUntilExit()
            let elapsed = clock.now - start
            let cpu = Self.childrenCPUSeconds() - cpuBefore
            try output.close()
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            guard process.terminationStatus == 0 else {
                throw ValidationError("\(build.label) sweep with \(jobs) job(s) exited with status \(process.terminationStatus); see \(log)")
            }
            // The sweep's last line: "bench-sweep: 0 pending, 0 running, 12 done, 0 failed, 0 diverged".
            let done = text.split(separator: "\n").last { $0.hasPrefix("bench-sweep:") }.flatMap { line in
                line.split(separator: ",").compactMap { part -> Int? in
                    let words = part.split(separator: " ")
                    guard words.count >= 2, words[words.count - 1] == "done" else { return nil }
                    return Int(words[words.count - 2])
                }.first
            } ?? 0
            return Measurement(build: build.label, jobs: jobs,
                               wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                               cpuSeconds: cpu, done: done, load: (loadBefore, Self.loadAverage()))
        }

        static func currentExecutable() -> String {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        }

        /// The one-minute load average (/proc/loadavg), or NaN where there is none.
        static func loadAverage() -> Double {
            guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
                  let first = text.split(separator: " ").first, let value = Double(first) else { return .nan }
            return value
        }

        /// User and system CPU seconds of the waited-for child processes (and theirs).
        static func childrenCPUSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_CHILDREN.rawValue, &usage)
            func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
            return seconds(usage.ru_utime) + seconds(usage.ru_stime)
        }
    }
}
