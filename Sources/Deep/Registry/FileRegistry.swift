import DeepModel

/// The instrumented files of this process, and how a tracepoint's location finds one.
struct FileRegistry: Sendable {
    let records: [ProbeRecord]
    private let locator: ProbeLocator<ProbeRecord>

    /// A location that names a probe: in one record, or in each copy of the file. A
    /// `method_capture` tracepoint also takes the entry's probe, on `entryLine`.
    struct Location: Equatable, Sendable {
        let records: [ProbeRecord]
        let line: Int
        var entryLine: Int? = nil
        var path: String { records[0].path }
        /// The lines whose probes the tracepoint needs on.
        var lines: [Int] { [line] + (entryLine.map { [$0] } ?? []) }
        static func == (lhs: Location, rhs: Location) -> Bool {
            lhs.records.map(\.base) == rhs.records.map(\.base) && lhs.line == rhs.line && lhs.entryLine == rhs.entryLine
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
        locator.resolve(tracepoint).map { Location(records: $0.files, line: $0.line, entryLine: $0.entryLine) }
    }
}
