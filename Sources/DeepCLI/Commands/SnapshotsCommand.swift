import ArgumentParser
import DeepModel
import DeepWorkspace

struct SnapshotsCommand: DeepSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "Print the snapshots tracepoints took, oldest first.",
        discussion: """
            Each snapshot shows its id, tracepoint, location, function and time, the log line, \
            and the variables as a tree with their types. A mark `… (why)` says what a capture \
            limit left out; <redacted> stands for a secret. `deep show ID` prints one in full \
            (stack frames, thread, process attributes).

            Examples:
              deep snapshots
              deep snapshots --tracepoint big-cart --last 1
              deep snapshots --follow
              deep snapshots --format json | jq '.variables[] | select(.name == "order")'
            """)

    @Flag(help: "Keep printing snapshots as they arrive, until interrupted.")
    var follow = false

    @Option(help: "Only the snapshots of this tracepoint.")
    var tracepoint: String?

    @Option(help: "Only the last N snapshots.")
    var last: Int?

    @OptionGroup var output: FormatOption

    func validate() throws {
        if let last, last < 1 { throw ValidationError("--last must be 1 or more") }
    }

    func execute() throws(Failure) {
        let file = SnapshotsFile(path: ServiceDirectory().snapshotsPath)
        let wanted = { (snapshot: Snapshot) in tracepoint == nil || snapshot.tracepointID == tracepoint }
        if follow {
            file.follow { snapshot in if wanted(snapshot) { print(snapshot) } }
        }
        var snapshots = try file.all().filter(wanted)
        if let last { snapshots = Array(snapshots.suffix(last)) }
        if snapshots.isEmpty, output.format == .text {
            Output.error("no snapshots" + (tracepoint.map { " of `\($0)`" } ?? "") + " yet")
        }
        snapshots.forEach(print)
    }

    private func print(_ snapshot: Snapshot) {
        switch output.format {
        case .text: Output.line(SnapshotText.render(snapshot, full: false) + "\n")
        case .json: Output.line(JSONText.encode(snapshot))
        }
    }
}
