#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a service's runtime and the `deep` command meet: the tracepoints file
/// (`DEEP_TRACEPOINTS`, default `.deep/tracepoints.json`), the snapshots file
/// (`DEEP_SNAPSHOTS`, default `.deep/snapshots.jsonl`), both relative to the working
/// directory, and one `status-<pid>.json` per process beside the tracepoints file.
package enum ServiceFiles {
    package static func tracepointsPath(_ environment: [String: String]) -> String {
        absolute(environment["DEEP_TRACEPOINTS"] ?? ".deep/tracepoints.json")
    }

    package static func snapshotsPath(_ environment: [String: String]) -> String {
        absolute(environment["DEEP_SNAPSHOTS"] ?? ".deep/snapshots.jsonl")
    }

    package static func statusPath(beside tracepointsPath: String, pid: Int32) -> String {
        directory(of: tracepointsPath) + "/status-\(pid).json"
    }

    /// Whether a file name beside the tracepoints file is a process's status file.
    package static func isStatusFile(_ name: String) -> Bool {
        name.hasPrefix("status-") && name.hasSuffix(".json")
    }

    /// `path` relative to the working directory, made absolute.
    package static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
