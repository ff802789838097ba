import ArgumentParser
import DeepWorkspace

struct DeleteCommand: DeepSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete tracepoints by id, or all of them.",
        discussion: """
            Running processes switch the probes off at their next look at the file (every 50 ms \
            by default). Snapshots already taken stay in the snapshots file.

            Examples:
              deep delete tp-3f9a1c
              deep delete tp-3f9a1c big-cart
              deep delete --all
            """)

    @Argument(help: "The ids to delete, as `deep list` shows them.")
    var ids: [String] = []

    @Flag(help: "Delete every tracepoint.")
    var all = false

    func validate() throws {
        guard all != !ids.isEmpty else { throw ValidationError("give the ids to delete, or --all") }
    }

    func execute() throws(Failure) {
        let deleted = try ServiceDirectory().tracepointsFile.delete(all ? nil : ids)
        for id in deleted { Output.line(id) }
        Output.error("deleted \(deleted.count) tracepoint\(deleted.count == 1 ? "" : "s")")
    }
}
