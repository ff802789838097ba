import Synchronization

/// A lock-free rate limit (the generic cell rate algorithm): one atomic word holding the
/// time the budget is next clear. Taking costs one compare-and-swap. Noncopyable, so that
/// it lives inside its owner and a hit reaches it without a retain.
struct RateLimiter: ~Copyable, Sendable {
    /// Units per second, as configured.
    let rate: Double
    private let nanosPerUnit: UInt64
    /// How far ahead of now the budget may be spent: a one-second burst.
    private let tolerance: UInt64
    private let clearAt = Atomic<UInt64>(0)

    init(perSecond rate: Double) {
        self.rate = rate
        nanosPerUnit = UInt64(max(1, 1_000_000_000 / max(rate, 1e-9)))
        tolerance = 1_000_000_000
    }

    /// Takes `units` at monotonic time `now`; when the budget is spent, returns the time
    /// to try again instead.
    func take(_ units: UInt64 = 1, now: UInt64) -> UInt64? { spend(units, now: now, evenInDebt: false) }

    /// Whether anything is left at `time`, without taking; nil if so, else when to retry.
    /// Reads the clock only when the budget may be spent.
    @inline(__always)
    func available(at time: inout HitTime) -> UInt64? {
        let clear = clearAt.load(ordering: .relaxed)
        // `clear > now + tolerance`, asked as whether now is before `clear - tolerance`.
        guard clear > tolerance, time.isBefore(clear &- tolerance) else { return nil }
        return clear &- tolerance
    }

    /// Spends `units` that were used already (the budget may go into debt).
    func charge(_ units: UInt64, now: UInt64) { _ = spend(units, now: now, evenInDebt: true) }

    private func spend(_ units: UInt64, now: UInt64, evenInDebt: Bool) -> UInt64? {
        var current = clearAt.load(ordering: .relaxed)
        while true {
            if !evenInDebt, let retry = retryTime(current, now: now) { return retry }
            let next = max(current, now) &+ units &* nanosPerUnit
            let (exchanged, original) = clearAt.weakCompareExchange(expected: current, desired: next, ordering: .relaxed)
            if exchanged { return nil }
            current = original
        }
    }

    private func retryTime(_ clear: UInt64, now: UInt64) -> UInt64? {
        clear > now &+ tolerance ? clear &- tolerance : nil
    }
}
