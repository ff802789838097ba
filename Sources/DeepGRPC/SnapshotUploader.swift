import Deep
import DeepModel

#if canImport(Glibc)
import Glibc
#endif

/// Sends snapshots to the Deep server: the agent hands them over (``write(_:)``, on its own
/// thread, never a probe's), they wait in a bounded queue, and a task sends them one by one.
///
/// When the queue is full a new snapshot is dropped and counted. A send that fails is
/// tried again after a backoff with jitter, three times in all; then the snapshot is given
/// up and counted. Nothing here ever makes the agent or a probe wait.
final class SnapshotUploader: SnapshotSink {
    private let connection: ServerConnection
    private let queue = Locked(Queue())
    private let wake: AsyncStream<Void>.Continuation
    private static let attempts = 3
    private let backoff = Backoff(initial: .milliseconds(500), cap: .seconds(30))

    private struct Queue {
        var waiting: [WireSnapshot] = []
        var sending = false
    }

    init(connection: ServerConnection) {
        self.connection = connection
        let (signals, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        Task.detached { [weak self] in
            for await _ in signals {
                guard let self else { return }
                await self.sendWaiting()
            }
        }
    }

    deinit { wake.finish() }

    func write(_ snapshot: Snapshot) {
        let message = SnapshotEncoding.encode(
            snapshot, tracepoint: connection.config(of: snapshot.tracepointID),
            resource: connection.wireResource)
        let accepted = queue.withLock { queue in
            guard queue.waiting.count < connection.server.queueCapacity else { return false }
            queue.waiting.append(message)
            return true
        }
        if !accepted { connection.update { $0.snapshotsDropped += 1 } }
        wake.yield()
    }

    /// Waits, up to ``DeepServer/exitTimeout``, for the queue to empty.
    func flushAtExit() {
        let deadline = ContinuousClock.now + connection.server.exitTimeout
        while queue.withLock({ !$0.waiting.isEmpty || $0.sending }), ContinuousClock.now < deadline {
            usleep(5_000)
        }
    }

    private func sendWaiting() async {
        var failures = 0
        while let next = queue.withLock({ queue -> WireSnapshot? in
            queue.sending = !queue.waiting.isEmpty
            return queue.waiting.first
        }) {
            do {
                try await connection.send(next)
                failures = 0
                _ = queue.withLock { $0.waiting.removeFirst() }
                connection.update { $0.snapshotsSent += 1 }
            } catch {
                failures += 1
                let text = "send failed: " + connection.describe(error)
                let givenUp = failures >= Self.attempts
                if givenUp {
                    failures = 0
                    _ = queue.withLock { $0.waiting.removeFirst() }
                }
                connection.update { status in
                    status.lastError = text
                    if givenUp { status.snapshotsFailed += 1 }
                }
                try? await Task.sleep(for: backoff.delay(afterFailures: givenUp ? Self.attempts : failures))
            }
        }
    }
}
