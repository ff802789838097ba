/// How one tracepoint stands in one process, as the status file reports it.
public struct TracepointStatus: Codable, Equatable, Sendable {
    public enum State: String, Codable, Sendable {
        /// Its probe is enabled and it fires when hit.
        case installed
        /// It cannot fire: `message` says why (location, condition, template, watch).
        case error
        /// It fired `fire_count` times.
        case completed
        /// Its `window_end` has passed.
        case expired
        /// Its `window_start` has not come yet.
        case waiting
    }

    public var id: String
    public var state: State
    public var message: String?
    /// The file the path resolved to.
    public var path: String?
    public var line: Int?
    public var hits: Int
    public var fires: Int
    public var drops: Int

    static func error(_ id: String, _ message: String, line: Int? = nil) -> TracepointStatus {
        TracepointStatus(id: id, state: .error, message: message, path: nil, line: line, hits: 0, fires: 0, drops: 0)
    }
}

/// The status file of one process (`status-<pid>.json` beside the tracepoints file).
public struct ProcessStatus: Codable, Equatable, Sendable {
    public var pid: Int32
    public var process: String
    public var tracepointsFile: String
    public var generation: Int
    /// A problem with the tracepoints file as a whole; the last good set stays installed.
    public var error: String?
    public var exited: Bool
    public var tracepoints: [TracepointStatus]

    enum CodingKeys: String, CodingKey {
        case pid, process, generation, error, exited, tracepoints
        case tracepointsFile = "tracepoints_file"
    }
}
