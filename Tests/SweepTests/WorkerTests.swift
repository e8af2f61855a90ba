import Foundation
import RiteCore
import Store
@testable import Sweep
import Testing
#if canImport(Glibc)
import Glibc
import Training
#endif

/// Claims, heartbeats, dead workers, divergence and failure bookkeeping, with the fake executor.
@Suite struct WorkerTests {
    /// A store holding the small experiment's grid (8 runs), and that grid.
    func prepared(_ specText: String = smallSpecText) throws -> (ResultStore, [GridRun], String) {
        let path = temporaryFolder() + "/rite.sqlite"
        let store = try ResultStore(path: path)
        let spec = try decodeSpec(specText)
        let runs = try SweepGrid(spec: spec, context: testContext()).phaseOne()
        try store.saveExperiment(ExperimentEntry(name: spec.name, specText: spec.text, specSHA256: "h", sourcePath: "s", updatedAt: Date()))
        try store.syncMembers(of: spec.name, planned: runs.map(\.planned), prunes: { _ in true })
        return (store, runs, path)
    }

    func runWorker(_ path: String, executor: any RunExecutor, id: String = "w1", experiment: String = "small") throws -> WorkerSummary {
        let store = try ResultStore(path: path, mode: .existing)
        return try SweepWorker(store: store, identity: worker(id), executor: executor, settings: testSettings(experiment: experiment)).run()
    }

    @Test func workerRunsEverythingWithCompleteMetrics() throws {
        let (store, runs, path) = try prepared()
        let summary = try runWorker(path, executor: FakeExecutor())
        #expect(summary == { var s = WorkerSummary(); s.done = 8; return s }())
        for gridRun in runs {
            let run = try #require(try store.run(key: gridRun.key))
            #expect(run.status == .done && run.attempts == 1 && run.lastStep == 30 && run.workerID == "w1")
            #expect(run.gitCommit == "abc123" && run.toolVersion == "0.1.0" && run.host == "here")
            #expect(run.wallSeconds != nil && run.stepsPerSecond != nil && run.finishedAt != nil)
            let steps = try store.stepMetrics(runKey: gridRun.key)
            #expect(steps.map(\.step) == Array(1 ... 30))
            #expect(steps[4].trainLoss == FakeExecutor.loss(gridRun.run, step: 5))
            let pairs = try store.pairMetrics(runKey: gridRun.key)
            #expect(Set(pairs.map(\.step)) == [1, 10, 20, 30]) // step 1, every eval_every, the last step
            #expect(pairs.count == 8)
            #expect(try store.evaluations(runKey: gridRun.key).map(\.step) == [10, 20, 30])
            #expect(try store.finalScores(runKey: gridRun.key).first { $0.split == "dev" }?.value == FakeExecutor.devAccuracy(gridRun.run))
        }
        #expect(try store.worker(id: "w1")?.exitedAt != nil)
    }

    @Test func concurrentClaimersNeverShareARun() throws {
        let rates = (1 ... 25).map { "\($0)e-4" }.joined(separator: ", ")
        let (store, runs, path) = try prepared(smallSpecText.replacingOccurrences(of: "[1e-4, 1e-3]", with: "[\(rates)]"))
        #expect(runs.count == 100)
        let lock = NSLock()
        nonisolated(unsafe) var claimed: [String] = []
        let threads = 8
        let group = DispatchGroup()
        for index in 0 ..< threads {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    // Each thread has its own connection, as a separate process would.
                    let own = try ResultStore(path: path, mode: .existing)
                    let me = worker("t\(index)")
                    try own.registerWorker(me)
                    let policy = DeadWorkerPolicy(localHost: "here", probe: AlwaysAliveProbe())
                    while let next = try own.claimNextRun(of: "small", includes: { _ in true }, worker: me, stamp: testStamp, policy: policy) {
                        lock.lock(); claimed.append(next.run.key); lock.unlock()
                        try own.finishRun(next.claim, completion: .done(scores: []), metrics: MetricBatch(), lastStep: 0, wallSeconds: 0.001)
                    }
                } catch {
                    Issue.record("claimer \(index) failed: \(error)")
                }
            }.start()
        }
        group.wait()
        #expect(claimed.count == 100)
        #expect(Set(claimed) == Set(runs.map(\.key)))
        #expect(try store.members(of: "small").allSatisfy { $0.run.status == .done && $0.run.attempts == 1 })
    }

    /// A real process stands in for a worker, is killed with SIGKILL mid-run, and its run is
    /// recognised as abandoned by the evidence of /proc, re-queued, and re-run with fresh metrics.
    @Test func runOfAKilledWorkerProcessIsRequeuedAndItsMetricsReplaced() throws {
        let (store, runs, path) = try prepared()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["60"]
        try child.run()
        let probe = LocalProcessProbe()
        let host = LocalProcessProbe.hostName
        let token = try #require(probe.startToken(of: child.processIdentifier))
        let victim = WorkerInfo(id: "victim", host: host, pid: child.processIdentifier, processStart: token, command: "sleep 60",
                                startedAt: Date(), heartbeatAt: Date())
        try store.registerWorker(victim)
        let policy = DeadWorkerPolicy(localHost: host, probe: probe)
        let claimed = try #require(try store.claimNextRun(of: "small", includes: { _ in true }, worker: victim, stamp: testStamp, policy: policy))
        #expect(claimed.run.key == runs[0].key)
        let partial = (1 ... 7).map { StepMetric(step: $0, trainLoss: 99, learningRate: 1, aNorm: 1, bNorm: 1, aUpdateRatio: nil, bUpdateRatio: nil) }
        try store.recordProgress(claimed.claim, metrics: MetricBatch(steps: partial, evaluations: [Evaluation(step: 5, split: "dev", metric: "accuracy", value: 0.1)]), lastStep: 7)

        #expect(try store.requeueAbandonedRuns(policy: policy).isEmpty, "the worker is alive")
        #expect(try store.run(key: claimed.run.key)?.status == .running)

        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        let abandoned = try store.requeueAbandonedRuns(policy: policy)
        #expect(abandoned.map(\.key) == [claimed.run.key])
        #expect(abandoned.first?.evidence == "worker victim (pid \(child.processIdentifier)) is no longer running")
        let requeued = try #require(try store.run(key: claimed.run.key))
        #expect(requeued.status == .pending && requeued.attempts == 1 && requeued.workerID == nil && requeued.lastStep == 0)
        #expect(try store.stepMetrics(runKey: claimed.run.key).isEmpty)
        #expect(try store.evaluations(runKey: claimed.run.key).isEmpty)
        // The victim's late writes are refused.
        #expect(throws: StoreError.claimLost(runKey: claimed.run.key, workerID: "victim", attempt: 1)) {
            try store.recordProgress(claimed.claim, metrics: MetricBatch(steps: partial), lastStep: 8)
        }

        _ = try runWorker(path, executor: FakeExecutor())
        let rerun = try #require(try store.run(key: claimed.run.key))
        #expect(rerun.status == .done && rerun.attempts == 2)
        let steps = try store.stepMetrics(runKey: claimed.run.key)
        #expect(steps.map(\.step) == Array(1 ... 30) && !steps.contains { $0.trainLoss == 99 })
    }

    @Test func reusedPidAndSilentRemoteWorkersAreDead() throws {
        let now = Date()
        let probe = TableProbe(tokens: [100: "boot:500"])
        let policy = DeadWorkerPolicy(localHost: "here", probe: probe, heartbeatTimeout: 300)
        #expect(policy.deathEvidence(of: worker("a", pid: 100, start: "boot:500"), now: now) == nil)
        #expect(policy.deathEvidence(of: worker("b", pid: 100, start: "boot:499"), now: now)
            == "pid 100 of worker b now belongs to another process")
        #expect(policy.deathEvidence(of: worker("c", pid: 101, start: "boot:500"), now: now)
            == "worker c (pid 101) is no longer running")
        // A local worker whose process is alive is not dead while its heartbeat thread beats; silent
        // past the hang timeout (60 s), it is hung: to be stopped, and its run charged.
        #expect(policy.deathEvidence(of: worker("d", pid: 100, start: "boot:500", at: now - 59), now: now) == nil)
        #expect(policy.verdict(on: worker("d", pid: 100, start: "boot:500", at: now - 3600), now: now)
            == WorkerVerdict(evidence: "worker d (pid 100) is alive but has not sent a heartbeat for 3600 s (hung after 60 s)",
                             chargesRun: true, stopPID: 100))
        // Another host cannot be probed: only the heartbeat's age counts.
        #expect(policy.deathEvidence(of: worker("e", host: "far", pid: 7, at: now - 60), now: now) == nil)
        #expect(policy.deathEvidence(of: worker("f", host: "far", pid: 7, at: now - 301), now: now)
            == "worker f on host far has not sent a heartbeat for 301 s (timeout 300 s)")
        #expect(policy.deathEvidence(of: nil, now: now) == "its worker is not recorded")
    }

    @Test func staleStartTimeRequeuesAndCrashesRunOut() throws {
        let (store, runs, _) = try prepared()
        let probe = TableProbe(tokens: [100: "boot:2", 200: "sweep"])
        var policy = DeadWorkerPolicy(localHost: "here", probe: probe)
        policy.maxCrashes = 2
        for attempt in 1 ... 2 {
            // pid 100 now belongs to another process; the worker's sweep (pid 200) is alive, so it crashed.
            var ghost = worker("ghost\(attempt)", pid: 100, start: "boot:1")
            ghost.sweepPID = 200
            ghost.sweepStart = "sweep"
            try store.registerWorker(ghost)
            let alive = DeadWorkerPolicy(localHost: "here", probe: AlwaysAliveProbe())
            let claimed = try #require(try store.claimNextRun(of: "small", includes: { $0 == runs[0].key }, worker: ghost, stamp: testStamp, policy: alive))
            #expect(claimed.claim.attempt == attempt)
            let abandoned = try store.requeueAbandonedRuns(policy: policy)
            #expect(abandoned == [AbandonedRun(key: runs[0].key, evidence: "pid 100 of worker ghost\(attempt) now belongs to another process",
                                               newStatus: attempt < 2 ? .pending : .failed, charged: true)])
        }
        let run = try #require(try store.run(key: runs[0].key))
        #expect(run.status == .failed)
        #expect(run.errorText == "its worker crashed 2 time(s) while running it; last time: pid 100 of worker ghost2 now belongs to another process")
    }

    /// A run whose loss stays at its start finishes `did-not-learn`, with its scores and the reason;
    /// one whose adapter outgrows its frozen weight is `diverged` though its loss looks healthy.
    @Test func didNotLearnAndExplodedAdapterAreRecorded() throws {
        let (store, runs, path) = try prepared()
        let executor = FakeExecutor(behavior: { run in
            switch (run.optimizer.name, run.learningRate, run.seed) {
            case ("adam", 1e-3, 0): .plateau
            case ("adam", 1e-4, 0): .adapterExplodes(step: 7)
            default: .normal
            }
        })
        let summary = try runWorker(path, executor: executor)
        #expect(summary.done == 6 && summary.didNotLearn == 1 && summary.diverged == 1)
        func stored(_ optimizer: String, _ rate: Double, _ seed: Int) throws -> StoredRun {
            let key = try #require(runs.first { $0.run.optimizer.name == optimizer && $0.run.learningRate == rate && $0.run.seed == seed }).key
            return try #require(try store.run(key: key))
        }
        let flat = try stored("adam", 1e-3, 0)
        #expect(flat.status == .didNotLearn)
        #expect(flat.errorText?.hasPrefix("training loss of the last 10 steps") == true, "\(flat.errorText ?? "")")
        #expect(try store.finalScores(runKey: flat.key).count == 2, "a run that did not learn is still scored")
        #expect(try store.stepMetrics(runKey: flat.key).count == 30)
        let exploded = try stored("adam", 1e-4, 0)
        #expect(exploded.status == .diverged && exploded.divergedStep == 7)
        #expect(exploded.errorText == "adapter layer0.q at step 7: ||s B A|| is 1e+06 x the frozen weight's norm (limit 10000)")
        #expect(try stored("adam", 1e-3, 1).status == .done)
    }

    @Test func divergenceAndFailureAreRecordedAndTheWorkerGoesOn() throws {
        let (store, runs, path) = try prepared()
        let executor = FakeExecutor(behavior: { run in
            switch (run.optimizer.name, run.learningRate, run.seed) {
            case ("adam", 1e-3, 0): .explode(step: 15)
            case ("adam", 1e-3, 1): .nan(step: 12)
            case ("adam", 1e-4, 1): .reportDiverged(step: 9)
            case ("lora-rite", 1e-3, 1): .fail(message: "out of memory in the attention layer", step: 5)
            default: .normal
            }
        })
        let summary = try runWorker(path, executor: executor)
        #expect(summary.done == 4 && summary.diverged == 3 && summary.failed == 1)
        func stored(_ optimizer: String, _ rate: Double, _ seed: Int) throws -> StoredRun {
            let key = try #require(runs.first { $0.run.optimizer.name == optimizer && $0.run.learningRate == rate && $0.run.seed == seed }).key
            return try #require(try store.run(key: key))
        }
        let exploded = try stored("adam", 1e-3, 0)
        #expect(exploded.status == .diverged && exploded.divergedStep == 15 && exploded.lastStep == 15)
        #expect(exploded.errorText?.hasPrefix("training loss ") == true)
        #expect(exploded.errorText?.contains("at step 15 exceeds 4.0 x the reference") == true)
        #expect(try store.stepMetrics(runKey: exploded.key).map(\.step) == Array(1 ... 14), "metrics up to the divergence are kept")
        #expect(try store.finalScores(runKey: exploded.key).isEmpty)
        let nan = try stored("adam", 1e-3, 1)
        #expect(nan.status == .diverged && nan.divergedStep == 12 && nan.errorText == "training loss is nan at step 12")
        let reported = try stored("adam", 1e-4, 1)
        #expect(reported.status == .diverged && reported.divergedStep == 9 && reported.errorText == "executor saw trouble")
        let failed = try stored("lora-rite", 1e-3, 1)
        #expect(failed.status == .failed && failed.errorText == "out of memory in the attention layer")
        #expect(try stored("lora-rite", 1e-3, 0).status == .done)

        // --retry-failed sends the failed run (only) back; it then succeeds with fresh metrics.
        #expect(try store.requeueFailedRuns(of: "small", includes: { _ in true }) == 1)
        let again = try #require(try store.run(key: failed.key))
        #expect(again.status == .pending && again.attempts == 0)
        let retry = try runWorker(path, executor: FakeExecutor(), id: "w2")
        #expect(retry.done == 1 && retry.failed == 0)
        let done = try #require(try store.run(key: failed.key))
        #expect(done.status == .done && done.errorText == nil && done.attempts == 1)
        #expect(try store.stepMetrics(runKey: failed.key).map(\.step) == Array(1 ... 30))
        #expect(try stored("adam", 1e-3, 0).status == .diverged, "diverged runs are results, not retried")
    }

    @Test func aWorkerThatLostItsRunWritesNothing() throws {
        let (store, runs, path) = try prepared()
        let slow = worker("slow", pid: 100, start: "t1")
        try store.registerWorker(slow)
        let alive = DeadWorkerPolicy(localHost: "here", probe: AlwaysAliveProbe())
        let first = try #require(try store.claimNextRun(of: "small", includes: { $0 == runs[0].key }, worker: slow, stamp: testStamp, policy: alive))
        // "slow" is judged dead (its pid is gone), the run goes to another worker.
        let dead = DeadWorkerPolicy(localHost: "here", probe: TableProbe(tokens: [:]))
        #expect(try store.requeueAbandonedRuns(policy: dead).count == 1)
        _ = try runWorker(path, executor: FakeExecutor(), id: "fast")
        let scores = try store.finalScores(runKey: runs[0].key)
        #expect(try store.run(key: runs[0].key)?.workerID == "fast")
        // The first worker's late results are refused and change nothing.
        let late = SweepWorker(store: store, identity: slow, executor: FakeExecutor(), settings: testSettings(experiment: "small"))
        #expect(try late.execute(ClaimedRun(claim: first.claim, run: first.run)) == .running)
        #expect(throws: StoreError.claimLost(runKey: runs[0].key, workerID: "slow", attempt: 1)) {
            try store.finishRun(first.claim, completion: .done(scores: []), metrics: MetricBatch(), lastStep: 30, wallSeconds: 1)
        }
        #expect(try store.finalScores(runKey: runs[0].key) == scores)
        #expect(try store.run(key: runs[0].key)?.attempts == 2)
    }

    @Test func heartbeatKeepsBeatingDuringALongStep() throws {
        let (store, _, path) = try prepared(smallSpecText.replacingOccurrences(of: "seeds: [0, 1]", with: "seeds: [0]")
            .replacingOccurrences(of: "[adam, lora-rite]", with: "[adam]").replacingOccurrences(of: "[1e-4, 1e-3]", with: "[1e-4]"))
        let started = Date()
        let beats = NSLock()
        nonisolated(unsafe) var seen: [Date] = []
        let executor = FakeExecutor(beforeStep: { _, step in
            if step == 2 { Thread.sleep(forTimeInterval: 1.0) } // one long step, no sink calls
            if step == 3, let beat = try? ResultStore(path: path, mode: .existing).worker(id: "w1")?.heartbeatAt {
                beats.lock(); seen.append(beat); beats.unlock()
            }
        })
        _ = try runWorker(path, executor: executor)
        // The heartbeat thread (every 0.2 s) beat during the 1 s step, although no metrics were written.
        #expect(seen.count == 1 && seen[0].timeIntervalSince(started) > 0.5)
        #expect(try store.members(of: "small").allSatisfy { $0.run.status == .done })
    }
}

/// The optimizer's report reaches the store with the run's end, whatever the end, and `status`
/// names the runs whose optimizer skipped factors.
extension WorkerTests {
    @Test func reportIsStoredForDoneAndDivergedRunsAndStatusNamesTheRunsWithSkips() throws {
        let (store, runs, path) = try prepared()
        // LoRA-RITE at seed 1 skips two factors at each of steps 1 to 3; adam at 1e-3 seed 0 explodes at step 15.
        var executor = FakeExecutor(behavior: { run in
            run.optimizer.name == "adam" && run.learningRate == 1e-3 && run.seed == 0 ? .explode(step: 15) : .normal
        })
        executor.optimizerSoFar = { run, step in
            var report = OptimizerRunReport()
            for s in 1 ... step { report.skippedFactors.record(run.optimizer.name == "lora-rite" && run.seed == 1 && s <= 3 ? 2 : 0, atStep: s) }
            report.steps = step
            return report
        }
        let summary = try runWorker(path, executor: executor)
        #expect(summary.done == 7 && summary.diverged == 1)
        func key(_ optimizer: String, _ rate: Double, _ seed: Int) throws -> String {
            try #require(runs.first { $0.run.optimizer.name == optimizer && $0.run.learningRate == rate && $0.run.seed == seed }).key
        }
        #expect(try store.optimizerReport(runKey: key("adam", 1e-3, 0))?.steps == 15, "a diverged run keeps the report up to its last step")
        #expect(try store.optimizerReport(runKey: key("adam", 1e-4, 0)) == OptimizerRunReport(steps: 30))
        let skipping = try [key("lora-rite", 1e-4, 1), key("lora-rite", 1e-3, 1)]
        for runKey in skipping {
            #expect(try store.optimizerReport(runKey: runKey)?.skippedFactors
                == OptimizerRunReport.Events(total: 6, steps: 3, firstStep: 1, lastStep: 3))
        }
        let status = try StatusReport.render(store: store, policy: DeadWorkerPolicy(localHost: "here", probe: AlwaysAliveProbe()), problems: 0)
        let listed = skipping.sorted().map { runKey in
            let rate = runKey == skipping[0] ? "0.0001" : "0.001"
            return "    arc lora-rite r16 lr=\(rate) seed=1 [\(runKey.prefix(12))]: skipped 6 factor updates in 3 steps (steps 1-3)"
        }
        #expect(status == """
            small: 8 runs: 0 pending, 0 running, 7 done, 0 failed, 1 diverged, 0 did-not-learn
              optimizer reports: 2 of 8 runs skipped factors, zeroed steps or fell back
            \(listed.joined(separator: "\n"))
            """)
    }

    /// Finished runs without a report (stored before reports were kept) are "not recorded", never
    /// counted as runs without skips; at most `listedRuns` runs are named.
    @Test func statusSaysNotRecordedAndListsAtMostFiveRuns() throws {
        func member(_ index: Int, _ status: RunStatus) -> StoredRun {
            StoredRun(key: String(format: "%064x", index), experiment: "e", configJSON: "{}", preset: "tiny",
                                            task: "arc", optimizer: "shampoo", rank: 4, learningRate: 0.01, seed: index, steps: 9,
                                            status: status, createdAt: Date())
        }
        let members = [member(0, .done), member(1, .failed), member(2, .pending)] + (3 ..< 10).map { member($0, .done) }
        #expect(OptimizerReportText.statusLines(runs: members, reports: [:])
            == ["  optimizer reports: not recorded for 9 of 9 finished runs"])
        var reports: [String: OptimizerRunReport] = [:]
        for index in 3 ..< 10 {
            var report = OptimizerRunReport(steps: 9)
            report.preconditionerFallbacks.record(index, atStep: 4)
            reports[members[index].key] = report
        }
        let lines = OptimizerReportText.statusLines(runs: members, reports: reports)
        #expect(lines.count == 7)
        #expect(lines.first == "  optimizer reports: 7 of 10 runs skipped factors, zeroed steps or fell back; "
            + "not recorded for 2 of 9 finished runs")
        #expect(lines[1].hasSuffix("[\(members[9].key.prefix(12))]: fell back on 9 preconditioners in 1 step (step 4)"),
                "the run with the most events first")
        #expect(lines.last == "    ... and 2 more")
        #expect(OptimizerReportText.line(nil) == "not recorded")
    }
}
