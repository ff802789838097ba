import ArgumentParser
import DeepModel
import DeepWorkspace
import Foundation

struct ShowCommand: DeepSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one snapshot in full.",
        discussion: """
            ID is a snapshot id as `deep snapshots` prints it, or any unique beginning of one.

            Examples:
              deep show 5e1f0c2a9b7d
              deep show 5e1f --format json
            """)

    @Argument(help: "The snapshot id, or a unique beginning of it.")
    var id: String

    @OptionGroup var output: FormatOption

    func execute() throws(Failure) {
        let matches = try SnapshotsFile(path: ServiceDirectory().snapshotsPath).all().filter { $0.id.hasPrefix(id) }
        guard let snapshot = matches.first else { throw .refused("no snapshot with an id starting `\(id)`") }
        guard matches.count == 1 else {
            throw .refused(
                "`\(id)` begins \(matches.count) snapshot ids: "
                    + matches.prefix(5).map(\.id).joined(separator: ", ") + (matches.count > 5 ? ", …" : "")
                    + "; give more of the id")
        }
        switch output.format {
        case .text: Output.line(SnapshotText.render(snapshot, full: true))
        case .json: Output.line(JSONText.encode(snapshot))
        }
    }
}
