#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the agent gets its tracepoints: the tracepoints file (the default), or a Deep
/// server in fleet mode (`DeepGRPC`).
package protocol TracepointSource: Sendable {
    /// The whole current set, when its version is not `applied` (0: none applied yet).
    /// Called on the agent thread at every tick, so it must not wait on I/O.
    func tracepoints(after applied: Int) -> (version: Int, entries: [TracepointsDocument.Entry])?
    /// What keeps the source from being read now, if anything; the last good set stays
    /// installed meanwhile.
    var problem: String? { get }
    /// The connection to a server, for the status file.
    var server: ServerStatus? { get }
}
