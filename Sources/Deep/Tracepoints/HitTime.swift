import Synchronization

/// The monotonic time of a hit, read from the clock (about 20 ns here) only when a decision
/// needs it: a question that a time known to be no later than now settles is answered
/// without it. That earlier time is `HitClock.recent`, which the agent refreshes at each
/// tick; so a hit whose condition is false usually reads no clock at all.
struct HitTime {
    /// No later than now.
    private let earliest: UInt64
    private var read: UInt64?

    init() { earliest = HitClock.recent.load(ordering: .relaxed) }

    /// Now, from the clock the first time.
    mutating func now() -> UInt64 {
        if let read { return read }
        let now = HitClock.monotonicNanoseconds()
        read = now
        return now
    }

    /// Whether now is before `time`, as `now() < time` would say.
    mutating func isBefore(_ time: UInt64) -> Bool {
        time > (read ?? earliest) && now() < time
    }
}
