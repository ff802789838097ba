import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// The clocks a hit reads, and time arithmetic that saturates instead of trapping.
enum HitClock {
    /// What a probe passes as its `since` when it is not a function's exit that reads one.
    static let untimed = UInt64.max

    /// A monotonic time no later than now, for `HitTime`: set at each of the agent's ticks.
    static let recent = Atomic<UInt64>(0)

    /// Sets `recent` to now. On the agent thread.
    static func noteRecent() { recent.store(monotonicNanoseconds(), ordering: .relaxed) }

    /// Read without a system call (the vDSO), as is the monotonic clock: about 20 ns.
    static func wallNanoseconds() -> UInt64 { read(CLOCK_REALTIME) }
    static func monotonicNanoseconds() -> UInt64 { read(CLOCK_MONOTONIC) }
    /// CPU time of the calling thread: a system call, about 600 ns (`FireBudget` avoids it).
    static func threadCPUNanoseconds() -> UInt64 { read(CLOCK_THREAD_CPUTIME_ID) }

    /// Nanoseconds since 1970; a time past what 64 bits hold (about the year 2554) is the
    /// most they hold.
    static func nanoseconds(_ date: Date) -> UInt64 {
        UInt64(exactly: max(0, date.timeIntervalSince1970 * 1_000_000_000).rounded(.down)) ?? .max
    }

    /// The result of an arithmetic that reported overflow, or the largest value if it did.
    static func saturating(_ result: (partialValue: UInt64, overflow: Bool)) -> UInt64 {
        result.overflow ? .max : result.partialValue
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        let whole = saturating(UInt64(max(0, seconds)).multipliedReportingOverflow(by: 1_000_000_000))
        return saturating(whole.addingReportingOverflow(UInt64(max(0, attoseconds / 1_000_000_000))))
    }

    /// The wall-clock time `duration` from now, as the timed waits of pthreads take it.
    static func realtimeDeadline(after duration: Duration) -> timespec {
        let end = saturating(wallNanoseconds().addingReportingOverflow(nanoseconds(duration)))
        return timespec(tv_sec: Int(end / 1_000_000_000), tv_nsec: Int(end % 1_000_000_000))
    }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
