/// What a tracepoint captured when it fired: one JSON line in the snapshots file.
public struct Snapshot: Codable, Equatable, Sendable {
    /// 32 hex digits, unique per process run.
    public var id: String
    public var tracepointID: String
    /// Wall-clock time of the hit, nanoseconds since 1970.
    public var timestampNanos: UInt64
    /// The original file path, as the probe record names it.
    public var path: String
    public var line: Int
    public var function: String
    /// `name (tid)` of the thread that hit the probe.
    public var thread: String
    /// The parameters and locals in scope (empty when the tracepoint has `snapshot: false`).
    public var variables: [VariableNode]
    public var watches: [WatchResult]
    /// The rendered log template, when the tracepoint has one.
    public var log: String?
    /// The call stack, innermost first; the first frame is the probe's own location.
    public var frames: [Frame]
    public var attributes: [String: String]
    /// Set when the variable limit cut the capture short.
    public var truncated: String?
    /// Time the hitting thread spent on the capture; at a `method_end` tracepoint, the
    /// call's duration.
    public var durationNanos: UInt64?

    package init(
        id: String, tracepointID: String, timestampNanos: UInt64, path: String, line: Int,
        function: String, thread: String, variables: [VariableNode], watches: [WatchResult],
        log: String?, frames: [Frame], attributes: [String: String], truncated: String?,
        durationNanos: UInt64? = nil
    ) {
        self.id = id
        self.tracepointID = tracepointID
        self.timestampNanos = timestampNanos
        self.path = path
        self.line = line
        self.function = function
        self.thread = thread
        self.variables = variables
        self.watches = watches
        self.log = log
        self.frames = frames
        self.attributes = attributes
        self.truncated = truncated
        self.durationNanos = durationNanos
    }

    public struct WatchResult: Codable, Equatable, Sendable {
        public var expression: String
        public var value: VariableNode?
        public var error: String?

        package init(expression: String, value: VariableNode?, error: String? = nil) {
            self.expression = expression
            self.value = value
            self.error = error
        }
    }

    public struct Frame: Codable, Equatable, Sendable {
        public var function: String
        public var path: String?
        public var line: Int?
        /// The loaded image (executable or library) for frames without source location.
        public var image: String?
        public var address: String?

        package init(function: String, path: String? = nil, line: Int? = nil, image: String? = nil, address: String? = nil) {
            self.function = function
            self.path = path
            self.line = line
            self.image = image
            self.address = address
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, path, line, function, thread, variables, watches, log, frames, attributes, truncated
        case tracepointID = "tracepoint_id"
        case timestampNanos = "ts_nanos"
        case durationNanos = "duration_nanos"
    }
}
