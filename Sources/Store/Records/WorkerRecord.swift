import Foundation
internal import GRDB

/// A row of `workers`.
struct WorkerRecord: SnakeCaseRecord {
    static let databaseTableName = "workers"
    var id: String
    var host: String
    var pid: Int64
    var processStart: String?
    var command: String
    var startedAt: Date
    var heartbeatAt: Date
    var exitedAt: Date?
    var sweepPid: Int64?
    var sweepStart: String?

    init(_ worker: WorkerInfo) {
        id = worker.id
        host = worker.host
        pid = Int64(worker.pid)
        processStart = worker.processStart
        command = worker.command
        startedAt = worker.startedAt
        heartbeatAt = worker.heartbeatAt
        exitedAt = worker.exitedAt
        sweepPid = worker.sweepPID.map(Int64.init)
        sweepStart = worker.sweepStart
    }

    var worker: WorkerInfo {
        WorkerInfo(id: id, host: host, pid: Int32(truncatingIfNeeded: pid), processStart: processStart, command: command,
                   startedAt: startedAt, heartbeatAt: heartbeatAt, exitedAt: exitedAt,
                   sweepPID: sweepPid.map { Int32(truncatingIfNeeded: $0) }, sweepStart: sweepStart)
    }
}
