/// A fire's CPU time against the per-hit budget, with as few system calls as it can: the
/// thread's CPU clock is a system call (about 600 ns here), the monotonic clock is not, and
/// a fire's CPU time never exceeds the time it took. So the CPU clock is read at the start,
/// and again only once the monotonic clock says the budget may be spent.
struct FireBudget {
    let nanoseconds: UInt64
    private let start = HitClock.monotonicNanoseconds()
    private let cpuStart = HitClock.threadCPUNanoseconds()

    init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// CPU time used so far, or the elapsed time while that is within the budget.
    func used() -> UInt64 {
        let elapsed = HitClock.monotonicNanoseconds() &- start
        return elapsed <= nanoseconds ? elapsed : HitClock.threadCPUNanoseconds() &- cpuStart
    }

    var isSpent: Bool { used() > nanoseconds }
}
