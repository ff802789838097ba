/// How much tracepoints may cost the service, whatever they ask for. A tracepoint that hits
/// a rate limit is paused: its probe is switched off until the budget allows another fire,
/// so a throttled line runs at the cost of a disabled probe.
public struct Quotas: Sendable, Equatable {
    /// Snapshots per second, all snapshot tracepoints together (bursts of up to a second's worth).
    public var snapshotsPerSecond: Double = 20
    /// Log messages per second for each tracepoint that takes no snapshot (as Datadog's log probes).
    public var logsPerSecondPerTracepoint: Double = 5000
    /// Estimated bytes per second of everything tracepoints send, all together.
    public var bytesPerSecond: Double = 1024 * 1024
    /// The CPU time one fire may take on the calling thread (condition, capture, log); a
    /// capture that reaches it stops and is marked.
    public var cpuPerHit: Duration = .milliseconds(5)
    /// Fires in a row over `cpuPerHit` after which the tracepoint is disabled.
    public var overrunsBeforeDisable = 3
    /// The share of one core that evaluating conditions, and the metrics of tracepoints that
    /// only record metrics, may take, all tracepoints together (as Cloud Debugger's 1%); past
    /// it, such a tracepoint is paused.
    public var conditionCPUShare: Double = 0.01
    /// Tracepoints installed at once in this process; the rest are refused with an error.
    public var maxTracepoints = 1000
    /// Tracepoints installed at once on one line.
    public var maxTracepointsPerLine = 20

    public init() {}

    var cpuPerHitNanos: UInt64 { HitClock.nanoseconds(cpuPerHit) }
}

/// The process-wide budgets every tracepoint draws from.
final class SharedBudgets: Sendable {
    let quotas: Quotas
    let snapshots: RateLimiter
    let bytes: RateLimiter
    /// Nanoseconds spent evaluating conditions.
    let conditions: RateLimiter

    init(_ quotas: Quotas) {
        self.quotas = quotas
        snapshots = RateLimiter(perSecond: quotas.snapshotsPerSecond)
        bytes = RateLimiter(perSecond: quotas.bytesPerSecond)
        conditions = RateLimiter(perSecond: quotas.conditionCPUShare * 1_000_000_000)
    }
}
