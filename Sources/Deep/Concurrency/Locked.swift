#if canImport(Glibc)
import Glibc
#endif

/// A value guarded by a pthread mutex. The runtime's locks are these rather than
/// Synchronization's `Mutex`: ThreadSanitizer cannot see inside that one (it waits on a
/// futex), so every value it guards was reported as raced. Uncontended, both cost an atomic
/// compare-exchange to take and one to release. A hit takes one only to count a metric's
/// value (`MetricTally`), after its condition held.
package final class Locked<Value>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: Value

    package init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    package func withLock<Returned, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Returned
    ) throws(Failure) -> Returned {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }

    /// Runs `body` with the value if the lock comes free within `timeout`; nil if it does not
    /// (its holder may be stuck in a write that never ends: see `Agent.flush`).
    package func withLock<Returned>(waitingAtMost timeout: Duration, _ body: (inout Value) -> Returned) -> Returned? {
        var deadline = HitClock.realtimeDeadline(after: timeout)
        guard pthread_mutex_timedlock(mutex, &deadline) == 0 else { return nil }
        defer { pthread_mutex_unlock(mutex) }
        return body(&value)
    }
}
