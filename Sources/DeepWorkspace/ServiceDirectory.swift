import DeepModel
import Foundation

/// The files a service's runtime and this command share, found as the runtime finds them
/// (`ServiceFiles`).
package struct ServiceDirectory: Sendable {
    package let tracepointsPath: String
    package let snapshotsPath: String

    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        tracepointsPath = ServiceFiles.tracepointsPath(environment)
        snapshotsPath = ServiceFiles.snapshotsPath(environment)
    }

    package var tracepointsFile: TracepointsFile { TracepointsFile(path: tracepointsPath) }

    /// The status of every process that reported on this tracepoints file, by pid.
    package func processes() -> [ProcessReport] {
        let directory = ServiceFiles.directory(of: tracepointsPath)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter(ServiceFiles.isStatusFile).compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory + "/" + name),
                let status = try? JSONDecoder().decode(ProcessStatus.self, from: data),
                status.tracepointsFile == tracepointsPath
            else { return nil }
            return ProcessReport(status: status, running: !status.exited && kill(status.pid, 0) == 0)
        }.sorted { $0.status.pid < $1.status.pid }
    }
}

/// One process's status file, and whether the process is still there.
package struct ProcessReport: Sendable {
    package let status: ProcessStatus
    package let running: Bool

    package var label: String { "pid \(status.pid) \(status.process)" + (running ? "" : " (not running)") }
}
