/// What one of a tracepoint's metrics has recorded in one process, as the status file
/// reports it: visible whether or not the program bootstrapped a metrics backend.
public struct MetricStatus: Codable, Equatable, Sendable {
    /// The name the backend gets (`namespace_name`).
    public var name: String
    public var type: TracepointMetric.Kind
    /// Values recorded.
    public var recorded: Int
    /// Their sum, and the last of them.
    public var sum: Double
    public var last: Double?
    /// Distinct sets of label values seen.
    public var labelSets: Int
    /// Values not recorded: their labels made a set beyond the limit of distinct sets, or an
    /// expression failed (`error` says how, the last time).
    public var refused: Int
    public var error: String?

    package init(
        name: String, type: TracepointMetric.Kind, recorded: Int, sum: Double, last: Double?,
        labelSets: Int, refused: Int, error: String?
    ) {
        self.name = name
        self.type = type
        self.recorded = recorded
        self.sum = sum
        self.last = last
        self.labelSets = labelSets
        self.refused = refused
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case name, type, recorded, sum, last, refused, error
        case labelSets = "label_sets"
    }
}
