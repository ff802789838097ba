import DeepModel

/// Every entry of the tracepoints file beside how it stands in each process that reported:
/// what `deep list` prints and the page shows.
package struct TracepointListing: Encodable, Sendable {
    package struct Row: Encodable, Sendable {
        package var tracepoint: Tracepoint?
        package var id: String
        /// Set for an entry of the tracepoints file that does not decode.
        package var invalid: String?
        /// One per process, in the order of `TracepointListing.processes`.
        package var processes: [ProcessEntry]
    }

    package struct ProcessEntry: Encodable, Sendable {
        package var pid: Int32
        package var process: String
        package var running: Bool
        package var status: TracepointStatus?
    }

    package let rows: [Row]
    package let processes: [ProcessReport]

    /// Reads `directory`'s tracepoints file and status files.
    package init(_ directory: ServiceDirectory) throws(Failure) {
        let processes = directory.processes()
        self.processes = processes
        rows = try directory.tracepointsFile.entries().map { entry -> Row in
            let (tracepoint, id, invalid): (Tracepoint?, String, String?) =
                switch entry {
                case .valid(let tracepoint): (tracepoint, tracepoint.id, nil)
                case .invalid(let id, let message), .excluded(let id, let message): (nil, id, message)
                }
            return Row(
                tracepoint: tracepoint, id: id, invalid: invalid,
                processes: processes.map { report in
                    ProcessEntry(
                        pid: report.status.pid, process: report.status.process, running: report.running,
                        status: report.status.tracepoints.first { $0.id == id })
                })
        }
    }

    /// The rows alone: `deep list --format json` prints this.
    package func encode(to encoder: any Encoder) throws {
        try rows.encode(to: encoder)
    }
}
