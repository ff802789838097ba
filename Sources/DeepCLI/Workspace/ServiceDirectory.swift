import DeepModel
import Foundation

/// The files a service's runtime and this command share, found the way the runtime finds
/// them: `DEEP_TRACEPOINTS` (default `.deep/tracepoints.json`), `DEEP_SNAPSHOTS` (default
/// `.deep/snapshots.jsonl`), and the `status-<pid>.json` files beside the tracepoints file.
struct ServiceDirectory {
    let tracepointsPath: String
    let snapshotsPath: String

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        tracepointsPath = Self.absolute(environment["DEEP_TRACEPOINTS"] ?? ".deep/tracepoints.json")
        snapshotsPath = Self.absolute(environment["DEEP_SNAPSHOTS"] ?? ".deep/snapshots.jsonl")
    }

    var tracepointsFile: TracepointsFile { TracepointsFile(path: tracepointsPath) }

    /// The status of every process that reported on this tracepoints file, by pid.
    func processes() -> [ProcessReport] {
        let directory = (tracepointsPath as NSString).deletingLastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("status-") && $0.hasSuffix(".json") }.compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory + "/" + name),
                  let status = try? JSONDecoder().decode(ProcessStatus.self, from: data),
                  status.tracepointsFile == tracepointsPath
            else { return nil }
            return ProcessReport(status: status, running: !status.exited && kill(status.pid, 0) == 0)
        }.sorted { $0.status.pid < $1.status.pid }
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// One process's status file, and whether the process is still there.
struct ProcessReport {
    let status: ProcessStatus
    let running: Bool

    var label: String { "pid \(status.pid) \(status.process)" + (running ? "" : " (not running)") }
}
