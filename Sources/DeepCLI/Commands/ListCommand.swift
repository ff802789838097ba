import ArgumentParser
import DeepModel
import DeepWorkspace

struct ListCommand: DeepSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the tracepoints and how each stands in every process that reported.",
        discussion: """
            Each running (or exited) instrumented process writes .deep/status-<pid>.json; below \
            each tracepoint, deep lists one line per process: installed (with the file and line \
            it resolved to), error (and why), completed, expired, waiting, or disabled by a \
            quota. HITS and FIRES add up all processes.

            Examples:
              deep list
              deep list --format json | jq '.[] | select(.processes[].status.state == "error")'
            """)

    @OptionGroup var output: FormatOption

    func execute() throws(Failure) {
        let directory = ServiceDirectory()
        let listing = try TracepointListing(directory)
        let (rows, processes) = (listing.rows, listing.processes)
        switch output.format {
        case .json:
            Output.line(JSONText.encode(listing))
        case .text:
            for report in processes {
                if let server = report.status.server { Output.line("\(report.label): \(Self.describe(server))") }
                if let error = report.status.error { Output.line("\(report.label): \(error)") }
                for failure in report.status.writeErrors {
                    Output.line(
                        "\(report.label): \(failure.message) (\(Self.count(failure.lostSnapshots, "snapshot")) lost in "
                            + "\(Self.count(failure.failures, "failed write")))")
                }
            }
            guard !rows.isEmpty else {
                return Output.line("No tracepoints in \(directory.tracepointsPath). Set one with: deep set FILE:LINE")
            }
            var table = Columns(header: ["ID", "LOCATION", "KIND", "CONDITION", "HITS", "FIRES"])
            var notes: [[String]] = []
            for row in rows {
                let statuses = row.processes.compactMap(\.status)
                table.append([
                    row.id,
                    row.tracepoint?.place ?? "-",
                    row.tracepoint.map(Self.kind) ?? "-",
                    row.tracepoint?.condition ?? "-",
                    String(statuses.reduce(0) { $0 + $1.hits }),
                    String(statuses.reduce(0) { $0 + $1.fires }),
                ])
                notes.append(Self.notes(row, processes: processes))
            }
            Output.line(table.render(notes: notes))
        }
    }

    /// One line on a process's connection to a Deep server (fleet mode).
    static func describe(_ server: ServerStatus) -> String {
        var text = "Deep server \(server.address)\(server.secure ? " (TLS)" : ""): \(server.state.rawValue)"
        text += ", \(server.polls) polls, \(server.failedPolls) failed, \(server.snapshotsSent) snapshots sent"
        if server.snapshotsDropped > 0 { text += ", \(server.snapshotsDropped) dropped (queue full)" }
        if server.snapshotsFailed > 0 { text += ", \(server.snapshotsFailed) not delivered" }
        if let error = server.lastError { text += "; last error: \(error)" }
        return text
    }

    /// `metric orders_priced (counter): 12 recorded, sum 12, last 1`.
    static func describe(_ metric: MetricStatus) -> String {
        var text = "metric \(metric.name) (\(metric.type.rawValue)): \(metric.recorded) recorded"
        if let last = metric.last { text += ", sum \(number(metric.sum)), last \(number(last))" }
        if metric.labelSets > 1 { text += ", \(metric.labelSets) label sets" }
        if metric.refused > 0 { text += ", \(metric.refused) refused (\(metric.error ?? "?"))" }
        return text
    }

    /// `12` for whole numbers, `12.5` otherwise.
    private static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// `1 snapshot`, `3 snapshots`.
    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    static func kind(_ tracepoint: Tracepoint) -> String {
        var parts: [String] = tracepoint.snapshot ? ["snapshot"] : []
        if tracepoint.log != nil { parts.append("log") }
        if !tracepoint.snapshot, !tracepoint.watches.isEmpty { parts.append("watch") }
        if !tracepoint.metrics.isEmpty { parts.append("metric") }
        return parts.joined(separator: "+")
    }

    /// One line per process, under the tracepoint's row.
    private static func notes(_ row: TracepointListing.Row, processes: [ProcessReport]) -> [String] {
        if let invalid = row.invalid { return ["invalid in the tracepoints file: \(invalid)"] }
        guard !processes.isEmpty else {
            return ["no process has reported yet (a program that cannot write its status here says why on its standard error)"]
        }
        return zip(row.processes, processes).map { entry, report in
            guard let status = entry.status else { return "\(report.label): not applied yet" }
            var text = "\(report.label): \(status.state.rawValue)"
            if status.state == .installed, let path = status.path, let line = status.line { text += " at \(path):\(line)" }
            if let message = status.message { text += "; \(message)" }
            if status.drops > 0 { text += "; \(status.drops) snapshots dropped (queue full)" }
            for metric in status.metrics ?? [] { text += "; " + describe(metric) }
            return text
        }
    }
}
