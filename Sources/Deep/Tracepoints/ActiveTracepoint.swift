import Atomics
import CDeepRuntime

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
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

/// The quotas that can pause a tracepoint, as the status file names them.
enum Throttle: Int {
    case none, snapshotRate, logRate, byteRate, conditionCPU

    func describe(_ quotas: Quotas) -> String {
        switch self {
        case .none: return ""
        case .snapshotRate: return "the process-wide snapshot rate (\(Self.format(quotas.snapshotsPerSecond))/s)"
        case .logRate: return "the log rate per tracepoint (\(Self.format(quotas.logsPerSecondPerTracepoint))/s)"
        case .byteRate: return "the process-wide byte rate (\(Self.format(quotas.bytesPerSecond)) bytes/s)"
        case .conditionCPU:
            return "the CPU budget for conditions (\(Self.format(quotas.conditionCPUShare * 100))% of a core, all tracepoints together)"
        }
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}

/// A tracepoint resolved to a probe and compiled: what a hit runs.
final class ActiveTracepoint: Sendable {
    let definition: Tracepoint
    let location: FileRegistry.Location
    let condition: Expression?
    let watches: [(source: String, expression: Expression)]
    let template: LogTemplate?
    let limits: CaptureLimits
    let redaction: Redaction
    let budgets: SharedBudgets
    let counters: TracepointCounters
    private let firePeriodNanos: UInt64
    private let windowStartNanos: UInt64?
    /// `window_end`, or the default lifetime's end (wall clock).
    let endNanos: UInt64?

    init(definition: Tracepoint, location: FileRegistry.Location, condition: Expression?,
         watches: [(source: String, expression: Expression)], template: LogTemplate?,
         limits: CaptureLimits, redaction: Redaction, budgets: SharedBudgets, counters: TracepointCounters) {
        self.definition = definition
        self.location = location
        self.condition = condition
        self.watches = watches
        self.template = template
        self.limits = limits
        self.redaction = redaction
        self.budgets = budgets
        self.counters = counters
        firePeriodNanos = Clock.saturating(UInt64(definition.firePeriodMilliseconds).multipliedReportingOverflow(by: 1_000_000))
        windowStartNanos = definition.windowStart.map(Clock.nanoseconds)
        endNanos = definition.end(firstSeen: counters.firstSeen).map(Clock.nanoseconds)
    }

    /// Whether it will never fire again: completed, expired, disabled by a quota, or in
    /// error (its condition failed at a hit).
    var isFinished: Bool {
        counters.remaining.load(ordering: .relaxed) == 0 || counters.expired.load(ordering: .relaxed)
            || counters.disabled.load() != nil || counters.hitError.load() != nil
    }

    /// Runs on the thread that hit the probe. Never blocks: counters are atomics and the
    /// snapshot goes to a bounded queue that drops when full.
    ///
    /// Returns the monotonic time until which this tracepoint wants no hits (0: it wants
    /// them all), so the caller can switch the probe off meanwhile.
    func hit(function: ProbeName, variables: [_DeepVariable], queue: SnapshotQueue) -> UInt64 {
        let hitNumber = counters.hits.loadThenWrappingIncrement(ordering: .relaxed)
        let now = Clock.monotonicNanoseconds()
        let paused = counters.pausedUntil.load(ordering: .relaxed)
        if now < paused { return paused }
        if let periodEnd = periodEnd(after: counters.lastFireNanos.load(ordering: .relaxed), now: now) {
            return pause(until: periodEnd, by: .none)
        }
        let evaluator = ExpressionEvaluator(variables: variables, redaction: redaction)
        if let condition {
            // One hit in 16 checks and charges the budget, for 16 evaluations: the budget is
            // one word every thread shares, and a hot line must not contend on it.
            let timed = hitNumber & 15 == 0
            if timed, let retry = budgets.conditions.available(now: now) { return pause(until: retry, by: .conditionCPU) }
            let holds: Bool
            do throws(ExpressionEvaluationError) {
                holds = try evaluator.isTrue(condition)
            } catch {
                // As Cloud Debugger and Datadog do: a condition that fails at a hit would
                // fail again at every hit, so the tracepoint stops until it is changed.
                _ = counters.hitError.storeIfNilThenLoad(.init(
                    "condition: \(error.description); it no longer fires: fix the condition and set it again"))
                return .max
            }
            if timed {
                let evaluated = Clock.monotonicNanoseconds()
                budgets.conditions.charge((evaluated &- now) &* 16, now: evaluated)
            }
            guard holds else { return 0 }
        }
        let wall = Clock.wallNanoseconds()
        if let start = windowStartNanos, wall < start {
            return pause(until: Clock.saturating(now.addingReportingOverflow(start - wall)), by: .none)
        }
        if let end = endNanos, wall >= end {
            counters.expired.store(true, ordering: .relaxed)
            return .max
        }
        if let retry = budgets.bytes.available(now: now) { return pause(until: retry, by: .byteRate) }
        let rate = definition.snapshot ? budgets.snapshots : counters.logRate
        if let retry = rate.take(now: now) {
            return pause(until: retry, by: definition.snapshot ? .snapshotRate : .logRate)
        }
        guard claimFire(now: now) else { return 0 }
        counters.fires.wrappingIncrement(ordering: .relaxed)
        let cpuStart = Clock.threadCPUNanoseconds()
        var (snapshot, bytes) = capture(function: function, variables: variables, evaluator: evaluator, now: wall,
                                        deadline: cpuStart + budgets.quotas.cpuPerHitNanos)
        snapshot.snapshot.durationNanos = Clock.monotonicNanoseconds() &- now
        budgets.bytes.charge(UInt64(bytes), now: now)
        account(cpu: Clock.threadCPUNanoseconds() - cpuStart)
        if !queue.enqueue(snapshot) { counters.drops.wrappingIncrement(ordering: .relaxed) }
        return 0
    }

    /// Holds hits off until `time`, counting the pause when a quota caused it.
    private func pause(until time: UInt64, by reason: Throttle) -> UInt64 {
        if reason != .none {
            counters.throttled.wrappingIncrement(ordering: .relaxed)
            counters.throttledBy.store(reason.rawValue, ordering: .relaxed)
        }
        counters.pausedUntil.store(time, ordering: .relaxed)
        return time
    }

    /// When the fire period that began with the fire at `last` ends, if `now` is inside it.
    private func periodEnd(after last: UInt64, now: UInt64) -> UInt64? {
        last != 0 && now &- last < firePeriodNanos ? Clock.saturating(last.addingReportingOverflow(firePeriodNanos)) : nil
    }

    /// Takes one fire from the period and count budgets, or says no.
    private func claimFire(now: UInt64) -> Bool {
        var last = counters.lastFireNanos.load(ordering: .relaxed)
        while true {
            if periodEnd(after: last, now: now) != nil { return false }
            let (exchanged, original) = counters.lastFireNanos.weakCompareExchange(
                expected: last, desired: now, ordering: .relaxed)
            if exchanged { break }
            last = original
        }
        var remaining = counters.remaining.load(ordering: .relaxed)
        while remaining != -1 {
            guard remaining > 0 else { return false }
            let (exchanged, original) = counters.remaining.weakCompareExchange(
                expected: remaining, desired: remaining - 1, ordering: .relaxed)
            if exchanged { return true }
            remaining = original
        }
        return true
    }

    /// Counts a fire over the CPU budget; enough of them in a row disable the tracepoint.
    private func account(cpu: UInt64) {
        let quotas = budgets.quotas
        guard cpu > quotas.cpuPerHitNanos else {
            counters.overruns.store(0, ordering: .relaxed)
            return
        }
        let overruns = counters.overruns.wrappingIncrementThenLoad(ordering: .relaxed)
        guard overruns >= quotas.overrunsBeforeDisable else { return }
        _ = counters.disabled.storeIfNilThenLoad(.init(
            "disabled: \(overruns) fires in a row took more than the CPU budget of \(Self.milliseconds(quotas.cpuPerHitNanos)) per hit"
            + " (the last took \(Self.milliseconds(cpu)))"))
    }

    private static func milliseconds(_ nanos: UInt64) -> String {
        let tenths = (nanos + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10) ms"
    }

    private func capture(function: ProbeName, variables: [_DeepVariable], evaluator: ExpressionEvaluator,
                         now: UInt64, deadline: UInt64) -> (PendingSnapshot, bytes: Int) {
        var capturer = VariableCapturer(limits: limits, redaction: redaction, deadline: deadline)
        let captured = definition.snapshot ? variables.compactMap { capturer.capture($0) } : []
        let watchResults = watches.map { watch -> Snapshot.WatchResult in
            do throws(ExpressionEvaluationError) {
                let value = try evaluator.resolve(watch.expression)
                return .init(expression: watch.source, value: capturer.node(named: watch.source, value, depth: 1))
            } catch {
                return .init(expression: watch.source, value: nil, error: error.description)
            }
        }
        let log = template?.render(evaluator)
        let snapshot = Snapshot(
            id: SnapshotIdentifiers.next(), tracepointID: definition.id, timestampNanos: now,
            path: location.path, line: location.line, function: function.description,
            thread: Clock.threadDescription(), variables: captured, watches: watchResults, log: log,
            frames: [Snapshot.Frame(function: function.description, path: location.path, line: location.line)],
            attributes: ProcessAttributes.current, truncated: capturer.cut)
        let bytes = capturer.bytes + (log?.utf8.count ?? 0) + 512
        // A log message goes out without the caller's stack: walking it is most of a log hit.
        let stack = definition.snapshot ? StackAddresses.capture() : StackAddresses.none
        return (PendingSnapshot(snapshot: snapshot, stack: stack), bytes)
    }
}

/// A snapshot on its way to the sinks; its stack is symbolicated off the hitting thread.
struct PendingSnapshot: Sendable {
    var snapshot: Snapshot
    var stack: StackAddresses

    func completed() -> Snapshot {
        var result = snapshot
        result.frames += stack.callerFrames()
        return result
    }
}

/// Clocks and thread identity for hits.
enum Clock {
    static func wallNanoseconds() -> UInt64 { read(CLOCK_REALTIME) }
    static func monotonicNanoseconds() -> UInt64 { read(CLOCK_MONOTONIC) }
    /// CPU time of the calling thread (a system call, unlike the two above).
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

    private static func read(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// `name (tid)`, or `tid` for an unnamed thread.
    static func threadDescription() -> String {
        let id = deep_thread_id()
        let name = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            deep_thread_name(buffer.baseAddress, buffer.count)
            return String(cString: buffer.baseAddress!)
        }
        return name.isEmpty ? "\(id)" : "\(name) (\(id))"
    }
}

/// Snapshot ids: a random per-process prefix and a counter, as 32 hex digits.
enum SnapshotIdentifiers {
    private static let prefix = UInt64.random(in: .min ... .max)
    private static let counter = ManagedAtomic<UInt64>(0)

    static func next() -> String {
        let count = counter.loadThenWrappingIncrement(ordering: .relaxed)
        return hex(prefix) + hex(count)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Attributes every snapshot of this process carries.
package enum ProcessAttributes {
    package static let current: [String: String] = [
        "process.pid": String(getpid()),
        "process.name": CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "",
        "deep.runtime": "swift-deep",
    ]
}
