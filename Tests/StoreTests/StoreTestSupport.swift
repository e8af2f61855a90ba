import Foundation
import RiteCore
@testable import Store

func temporaryDatabase() -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder + "/rite.sqlite"
}

func newRun(_ index: Int, steps: Int = 10) -> NewRun {
    NewRun(key: String(format: "%064x", index), configJSON: "{\"index\":\(index)}", preset: "tiny", task: "arc",
           optimizer: index % 2 == 0 ? "adam" : "lora-rite", rank: 16, learningRate: 1e-4 * Double(index + 1), seed: 0, steps: steps)
}

struct AliveProbe: ProcessProbe {
    func startToken(of pid: Int32) -> String? { "t" }
}

let alivePolicy = DeadWorkerPolicy(localHost: "here", probe: AliveProbe())
let stamp = ExecutionStamp(gitCommit: "c0ffee", toolVersion: "0.1.0", host: "here")

func testWorker(_ id: String) -> WorkerInfo {
    WorkerInfo(id: id, host: "here", pid: 1, processStart: "t", command: "test", startedAt: Date(), heartbeatAt: Date())
}

/// A store with experiment `e` holding runs 0..<count, all pending.
func storeWithRuns(_ count: Int, path: String = temporaryDatabase()) throws -> ResultStore {
    let store = try ResultStore(path: path)
    try store.saveExperiment(ExperimentEntry(name: "e", specText: "name: e", specSHA256: "h", sourcePath: "e.yaml", updatedAt: Date()))
    try store.syncMembers(of: "e", planned: (0 ..< count).map { PlannedRun(run: newRun($0), ordinal: $0, phase: 1) }, prunes: { _ in true })
    return store
}

/// Claims the next run as `worker` and finishes it as `completion`, with `steps` step metrics.
@discardableResult
func complete(_ store: ResultStore, worker id: String = "w", _ completion: RunCompletion, steps: Int = 3,
              only key: String? = nil, trainingSeconds: Double? = nil) throws -> String {
    try store.registerWorker(testWorker(id))
    guard let claimed = try store.claimNextRun(of: "e", includes: { key == nil || $0 == key }, worker: testWorker(id),
                                               stamp: stamp, policy: alivePolicy) else { throw StoreError.unknownRun(key: key ?? "") }
    let metrics = (1 ... max(1, steps)).map {
        StepMetric(step: $0, trainLoss: 2 / Double($0), learningRate: 1e-3, aNorm: 1, bNorm: Double($0), aUpdateRatio: 0.1, bUpdateRatio: nil)
    }
    try store.finishRun(claimed.claim, completion: completion, metrics: MetricBatch(steps: steps > 0 ? metrics : []),
                        lastStep: steps, wallSeconds: 2, trainingSeconds: trainingSeconds)
    return claimed.run.key
}
