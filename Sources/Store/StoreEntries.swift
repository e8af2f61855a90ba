import Foundation

/// An experiment as stored: its name and the exact text of the spec it was last swept with.
public struct ExperimentEntry: Sendable, Equatable {
    public var name: String
    public var specText: String
    public var specSHA256: String
    public var sourcePath: String
    public var updatedAt: Date

    public init(name: String, specText: String, specSHA256: String, sourcePath: String, updatedAt: Date) {
        self.name = name
        self.specText = specText
        self.specSHA256 = specSHA256
        self.sourcePath = sourcePath
        self.updatedAt = updatedAt
    }
}

/// A pretrained base checkpoint a run starts from, identified by its file's SHA-256.
public struct BaseCheckpoint: Sendable, Equatable {
    public var preset: String
    public var corpusVersion: String
    public var path: String
    public var sha256: String
    public var createdAt: Date

    public init(preset: String, corpusVersion: String, path: String, sha256: String, createdAt: Date) {
        self.preset = preset
        self.corpusVersion = corpusVersion
        self.path = path
        self.sha256 = sha256
        self.createdAt = createdAt
    }
}

/// A worker process: where it runs and how to tell later whether it is still alive.
public struct WorkerInfo: Sendable, Equatable {
    public var id: String
    public var host: String
    public var pid: Int32
    /// An opaque token that identifies this process among all processes that ever had this pid on
    /// this host (on Linux: the boot id and the start time from `/proc/PID/stat`); `nil` if unknown.
    public var processStart: String?
    public var command: String
    public var startedAt: Date
    public var heartbeatAt: Date
    public var exitedAt: Date?
    /// The sweep that started this worker (its pid and start token on the same host), if any: a
    /// worker that dies while its sweep lives has crashed; one that dies with its sweep was killed.
    public var sweepPID: Int32?
    public var sweepStart: String?

    public init(id: String, host: String, pid: Int32, processStart: String?, command: String,
                startedAt: Date, heartbeatAt: Date, exitedAt: Date? = nil, sweepPID: Int32? = nil, sweepStart: String? = nil) {
        self.id = id
        self.host = host
        self.pid = pid
        self.processStart = processStart
        self.command = command
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.exitedAt = exitedAt
        self.sweepPID = sweepPID
        self.sweepStart = sweepStart
    }
}
