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

    init(_ worker: WorkerInfo) {
        id = worker.id
        host = worker.host
        pid = Int64(worker.pid)
        processStart = worker.processStart
        command = worker.command
        startedAt = worker.startedAt
        heartbeatAt = worker.heartbeatAt
        exitedAt = worker.exitedAt
    }

    var worker: WorkerInfo {
        WorkerInfo(id: id, host: host, pid: Int32(truncatingIfNeeded: pid), processStart: processStart, command: command,
                   startedAt: startedAt, heartbeatAt: heartbeatAt, exitedAt: exitedAt)
    }
}
