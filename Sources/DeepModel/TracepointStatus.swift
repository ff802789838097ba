/// How one tracepoint stands in one process, as the status file reports it.
public struct TracepointStatus: Codable, Equatable, Sendable {
    public enum State: String, Codable, Sendable {
        /// Its probe is enabled and it fires when hit.
        case installed
        /// It cannot fire: `message` says why (location, condition, template, watch).
        case error
        /// It fired `fire_count` times.
        case completed
        /// Its window has ended (`window_end`, or 24 hours after it was created).
        case expired
        /// Its `window_start` has not come yet.
        case waiting
        /// A quota switched it off: `message` says which.
        case disabled
        /// Its targeting names other processes: `message` says which attribute differs.
        case excluded
    }

    public var id: String
    public var state: State
    public var message: String?
    /// The file the path resolved to.
    public var path: String?
    public var line: Int?
    /// Times the probe called in for it. A throttled tracepoint's probe is switched off
    /// for a while, and hits in that time are not counted.
    public var hits: Int
    public var fires: Int
    /// Snapshots dropped because the queue to the sinks was full.
    public var drops: Int
    /// Times a rate limit paused it.
    public var throttled: Int
    /// What its metrics recorded, when it has any.
    public var metrics: [MetricStatus]?

    package init(
        id: String, state: State, message: String? = nil, path: String? = nil, line: Int? = nil,
        hits: Int = 0, fires: Int = 0, drops: Int = 0, throttled: Int = 0
    ) {
        self.id = id
        self.state = state
        self.message = message
        self.path = path
        self.line = line
        self.hits = hits
        self.fires = fires
        self.drops = drops
        self.throttled = throttled
    }

    package static func error(_ id: String, _ message: String, line: Int? = nil) -> TracepointStatus {
        TracepointStatus(id: id, state: .error, message: message, line: line)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        state = try container.decode(State.self, forKey: .state)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        path = try container.decodeIfPresent(String.self, forKey: .path)
        line = try container.decodeIfPresent(Int.self, forKey: .line)
        hits = try container.decodeIfPresent(Int.self, forKey: .hits) ?? 0
        fires = try container.decodeIfPresent(Int.self, forKey: .fires) ?? 0
        drops = try container.decodeIfPresent(Int.self, forKey: .drops) ?? 0
        throttled = try container.decodeIfPresent(Int.self, forKey: .throttled) ?? 0
        metrics = try container.decodeIfPresent([MetricStatus].self, forKey: .metrics)
    }
}

/// The status file of one process (`status-<pid>.json` beside the tracepoints file).
public struct ProcessStatus: Codable, Equatable, Sendable {
    public var pid: Int32
    public var process: String
    public var tracepointsFile: String
    public var generation: Int
    /// A problem with the tracepoints file (or the server) as a whole; the last good set
    /// stays installed.
    public var error: String?
    /// In fleet mode: the connection to the Deep server.
    public var server: ServerStatus?
    public var exited: Bool
    public var tracepoints: [TracepointStatus]
    /// Output this process could not write (snapshots), and what was lost.
    public var writeErrors: [WriteError]

    package init(
        pid: Int32, process: String, tracepointsFile: String, generation: Int, error: String?,
        server: ServerStatus? = nil, exited: Bool, tracepoints: [TracepointStatus],
        writeErrors: [WriteError] = []
    ) {
        self.pid = pid
        self.process = process
        self.tracepointsFile = tracepointsFile
        self.generation = generation
        self.error = error
        self.server = server
        self.exited = exited
        self.tracepoints = tracepoints
        self.writeErrors = writeErrors
    }

    enum CodingKeys: String, CodingKey {
        case pid, process, generation, error, server, exited, tracepoints
        case tracepointsFile = "tracepoints_file"
        case writeErrors = "write_errors"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pid = try container.decode(Int32.self, forKey: .pid)
        process = try container.decode(String.self, forKey: .process)
        tracepointsFile = try container.decode(String.self, forKey: .tracepointsFile)
        generation = try container.decode(Int.self, forKey: .generation)
        error = try container.decodeIfPresent(String.self, forKey: .error)
        server = try container.decodeIfPresent(ServerStatus.self, forKey: .server)
        exited = try container.decode(Bool.self, forKey: .exited)
        tracepoints = try container.decode([TracepointStatus].self, forKey: .tracepoints)
        writeErrors = try container.decodeIfPresent([WriteError].self, forKey: .writeErrors) ?? []
    }
}

/// Output a sink could not deliver: where, why (the last failure), and how much was lost.
public struct WriteError: Codable, Equatable, Sendable {
    /// What was being written, such as `snapshots to /srv/.deep/snapshots.jsonl`.
    public var target: String
    /// The last failure, in words.
    public var message: String
    /// Writes that failed, and the snapshots lost with them.
    public var failures: Int
    public var lostSnapshots: Int

    public init(target: String, message: String, failures: Int, lostSnapshots: Int) {
        self.target = target
        self.message = message
        self.failures = failures
        self.lostSnapshots = lostSnapshots
    }

    enum CodingKeys: String, CodingKey {
        case target, message, failures
        case lostSnapshots = "lost_snapshots"
    }
}

/// The connection to a Deep server in fleet mode: polls, snapshots sent, and what went wrong.
public struct ServerStatus: Codable, Equatable, Sendable {
    public enum State: String, Codable, Sendable {
        /// No poll has answered yet.
        case connecting
        /// The last poll was answered.
        case connected
        /// The last poll failed; the next one waits out a backoff.
        case unreachable
    }

    /// `host:port`.
    public var address: String
    public var secure: Bool
    public var state: State
    /// The hash of the last set of tracepoints applied (the server's `current_hash`).
    public var currentHash: String?
    public var polls: Int
    public var failedPolls: Int
    /// The last failure, of a poll or a send, in words.
    public var lastError: String?
    public var snapshotsSent: Int
    /// Snapshots dropped because the queue to the server was full.
    public var snapshotsDropped: Int
    /// Snapshots given up after every attempt to send them failed.
    public var snapshotsFailed: Int

    package init(
        address: String, secure: Bool, state: State, currentHash: String?, polls: Int, failedPolls: Int,
        lastError: String?, snapshotsSent: Int, snapshotsDropped: Int, snapshotsFailed: Int
    ) {
        self.address = address
        self.secure = secure
        self.state = state
        self.currentHash = currentHash
        self.polls = polls
        self.failedPolls = failedPolls
        self.lastError = lastError
        self.snapshotsSent = snapshotsSent
        self.snapshotsDropped = snapshotsDropped
        self.snapshotsFailed = snapshotsFailed
    }

    enum CodingKeys: String, CodingKey {
        case address, secure, state, polls
        case currentHash = "current_hash"
        case failedPolls = "failed_polls"
        case lastError = "last_error"
        case snapshotsSent = "snapshots_sent"
        case snapshotsDropped = "snapshots_dropped"
        case snapshotsFailed = "snapshots_failed"
    }
}
