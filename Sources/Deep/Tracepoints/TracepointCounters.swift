import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Counters and hit-time findings of one tracepoint definition. They outlive table
/// republishes while the definition stays the same, so fire counts carry over.
final class TracepointCounters: Sendable {
    let hits = Atomic<Int>(0)
    let fires = Atomic<Int>(0)
    /// Snapshots dropped because the queue to the sinks was full.
    let drops = Atomic<Int>(0)
    /// Times a quota paused the tracepoint, and the last quota that did.
    let throttled = Atomic<Int>(0)
    let throttledBy = Atomic<Int>(0)
    /// Fires left; -1 for no limit.
    let remaining: Atomic<Int>
    /// Monotonic time of the last fire, for `fire_period_ms`.
    let lastFireNanos = Atomic<UInt64>(0)
    /// Monotonic time before which hits return at once (and the probe may be switched off).
    let pausedUntil = Atomic<UInt64>(0)
    /// Fires in a row that took more than the CPU budget.
    let overruns = Atomic<Int>(0)
    let expired = Atomic<Bool>(false)
    /// The first error found while evaluating at a hit (a condition naming an unknown variable).
    let hitError = AtomicLazyReference<Message>()
    /// Why a quota disabled the tracepoint for good.
    let disabled = AtomicLazyReference<Message>()
    /// Set once `hitError` or `disabled` is: the one word a hit reads to know that neither is.
    let stopped = Atomic<Bool>(false)
    /// Log messages per second, for a tracepoint that takes no snapshot.
    let logRate: RateLimiter
    /// When this process first saw the definition: the start of its default lifetime.
    let firstSeen = Date()
    /// What each of its metrics recorded, in the definition's order.
    let metricTallies: [MetricTally]

    /// Whether the tracepoint will never fire again: completed, expired, disabled by a
    /// quota, or in error (its condition failed at a hit).
    var isFinished: Bool {
        remaining.load(ordering: .relaxed) == 0 || expired.load(ordering: .relaxed) || stopped.load(ordering: .relaxed)
    }

    final class Message: Sendable {
        let text: String
        init(_ text: String) { self.text = text }
    }

    /// Stops the tracepoint for good because its condition failed at a hit.
    func fail(_ text: String) { stop(hitError, text) }

    /// Stops the tracepoint for good because a quota says so.
    func disable(_ text: String) { stop(disabled, text) }

    private func stop(_ reason: borrowing AtomicLazyReference<Message>, _ text: String) {
        _ = reason.storeIfNil(Message(text))
        stopped.store(true, ordering: .releasing)
    }

    init(fireCount: Int, logsPerSecond: Double, metrics: Int = 0) {
        remaining = Atomic(fireCount)
        metricTallies = (0..<metrics).map { _ in MetricTally() }
        logRate = RateLimiter(perSecond: logsPerSecond)
    }
}
