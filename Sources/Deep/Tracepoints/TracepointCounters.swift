import Atomics

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Counters and hit-time findings of one tracepoint definition. They outlive table
/// republishes while the definition stays the same, so fire counts carry over.
final class TracepointCounters: Sendable {
    let hits = ManagedAtomic<Int>(0)
    let fires = ManagedAtomic<Int>(0)
    /// Snapshots dropped because the queue to the sinks was full.
    let drops = ManagedAtomic<Int>(0)
    /// Times a quota paused the tracepoint, and the last quota that did.
    let throttled = ManagedAtomic<Int>(0)
    let throttledBy = ManagedAtomic<Int>(0)
    /// Fires left; -1 for no limit.
    let remaining: ManagedAtomic<Int>
    /// Monotonic time of the last fire, for `fire_period_ms`.
    let lastFireNanos = ManagedAtomic<UInt64>(0)
    /// Monotonic time before which hits return at once (and the probe may be switched off).
    let pausedUntil = ManagedAtomic<UInt64>(0)
    /// Fires in a row that took more than the CPU budget.
    let overruns = ManagedAtomic<Int>(0)
    let expired = ManagedAtomic<Bool>(false)
    /// The first error found while evaluating at a hit (a condition naming an unknown variable).
    let hitError = ManagedAtomicLazyReference<Message>()
    /// Why a quota disabled the tracepoint for good.
    let disabled = ManagedAtomicLazyReference<Message>()
    /// Log messages per second, for a tracepoint that takes no snapshot.
    let logRate: RateLimiter
    /// When this process first saw the definition: the start of its default lifetime.
    let firstSeen = Date()

    final class Message: Sendable {
        let text: String
        init(_ text: String) { self.text = text }
    }

    init(fireCount: Int, logsPerSecond: Double) {
        remaining = ManagedAtomic(fireCount)
        logRate = RateLimiter(perSecond: logsPerSecond)
    }
}
