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
    /// Fires left; -1 for no limit.
    let remaining: ManagedAtomic<Int>
    /// Monotonic time of the last fire, for `fire_period_ms`.
    let lastFireNanos = ManagedAtomic<UInt64>(0)
    let expired = ManagedAtomic<Bool>(false)
    /// The first error found while evaluating at a hit (a condition naming an unknown variable).
    let hitError = ManagedAtomicLazyReference<Message>()

    final class Message: Sendable {
        let text: String
        init(_ text: String) { self.text = text }
    }

    init(fireCount: Int) { remaining = ManagedAtomic(fireCount) }
}

/// A tracepoint resolved to a probe and compiled: what a hit runs.
final class ActiveTracepoint: Sendable {
    let definition: Tracepoint
    let location: FileRegistry.Location
    let condition: Expression?
    let watches: [(source: String, expression: Expression)]
    let template: LogTemplate?
    let limits: CaptureLimits
    let counters: TracepointCounters
    private let windowStartNanos: UInt64?
    private let windowEndNanos: UInt64?

    init(definition: Tracepoint, location: FileRegistry.Location, condition: Expression?,
         watches: [(source: String, expression: Expression)], template: LogTemplate?,
         limits: CaptureLimits, counters: TracepointCounters) {
        self.definition = definition
        self.location = location
        self.condition = condition
        self.watches = watches
        self.template = template
        self.limits = limits
        self.counters = counters
        windowStartNanos = definition.windowStart.map(Clock.nanoseconds)
        windowEndNanos = definition.windowEnd.map(Clock.nanoseconds)
    }

    var isFinished: Bool { counters.remaining.load(ordering: .relaxed) == 0 || counters.expired.load(ordering: .relaxed) }

    /// Runs on the thread that hit the probe. Never blocks: counters are atomics and the
    /// snapshot goes to a bounded queue that drops when full.
    func hit(function: StaticString, variables: [_DeepVariable], queue: SnapshotQueue) {
        counters.hits.wrappingIncrement(ordering: .relaxed)
        let now = Clock.wallNanoseconds()
        if let start = windowStartNanos, now < start { return }
        if let end = windowEndNanos, now >= end {
            counters.expired.store(true, ordering: .relaxed)
            return
        }
        let evaluator = ExpressionEvaluator(variables: variables)
        if let condition {
            do throws(ExpressionEvaluationError) {
                guard try evaluator.isTrue(condition) else { return }
            } catch {
                _ = counters.hitError.storeIfNilThenLoad(.init("condition: \(error.description)"))
                return
            }
        }
        guard claimFire() else { return }
        counters.fires.wrappingIncrement(ordering: .relaxed)
        let snapshot = capture(function: function, variables: variables, evaluator: evaluator, now: now)
        if !queue.enqueue(snapshot) { counters.drops.wrappingIncrement(ordering: .relaxed) }
    }

    /// Takes one fire from the period and count budgets, or says no.
    private func claimFire() -> Bool {
        let period = UInt64(definition.firePeriodMilliseconds) * 1_000_000
        let monotonic = Clock.monotonicNanoseconds()
        var last = counters.lastFireNanos.load(ordering: .relaxed)
        while true {
            if last != 0, period > 0, monotonic &- last < period { return false }
            let (exchanged, original) = counters.lastFireNanos.weakCompareExchange(
                expected: last, desired: monotonic, ordering: .relaxed)
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

    private func capture(function: StaticString, variables: [_DeepVariable], evaluator: ExpressionEvaluator,
                         now: UInt64) -> PendingSnapshot {
        var capturer = VariableCapturer(limits: limits)
        let captured = definition.snapshot ? variables.compactMap { capturer.capture($0) } : []
        let watchResults = watches.map { watch -> Snapshot.WatchResult in
            do throws(ExpressionEvaluationError) {
                let value = try evaluator.resolve(watch.expression)
                return .init(expression: watch.source, value: capturer.node(named: watch.source, value, depth: 1))
            } catch {
                return .init(expression: watch.source, value: nil, error: error.description)
            }
        }
        let snapshot = Snapshot(
            id: SnapshotIdentifiers.next(), tracepointID: definition.id, timestampNanos: now,
            path: location.record.path, line: location.line, function: function.description,
            thread: Clock.threadDescription(), variables: captured, watches: watchResults,
            log: template?.render(evaluator),
            frames: [Snapshot.Frame(function: function.description, path: location.record.path, line: location.line)],
            attributes: ProcessAttributes.current,
            truncated: capturer.reachedVariableLimit ? "variables: \(limits.maxVariables)" : nil)
        return PendingSnapshot(snapshot: snapshot, stack: StackAddresses.capture())
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

    static func nanoseconds(_ date: Date) -> UInt64 {
        UInt64(max(0, date.timeIntervalSince1970 * 1_000_000_000))
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
enum ProcessAttributes {
    static let current: [String: String] = [
        "process.pid": String(getpid()),
        "process.name": CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "",
        "deep.runtime": "swift-deep",
    ]
}
