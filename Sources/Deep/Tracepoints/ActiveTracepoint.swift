import CDeepRuntime
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// A tracepoint resolved to a probe and compiled: what a hit runs.
final class ActiveTracepoint: Sendable {
    let definition: Tracepoint
    let location: FileRegistry.Location
    /// `location.entryLine`: a hit reads it without touching the location's records.
    let entryLine: Int?
    /// `definition.stage.firesAtExit`, read by every hit.
    private let firesAtExit: Bool
    let condition: CompiledExpression?
    let watches: [(source: String, expression: CompiledExpression)]
    let template: CompiledLogTemplate?
    let metrics: TracepointMetrics
    let spans: TracepointSpans
    /// Whether a fire sends anything (a snapshot, log or watch); one that only records
    /// metrics is limited by neither the snapshot and log rates nor the queue.
    fileprivate let sends: Bool
    let limits: CaptureLimits
    let redaction: Redaction
    let budgets: SharedBudgets
    let counters: TracepointCounters
    fileprivate let firePeriodNanos: UInt64
    private let windowStartNanos: UInt64?
    /// `window_end`, or the default lifetime's end (wall clock).
    let endNanos: UInt64?

    /// Compiles the expressions (`CompiledExpression`): a hit only runs them.
    init(
        definition: Tracepoint, location: FileRegistry.Location, condition: Expression?,
        watches: [(source: String, expression: Expression)], template: LogTemplate?, metrics: TracepointMetrics,
        spans: TracepointSpans, limits: CaptureLimits, redaction: Redaction, budgets: SharedBudgets, counters: TracepointCounters
    ) {
        self.definition = definition
        self.location = location
        entryLine = location.entryLine
        firesAtExit = definition.stage.firesAtExit
        self.condition = condition.map { CompiledExpression($0, redaction: redaction) }
        self.watches = watches.map { ($0.source, CompiledExpression($0.expression, redaction: redaction)) }
        self.template = template.map { CompiledLogTemplate($0, redaction: redaction) }
        self.metrics = metrics
        self.spans = spans
        sends = !definition.recordsMetricsOnly
        self.limits = limits
        self.redaction = redaction
        self.budgets = budgets
        self.counters = counters
        firePeriodNanos = HitClock.saturating(UInt64(definition.firePeriodMilliseconds).multipliedReportingOverflow(by: 1_000_000))
        windowStartNanos = definition.windowStart.map(HitClock.nanoseconds)
        endNanos = definition.end(firstSeen: counters.firstSeen).map(HitClock.nanoseconds)
    }

    /// Whether it will never fire again (`TracepointCounters.isFinished`).
    var isFinished: Bool { counters.isFinished }

    /// Runs on the thread that hit the probe. Never blocks: counters are atomics and the
    /// snapshot goes to a bounded queue that drops when full.
    ///
    /// Whatever can refuse the hit without looking at the program (a pause, the fire period,
    /// a spent quota, a full queue) is decided before the condition runs and anything is
    /// captured, and pauses the tracepoint: a full queue is back-pressure, like a rate, so it
    /// costs no fire. A fire that loses a race for the queue's last slot counts as dropped.
    ///
    /// Returns the monotonic time until which this tracepoint wants no hits (0: it wants
    /// them all), so the caller can switch the probe off meanwhile.
    ///
    /// `start`: when the function was entered, at its exit (see `_deepProbeHit`). At
    /// `method_end` and `method_capture` the call's duration is the variable `duration`; a
    /// call that began before a tracepoint was on the line has none and is let go, as is a
    /// `method_capture` call whose entry this tracepoint did not take (`entry`).
    func hit(
        function: ProbeName, since start: UInt64 = HitClock.untimed, entry: CapturedCall.Entry? = nil,
        variables probe: (inout _DeepVariables) -> Void, queue: SnapshotQueue
    ) -> UInt64 {
        var time = HitTime()
        let timed = firesAtExit && start != HitClock.untimed
        guard timed else { return hit(function: function, duration: nil, entry: nil, variables: probe, queue: queue, time: time) }
        let now = time.now()
        if start == 0 || start > now { return 0 }
        if entryLine != nil, entry == nil { return 0 }
        let duration = now - start
        let quiet = hit(
            function: function, duration: duration, entry: entry,
            variables: { variables in
                variables.add("duration") { Int(truncatingIfNeeded: duration) }
                probe(&variables)
            }, queue: queue, time: time)
        // A `method_capture` exit stays on through a pause: calls in progress hold slots that
        // only their exit gives back.
        return entryLine != nil && quiet != .max ? 0 : quiet
    }

    /// At the entry of a `method_capture` tracepoint's function: the frame its exit sends,
    /// unless a fire could not be kept now (the checks that come before a condition). Then
    /// nothing is captured, and the second value is as `hit`'s.
    func enter(variables probe: (inout _DeepVariables) -> Void, queue: SnapshotQueue) -> (CapturedCall.Entry?, UInt64) {
        var time = HitTime()
        if let refused = refusal(of: self, &time, queue: queue) { return (nil, refused) }
        let framesHaveVariables = definition.snapshot && definition.frameType != .noFrame
        let budget = framesHaveVariables ? FireBudget(nanoseconds: budgets.quotas.cpuPerHitNanos) : nil
        var capturer = VariableCapturer(limits: limits, redaction: redaction, budget: budget)
        let variables = framesHaveVariables ? _DeepVariables.all(of: probe) : []
        let (captured, detached) = frame(variables, capturer: &capturer, detaching: true)
        if let budget { account(cpu: budget.used()) }
        let entry = CapturedCall.Entry(
            counters: counters, variables: captured, detached: detached, truncated: capturer.cut, bytes: capturer.bytes)
        return (entry, 0)
    }

    /// `time`: read from the clock only where a decision needs it (`HitTime`), which before
    /// the condition is seldom.
    private func hit(
        function: ProbeName, duration: UInt64?, entry: CapturedCall.Entry?, variables: (inout _DeepVariables) -> Void,
        queue: SnapshotQueue, time: consuming HitTime
    ) -> UInt64 {
        let hitNumber = counters.hits.wrappingAdd(1, ordering: .relaxed).oldValue
        if let refused = refusal(of: self, &time, queue: queue) { return refused }
        // Conditions, and the metrics of a tracepoint that only records metrics (no rate
        // limits those), may run at every hit: they share one CPU budget. One hit in 16
        // checks and charges it, for 16 evaluations: the budget is one word every thread
        // shares, and a hot line must not contend on it. Not the first hit, whose evaluation
        // pays for one-time work (types seen for the first time), and only the evaluation is
        // timed, so that a thread preempted on its way there is not charged for the wait.
        let timed = hitNumber & 15 == 15
        if timed, condition != nil || !sends, let retry = budgets.conditions.available(at: &time) {
            return pause(until: retry, by: .conditionCPU)
        }
        if let condition {
            let evaluating = timed ? HitClock.monotonicNanoseconds() : 0
            let holds: Bool
            do throws(ExpressionEvaluationError) {
                holds = try condition.isTrue(over: variables)
            } catch  where ["return", "exception"].contains(error.unknownName) && firesAtExit {
                // A call that threw, or returned nothing, has no `return`; one that returned has
                // no `exception`: the condition is not met.
                return 0
            } catch {
                // As Cloud Debugger and Datadog do: a condition that fails at a hit would
                // fail again at every hit, so the tracepoint stops until it is changed.
                counters.fail("condition: \(error.description); it no longer fires: fix the condition and set it again")
                return .max
            }
            if timed {
                let evaluated = HitClock.monotonicNanoseconds()
                budgets.conditions.charge((evaluated &- evaluating) &* 16, now: evaluated)
            }
            guard holds else { return 0 }
        }
        let now = time.now()
        let wall = HitClock.wallNanoseconds()
        if let start = windowStartNanos, wall < start {
            return pause(until: HitClock.saturating(now.addingReportingOverflow(start - wall)), by: .none)
        }
        if let end = endNanos, wall >= end {
            counters.expired.store(true, ordering: .relaxed)
            return .max
        }
        if sends, let retry = withFireRate(&time, { rate, _ in rate.take(now: now) }) { return pause(until: retry, by: fireRateThrottle) }
        guard claimFire(now: now) else { return 0 }
        counters.fires.wrappingAdd(1, ordering: .relaxed)
        spans.record(
            tracepoint: definition.id, function: function, path: location.path, line: location.line, wall: wall, duration: duration,
            thrown: { _DeepVariables.thrownError(by: variables) })
        guard sends else {
            let recording = timed ? HitClock.monotonicNanoseconds() : now
            metrics.record(variables)
            if timed {
                let recorded = HitClock.monotonicNanoseconds()
                budgets.conditions.charge((recorded &- recording) &* 16, now: recorded)
            }
            return 0
        }
        if !metrics.metrics.isEmpty { metrics.record(variables) }
        // A log message alone is rendered within fixed bounds (two levels, ten elements) and
        // is not timed: the thread's CPU clock would be most of its cost.
        let budget = definition.snapshot || !watches.isEmpty ? FireBudget(nanoseconds: budgets.quotas.cpuPerHitNanos) : nil
        var (pending, bytes) = capture(function: function, variables: variables, entry: entry, wall: wall, now: now, budget: budget)
        pending.snapshot.durationNanos = duration ?? HitClock.monotonicNanoseconds() &- now
        budgets.bytes.charge(UInt64(bytes), now: now)
        if let budget { account(cpu: budget.used()) }
        if !queue.enqueue(consume pending) { counters.drops.wrappingAdd(1, ordering: .relaxed) }
        return 0
    }

    /// Calls `body` with the rate this tracepoint's fires count against: the process's
    /// snapshot rate, or its own log rate when it takes no snapshot. The hit's `time` is
    /// passed through, not captured: a closure that captured it would box it on the heap.
    fileprivate func withFireRate<R>(_ time: inout HitTime, _ body: (borrowing RateLimiter, inout HitTime) -> R) -> R {
        definition.snapshot ? body(budgets.snapshots, &time) : body(counters.logRate, &time)
    }

    /// What a spent `withFireRate` rate is called in the status.
    fileprivate var fireRateThrottle: Throttle { definition.snapshot ? .snapshotRate : .logRate }

    /// Holds hits off until `time`, counting the pause when a quota caused it.
    fileprivate func pause(until time: UInt64, by reason: Throttle) -> UInt64 {
        if reason != .none {
            counters.throttled.wrappingAdd(1, ordering: .relaxed)
            counters.throttledBy.store(reason.rawValue, ordering: .relaxed)
        }
        counters.pausedUntil.store(time, ordering: .relaxed)
        return time
    }

    /// When the fire period that began with the fire at `last` ends; nil before any fire. A
    /// time before that is inside it.
    fileprivate func periodEnd(after last: UInt64) -> UInt64? {
        last != 0 ? HitClock.saturating(last.addingReportingOverflow(firePeriodNanos)) : nil
    }

    /// Takes one fire from the period and count budgets, or says no.
    private func claimFire(now: UInt64) -> Bool {
        var last = counters.lastFireNanos.load(ordering: .relaxed)
        while true {
            if let end = periodEnd(after: last), now < end { return false }
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
        let overruns = counters.overruns.wrappingAdd(1, ordering: .relaxed).newValue
        guard overruns >= quotas.overrunsBeforeDisable else { return }
        counters.disable(
            "disabled: \(overruns) fires in a row took more than the CPU budget of \(Self.milliseconds(quotas.cpuPerHitNanos)) per hit"
                + " (the last took \(Self.milliseconds(cpu)))")
    }

    private static func milliseconds(_ nanos: UInt64) -> String {
        let tenths = (nanos + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10) ms"
    }

    /// The frame's variables: captured now into `capturer`, or when `detaching` and they can
    /// be read later, left to the agent (`DetachedVariables`).
    private func frame(
        _ variables: [_DeepVariable], capturer: inout VariableCapturer, detaching: Bool
    ) -> (captured: [VariableNode], detached: DetachedVariables?) {
        let detached =
            detaching && !variables.isEmpty ? DetachedVariables(variables, limits: limits, redaction: redaction, budgets: budgets) : nil
        return (detached == nil ? variables.compactMap { capturer.capture($0) } : [], detached)
    }

    /// The snapshot of a fire at wall-clock time `wall` (monotonic `now`), capturing within
    /// `budget`. A log message alone takes only the variables it names; variables that can
    /// be read later are left to the agent (`DetachedVariables`). At `method_end` and
    /// `method_capture`, what the function returned or threw (the variables `return` and
    /// `exception` its exit passes) is the watch `return` or `exception`, as in Deep; at
    /// `method_capture` the frame is the one taken at the call's `entry`, and the watches,
    /// the log and the condition see the exit's variables.
    private func capture(
        function: ProbeName, variables probe: (inout _DeepVariables) -> Void, entry: CapturedCall.Entry?, wall: UInt64,
        now: UInt64, budget: FireBudget?
    ) -> (PendingSnapshot, bytes: Int) {
        var capturer = VariableCapturer(limits: limits, redaction: redaction, budget: budget)
        let framesHaveVariables = definition.snapshot && definition.frameType != .noFrame && entry == nil
        let reportsCall = firesAtExit
        let variables = framesHaveVariables || !watches.isEmpty || reportsCall ? _DeepVariables.all(of: probe) : []
        let ofTheCall = reportsCall ? variables.filter(\.ofTheCall) : []
        var (captured, detached) =
            framesHaveVariables
            ? frame(
                ofTheCall.isEmpty ? variables : variables.filter { !$0.ofTheCall }, capturer: &capturer,
                detaching: watches.isEmpty && ofTheCall.isEmpty)
            : ([], nil)
        if let entry { (captured, detached) = (entry.variables, entry.detached) }
        var watchResults = watches.map { watch -> Snapshot.WatchResult in
            do throws(ExpressionEvaluationError) {
                let value = try watch.expression.resolve(variables)
                return .init(expression: watch.source, value: capturer.node(named: watch.source, value, depth: 1))
            } catch {
                return .init(expression: watch.source, value: nil, error: error.description)
            }
        }
        for reported in ofTheCall {
            let name = "\(reported.name)"
            watchResults.append(.init(expression: name, value: capturer.node(named: name, reported.value, depth: 1)))
        }
        let log = template?.render(probe: probe)
        let active = spans.activeSpanAttributes()
        let attributes = active.isEmpty ? ProcessAttributes.current : ProcessAttributes.current.merging(active) { $1 }
        let snapshot = Snapshot(
            id: "", tracepointID: definition.id, timestampNanos: wall,
            path: location.path, line: location.line, function: "",
            thread: "", variables: captured, watches: watchResults, log: log,
            frames: [], attributes: attributes,
            truncated: entry?.truncated ?? capturer.cut)
        let bytes = capturer.bytes + (entry?.bytes ?? 0) + (log?.utf8.count ?? 0) + 512
        // A log message goes out without the caller's stack: walking it is most of a log hit.
        let stack = definition.snapshot && definition.stackType == .stack ? StackAddresses.capture() : StackAddresses.none
        let pending = PendingSnapshot(
            snapshot: snapshot, detached: detached, function: FunctionName(function), stack: stack,
            thread: .current(now: now), number: SnapshotIdentifiers.nextNumber())
        return (pending, bytes)
    }
}

/// Why a hit of `tracepoint` cannot fire now, decided before the condition runs and
/// anything is captured: the monotonic time until which the tracepoint wants no hits (see
/// `ActiveTracepoint.hit`), or nil. Transparent, so that it is inlined into both hits that
/// share it (a method of a class cannot be, and the optimiser did not inline one).
@_transparent
private func refusal(of tracepoint: ActiveTracepoint, _ time: inout HitTime, queue: SnapshotQueue) -> UInt64? {
    let counters = tracepoint.counters
    let paused = counters.pausedUntil.load(ordering: .relaxed)
    if time.isBefore(paused) { return paused }
    if let periodEnd = tracepoint.periodEnd(after: counters.lastFireNanos.load(ordering: .relaxed)), time.isBefore(periodEnd) {
        return tracepoint.pause(until: periodEnd, by: .none)
    }
    guard tracepoint.sends else { return nil }
    if let retry = tracepoint.budgets.bytes.available(at: &time) { return tracepoint.pause(until: retry, by: .byteRate) }
    if let retry = tracepoint.withFireRate(&time, { $0.available(at: &$1) }) {
        return tracepoint.pause(until: retry, by: tracepoint.fireRateThrottle)
    }
    if queue.isFull { return tracepoint.pause(until: time.now() &+ Throttle.fullQueuePauseNanos, by: .fullQueue) }
    return nil
}
