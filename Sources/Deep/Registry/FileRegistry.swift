/// The instrumented files of this process, and how a tracepoint's location finds one.
struct FileRegistry: Sendable {
    let records: [ProbeRecord]
    private let locator: ProbeLocator<ProbeRecord>

    /// A location that names a probe.
    struct Location: Equatable, Sendable {
        let record: ProbeRecord
        let line: Int
        static func == (lhs: Location, rhs: Location) -> Bool { lhs.record.base == rhs.record.base && lhs.line == rhs.line }
    }

    init(records: [ProbeRecord]) {
        self.records = records
        locator = ProbeLocator(records.map { (path: $0.path, probedLines: $0.probedLines, file: $0) })
    }

    /// The probe `path:line` names (see `ProbeLocator`), or why there is none.
    func resolve(path: String, line: Int) -> Result<Location, LocationError> {
        locator.resolve(path: path, line: line).map { Location(record: $0, line: line) }
    }
}
