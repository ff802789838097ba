import ArgumentParser

@main
struct DeepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deep",
        abstract: "Set tracepoints on running instrumented programs and read what they capture.",
        discussion: """
            Run deep in the directory your service runs in: it reads and writes the same files as \
            the service's runtime, .deep/tracepoints.json and .deep/snapshots.jsonl (or the files \
            DEEP_TRACEPOINTS and DEEP_SNAPSHOTS name). Locations are checked against the probe \
            manifests (deep-manifest.json) found below the current directory, or given with \
            --manifest.

            A session:
              deep set Sources/App/Orders.swift:42 --condition 'order.total > 100'
              deep list
              deep snapshots --follow
              deep delete --all

            Exit codes:
              0   done
              1   refused: an invalid location, condition, template or option value, or an unknown id
              64  a usage error (unknown option, missing argument)
              65  a file is malformed (the tracepoints file, a manifest)
              66  nothing to read: no probe manifest, no snapshots
              74  a file could not be read or written
            """,
        subcommands: [
            SetCommand.self, ListCommand.self, DeleteCommand.self, SnapshotsCommand.self, ShowCommand.self, UICommand.self,
        ])
}
