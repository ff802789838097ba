import Deep
import DeepModel

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Polls the Deep server for tracepoints every ``DeepServer/pollInterval`` and hands the
/// agent each new set: the agent's tracepoint source in fleet mode.
///
/// A response of type UPDATE replaces the whole set and its hash is sent with the next poll;
/// NO_CHANGE changes nothing. A poll that fails in any way (server down, reset, deadline,
/// a response too big or not decodable) changes nothing either: the last good set stays
/// installed, and the next poll waits out a backoff with jitter.
final class PollLoop: TracepointSource {
    private let connection: ServerConnection
    private let state = Locked(State())
    private let backoff: Backoff

    private struct State {
        var version = 0
        var entries: [TracepointsDocument.Entry] = []
        var currentHash: String?
    }

    init(connection: ServerConnection) {
        self.connection = connection
        let interval = connection.server.pollInterval
        backoff = Backoff(initial: min(interval, .seconds(1)), cap: max(interval, .seconds(60)))
        // The task holds the loop only while a poll runs, so a loop whose configuration is
        // gone stops after its current wait.
        Task.detached { [weak self] in
            var failures = 0
            while let wait = await self?.poll(failures: &failures) {
                try? await Task.sleep(for: wait)
            }
        }
    }

    func tracepoints(after applied: Int) -> (version: Int, entries: [TracepointsDocument.Entry])? {
        state.withLock { $0.version == applied ? nil : ($0.version, $0.entries) }
    }

    var problem: String? {
        let status = connection.currentStatus
        guard status.state == .unreachable, let error = status.lastError else { return nil }
        return "Deep server \(status.address): \(error); keeping the last good set of tracepoints"
    }

    var server: ServerStatus? {
        var status = connection.currentStatus
        status.currentHash = state.withLock { $0.currentHash }
        return status
    }

    /// Polls once; returns how long to wait before the next poll.
    private func poll(failures: inout Int) async -> Duration {
        do {
            try await pollOnce()
            failures = 0
            return connection.server.pollInterval
        } catch {
            failures += 1
            recordFailure(error)
            return backoff.delay(afterFailures: failures)
        }
    }

    private func pollOnce() async throws {
        let hash = state.withLock { $0.currentHash }
        let response = try await connection.poll(currentHash: hash)
        if response.responseType == .update {
            let resource = connection.resource
            let entries = response.response.enumerated().map { position, config in
                TracePointConfigMapping.entry(config, position: position, resource: resource)
            }
            connection.install(response.response)
            state.withLock { state in
                state.entries = entries
                state.currentHash = response.currentHash
                state.version += 1
            }
        }
        let recovered = connection.currentStatus.state == .unreachable
        connection.update { status in
            status.state = .connected
            status.polls += 1
        }
        if recovered { RuntimeLog.notice("reached the Deep server at \(connection.server.address) again") }
    }

    private func recordFailure(_ error: any Error) {
        let text = "poll failed: " + connection.describe(error)
        let wasUp = connection.currentStatus.state != .unreachable
        connection.update { status in
            status.state = .unreachable
            status.failedPolls += 1
            status.lastError = text
        }
        if wasUp {
            RuntimeLog.warning(
                "Deep server \(connection.server.address): \(text); "
                    + "keeping the last good set of tracepoints, retrying with backoff")
        }
    }
}
