import DeepModel

/// The instrumented files of this process, and how a tracepoint's location finds one.
struct FileRegistry: Sendable {
    let records: [ProbeRecord]
    private let locator: ProbeLocator<ProbeRecord>

    /// A location that names a probe: in one record, or in each copy of the file.
    struct Location: Equatable, Sendable {
        let records: [ProbeRecord]
        let line: Int
        var path: String { records[0].path }
        static func == (lhs: Location, rhs: Location) -> Bool {
            lhs.records.map(\.base) == rhs.records.map(\.base) && lhs.line == rhs.line
        }
    }

    init(records: [ProbeRecord]) {
        self.records = records
        locator = ProbeLocator(records.map { (path: $0.path, probedLines: $0.probedLines, functions: $0.layout.functions, file: $0) })
    }

    /// The probe `path:line` names, or why there is none.
    func resolve(path: String, line: Int) -> Result<Location, LocationError> {
        resolve(Tracepoint(id: "", path: path, line: line))
    }

    /// The probe a tracepoint names (see `ProbeLocator`), or why there is none.
    func resolve(_ tracepoint: Tracepoint) -> Result<Location, LocationError> {
        locator.resolve(tracepoint).map { Location(records: $0.files, line: $0.line) }
    }
}
