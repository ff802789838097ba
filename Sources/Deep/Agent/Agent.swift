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

/// The runtime's one background thread: it reads the tracepoint source, publishes
/// tracepoint tables, drains snapshots to the sinks and writes the status file.
///
/// Everything here runs off the threads that hit probes; the lock below serialises the
/// agent thread with `flush()` callers and is never taken by a probe. A sink's write may
/// block (swift-log into a pipe nobody reads) and hold that lock as long: `Deep.flush()`, a
/// restart and the exit give up once one sink call has lasted `Configuration.flushTimeout`,
/// so the runtime never keeps a program waiting. A restart or the exit that gives up
/// abandons the agent: when its call ends, it does nothing more.
final class Agent: Sendable {
    let configuration: Deep.Configuration
    private let source: any TracepointSource
    private let budgets: SharedBudgets
    private let state: Locked<State>
    private let running = Atomic<Bool>(false)
    /// Whether the process is exiting, for the thread's last drain and report.
    private let exiting = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    /// When the sink call under way began (monotonic nanoseconds), 0 between calls, or
    /// `abandoned`: a wait for the agent gives up once one call has lasted `flushTimeout`,
    /// and a stopper abandons the agent by swapping that call's start for `abandoned`. The
    /// caller swaps its start back for 0 when the call ends; whichever swap comes first
    /// decides, so an abandoned agent knows it before it touches anything shared again.
    private let sinkCall = Atomic<UInt64>(0)
    private static let abandoned = UInt64.max
    private let thread = Locked<pthread_t?>(nil)

    private struct State {
        /// The version of the source's set that is installed.
        var appliedVersion = 0
        var rejected: [TracepointStatus] = []
        var generation = 0
        /// The lines whose probes this agent switched on, per record; nil until its first
        /// reconcile, which writes every record's bits (a restarted runtime must clear the bits
        /// its predecessor left on).
        var enabledLines: [UInt: Set<Int>]?
        var lastStatus: ProcessStatus?
        var lastStatusWrite: UInt64 = 0
        /// Failures already written to standard error, each once.
        var announced: Set<String> = []
        /// The probe records tracepoints resolve against, and whose bits the agent writes.
        var registry: FileRegistry
    }

    init(configuration: Deep.Configuration, registry: FileRegistry) {
        self.configuration = configuration
        source = configuration.server ?? TracepointsFileSource(path: configuration.tracepointsPath)
        budgets = SharedBudgets(configuration.quotas)
        state = Locked(State(registry: registry))
    }

    /// Applies the tracepoints file once, then starts the background thread.
    func start() {
        tick()
        running.store(true, ordering: .relaxed)
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(
            &handle, nil,
            { context in
                let agent = Unmanaged<Agent>.fromOpaque(context!).takeRetainedValue()
                deep_set_thread_name("deep-agent")
                agent.run()
                return nil
            }, context)
        if created == 0 {
            thread.withLock { $0 = handle }
        } else {
            Unmanaged<Agent>.fromOpaque(context).release()
        }
    }

    /// Stops the thread, which drains and reports one last time as it ends.
    ///
    /// The wait ends once one sink call has lasted `flushTimeout`: the agent is abandoned,
    /// and what it had not written is lost. Its thread, stuck in a sink's write, ends with the
    /// process or when the write returns; it then drains, reloads, writes bits and reports no
    /// more, so the next agent works alone. (Until the write returns, it keeps the snapshot
    /// queue, and the next agent cannot drain it: hits are counted as drops.)
    func stop(exiting: Bool) {
        self.exiting.store(exiting, ordering: .relaxed)
        running.store(false, ordering: .releasing)  // the thread that sees it sees `exiting`
        guard
            let handle = thread.withLock({ current -> pthread_t? in
                defer { current = nil }; return current
            }),
            pthread_equal(handle, pthread_self()) == 0
        else { return finish() }
        let joined: Void? = unlessStuckInASink(abandoning: true) { slice -> Void? in
            var deadline = HitClock.realtimeDeadline(after: slice)
            return deep_join_thread_until(handle, &deadline) == 0 ? () : nil
        }
        if joined == nil { pthread_detach(handle) }
    }

    /// Repeats `wait` (a wait of at most the slice it is given, which returns nil if the
    /// slice ended first) until it returns a result, or until one sink call has lasted
    /// `flushTimeout` (then nil): a long drain is waited for, a sink's write that never ends
    /// is not. `abandoning` abandons the agent as it gives up.
    private func unlessStuckInASink<Result>(abandoning: Bool, _ wait: (Duration) -> Result?) -> Result? {
        let timeout = HitClock.nanoseconds(configuration.flushTimeout)
        while true {
            if let result = wait(min(configuration.flushTimeout, .milliseconds(100))) { return result }
            let start = sinkCall.load(ordering: .relaxed)
            if start == Self.abandoned { return nil }
            guard start != 0, HitClock.monotonicNanoseconds() &- start >= timeout else { continue }
            if !abandoning || sinkCall.compareExchange(expected: start, desired: Self.abandoned, ordering: .relaxed).exchanged {
                return nil
            }
        }
    }

    private var isAbandoned: Bool { sinkCall.load(ordering: .relaxed) == Self.abandoned }

    /// Makes `call` on each sink in turn, noting when each call began. Returns false, having
    /// stopped, when the agent was abandoned during a call. Every sink call is made under the
    /// state lock, so one is under way at a time.
    private func callingSinks(_ call: (any SnapshotSink) -> Void) -> Bool {
        for sink in configuration.sinks {
            let start = max(HitClock.monotonicNanoseconds(), 1)
            guard sinkCall.compareExchange(expected: 0, desired: start, ordering: .relaxed).exchanged else { return false }
            call(sink)
            guard sinkCall.compareExchange(expected: start, desired: 0, ordering: .relaxed).exchanged else { return false }
        }
        return true
    }

    /// The last drain and report, once.
    ///
    /// No bits are written: an agent that follows writes all of them, and an image unloaded
    /// since may be among this one's records.
    private func finish() {
        guard !finished.exchange(true, ordering: .relaxed) else { return }
        let exiting = exiting.load(ordering: .relaxed)
        state.withLock { state in
            guard !isAbandoned else { return }
            drain(exiting: exiting)
            guard !isAbandoned else { return }
            report(&state, force: true, exiting: exiting)
        }
    }

    /// Ticks every poll interval, sleeping in slices of at most 50 ms so that `stop` (at
    /// exit, too) never waits out a long interval. While snapshots are waiting it ticks
    /// again at once: each tick drains a bounded batch, so reloading and reporting go on
    /// whatever the hit rate.
    private func run() {
        let interval = HitClock.nanoseconds(configuration.pollInterval)
        var next = HitClock.monotonicNanoseconds() + interval
        while running.load(ordering: .acquiring) {
            let now = HitClock.monotonicNanoseconds()
            if now >= next {
                let backlog = tick()
                next = backlog ? now : now + interval
                continue
            }
            usleep(UInt32(min(next - now, 50_000_000) / 1000))
        }
        finish()
    }

    /// One round of work: reload, drain one batch, reconcile bits, report. Returns whether
    /// snapshots are still waiting.
    @discardableResult
    func tick() -> Bool {
        state.withLock { state in
            guard !isAbandoned else { return false }
            HitClock.noteRecent()
            reload(&state)
            BootstrappedBackends.refresh()
            Tracepoints.published.releaseRetired()
            let drained = drain()
            guard !isAbandoned else { return false }
            reconcile(&state)
            report(&state, force: false, exiting: false)
            return drained == .more
        }
    }

    /// Hands the queued snapshots to the sinks (as many as the queue holds, so a flush
    /// ends even while probes keep firing) and writes the status now. Returns false when
    /// it gave up: the agent was stuck in a sink call (one that has lasted `flushTimeout`: a
    /// write that blocks), an abandoned agent kept the queue, or this agent has stopped.
    func flush() -> Bool {
        unlessStuckInASink(abandoning: false) { slice in
            state.withLock(waitingAtMost: slice) { state -> Bool in
                guard !isAbandoned, !finished.load(ordering: .relaxed) else { return false }
                let drained = drain()
                guard !isAbandoned else { return false }
                reconcile(&state)
                report(&state, force: true, exiting: false)
                return drained != .busy
            }
        } ?? false
    }

    // MARK: Tracepoints

    private func reload(_ state: inout State) {
        guard let (version, entries) = source.tracepoints(after: state.appliedVersion) else { return }
        state.appliedVersion = version
        compile(entries, &state)
    }

    /// Resolves and compiles each entry; a bad one is reported and the rest are installed.
    private func compile(_ entries: [TracepointsDocument.Entry], _ state: inout State) {
        let previous = Dictionary(Tracepoints.current.tracepoints.map { ($0.definition.id, $0) }) { first, _ in first }
        var active: [ActiveTracepoint] = []
        var rejected: [TracepointStatus] = []
        var ids: Set<String> = []
        var perLine: [String: Int] = [:]
        let quotas = configuration.quotas
        for entry in entries {
            guard case .valid(let definition) = entry else {
                switch entry {
                case .invalid(let id, let message): rejected.append(.error(id, message))
                case .excluded(let id, let message): rejected.append(TracepointStatus(id: id, state: .excluded, message: message))
                case .valid: break
                }
                continue
            }
            guard ids.insert(definition.id).inserted else {
                rejected.append(.error(definition.id, "duplicate id `\(definition.id)`; each tracepoint needs its own"))
                continue
            }
            guard active.count < quotas.maxTracepoints else {
                rejected.append(
                    .error(
                        definition.id,
                        "too many tracepoints: this process installs at most "
                            + "\(quotas.maxTracepoints) (DEEP_MAX_TRACEPOINTS); delete some", line: definition.line))
                continue
            }
            switch Self.compile(
                definition, registry: state.registry, configuration: configuration, budgets: budgets,
                reusing: previous[definition.id])
            {
            case .active(let tracepoint):
                let line = "\(tracepoint.location.path):\(tracepoint.location.line)"
                guard perLine[line, default: 0] < quotas.maxTracepointsPerLine else {
                    rejected.append(
                        .error(
                            definition.id,
                            "too many tracepoints on this line: at most "
                                + "\(quotas.maxTracepointsPerLine) (DEEP_MAX_TRACEPOINTS_PER_LINE); delete some", line: definition.line))
                    continue
                }
                perLine[line, default: 0] += 1
                active.append(tracepoint)
            case .rejected(let status): rejected.append(status)
            }
        }
        install(active, rejected: rejected, &state)
    }

    enum Compiled {
        case active(ActiveTracepoint)
        case rejected(TracepointStatus)
    }

    /// Resolves a tracepoint's location and parses its expressions, or says what is wrong.
    static func compile(
        _ definition: Tracepoint, registry: FileRegistry, configuration: Deep.Configuration,
        budgets: SharedBudgets, reusing previous: ActiveTracepoint?
    ) -> Compiled {
        let id = definition.id
        let location: FileRegistry.Location
        switch registry.resolve(definition) {
        case .success(let found): location = found
        case .failure(let error): return .rejected(.error(id, "location: \(error)", line: definition.line))
        }
        if definition.span == .method, !definition.stage.firesAtExit {
            return .rejected(
                .error(
                    id,
                    "span: a method span covers the call, so it is recorded at the method's exit: use stage method_end or method_capture",
                    line: definition.line))
        }
        do throws(ExpressionSyntaxError) {
            let condition = try definition.condition.map { source throws(ExpressionSyntaxError) in
                try ExpressionSyntaxError.prefixing("condition: ") { () throws(ExpressionSyntaxError) in try ExpressionParser.parse(source)
                }
            }
            let template = try definition.log.map { source throws(ExpressionSyntaxError) in
                try ExpressionSyntaxError.prefixing("log: ") { () throws(ExpressionSyntaxError) in try LogTemplate(parsing: source) }
            }
            let watches = try definition.watches.map { source throws(ExpressionSyntaxError) in
                (
                    source: source,
                    expression: try ExpressionSyntaxError.prefixing("watch `\(source)`: ") { () throws(ExpressionSyntaxError) in
                        try ExpressionParser.parse(source)
                    }
                )
            }
            let counters =
                previous.flatMap { $0.definition == definition ? $0.counters : nil }
                ?? TracepointCounters(
                    fireCount: definition.fireCount,
                    logsPerSecond: configuration.quotas.logsPerSecondPerTracepoint, metrics: definition.metrics.count)
            let metrics = try TracepointMetrics(
                definition.metrics, tallies: counters.metricTallies, redaction: configuration.redaction,
                factory: configuration.metricsFactory)
            return .active(
                ActiveTracepoint(
                    definition: definition, location: location, condition: condition, watches: watches,
                    template: template, metrics: metrics, spans: TracepointSpans(kind: definition.span, tracer: configuration.tracer),
                    limits: configuration.limits.overridden(by: definition.limits),
                    redaction: configuration.redaction, budgets: budgets, counters: counters))
        } catch {
            return .rejected(.error(id, error.description, line: definition.line))
        }
    }

    /// Publishes a new table, then sets the enabled bits it refers to.
    private func install(_ active: [ActiveTracepoint], rejected: [TracepointStatus], _ state: inout State) {
        state.generation += 1
        state.rejected = rejected
        Tracepoints.published.publish(TracepointTable(generation: state.generation, tracepoints: active))
        reconcile(&state)
    }

    /// Marks tracepoints whose window ended, clears the bits of those that finished or are
    /// paused, and sets the others' bits (again, after a pause).
    ///
    /// First, when an image was unloaded (`dlclose`), its records go: the tracepoints are
    /// compiled anew against the records still loaded, and no bit is ever written into the
    /// image that is gone. Every write of bits comes through here.
    private func reconcile(_ state: inout State) {
        if let records = Deep.recordsIfImagesWereUnloaded() {
            state.registry = FileRegistry(records: records)
            state.enabledLines = nil
            state.appliedVersion = 0
            reload(&state)  // compiles against the new registry, and reconciles
        }
        let table = Tracepoints.current
        let wall = HitClock.wallNanoseconds()
        for tracepoint in table.tracepoints where tracepoint.endNanos.map({ wall >= $0 }) ?? false {
            tracepoint.counters.expired.store(true, ordering: .relaxed)
        }
        let now = HitClock.monotonicNanoseconds()
        Tracepoints.calls.reclaim { $0.keepAwaited(by: table, now: now) }
        let wanted = table.enabledLines(now: now)
        let needRewrite = Tracepoints.bitsNeedRewrite.exchange(false, ordering: .relaxed)
        guard wanted != state.enabledLines || needRewrite else { return }
        for record in state.registry.records {
            record.setEnabledLines(wanted[UInt(bitPattern: record.base)] ?? [])
        }
        state.enabledLines = wanted
    }

    // MARK: Snapshots and status

    /// Hands at most one queue's worth of snapshots to the sinks, and flushes them.
    ///
    /// Under the state lock, the only consumer that can hold the queue is an abandoned
    /// agent, stuck in a sink's write: the drain then takes nothing rather than wait for it.
    @discardableResult
    private func drain(exiting: Bool = false) -> SnapshotQueue.Drained {
        var drained = false
        let outcome = Tracepoints.queue.drain(atMost: Tracepoints.queue.capacity, unlessBusy: true) { pending in
            let snapshot = pending.completed()
            drained = true
            return callingSinks { $0.write(snapshot) }
        }
        if exiting {
            _ = callingSinks { $0.flushAtExit() }
        } else if drained {
            _ = callingSinks { $0.flush() }
        }
        return outcome
    }

    private func report(_ state: inout State, force: Bool, exiting: Bool) {
        let table = Tracepoints.current
        let installed = table.tracepoints.map { tracepoint -> TracepointStatus in
            let counters = tracepoint.counters
            let definition = tracepoint.definition
            let throttled = counters.throttled.load(ordering: .relaxed)
            var status = TracepointStatus(
                id: definition.id, state: .installed,
                message: throttled == 0
                    ? nil
                    : "throttled \(throttled) times, last by "
                        + Throttle(rawValue: counters.throttledBy.load(ordering: .relaxed))!.describe(configuration.quotas),
                path: tracepoint.location.path, line: tracepoint.location.line,
                hits: counters.hits.load(ordering: .relaxed), fires: counters.fires.load(ordering: .relaxed),
                drops: counters.drops.load(ordering: .relaxed), throttled: throttled)
            if !definition.metrics.isEmpty {
                status.metrics = zip(definition.metrics, counters.metricTallies).map { $1.status(of: $0) }
            }
            if let error = counters.hitError.load() {
                status.state = .error
                status.message = error.text
            } else if let disabled = counters.disabled.load() {
                status.state = .disabled
                status.message = disabled.text
            } else if counters.expired.load(ordering: .relaxed) {
                status.state = .expired
                let end = definition.end(firstSeen: counters.firstSeen).map(Tracepoint.rfc3339) ?? "?"
                status.message =
                    definition.windowEnd != nil
                    ? "window ended at \(end)"
                    : "snapshot tracepoints expire 24 hours after they are created; this one at \(end)"
            } else if counters.remaining.load(ordering: .relaxed) == 0 {
                status.state = .completed
                status.message = "fired \(definition.fireCount) of \(definition.fireCount) times"
            } else if let start = definition.windowStart, start > Date() {
                status.state = .waiting
                status.message = "window starts at \(Tracepoint.rfc3339(start))"
            }
            return status
        }
        let writeErrors = configuration.sinks.compactMap(\.writeError)
        for failure in writeErrors { announce(failure.target + ": " + failure.message, &state) }
        let status = ProcessStatus(
            pid: getpid(), process: ProcessAttributes.current["process.name"] ?? "",
            tracepointsFile: configuration.tracepointsPath, generation: state.generation,
            error: source.problem, server: source.server, exited: exiting, tracepoints: installed + state.rejected,
            writeErrors: writeErrors)
        let now = HitClock.monotonicNanoseconds()
        guard force || status != state.lastStatus && now - state.lastStatusWrite > 250_000_000 else { return }
        // Only where someone set up the tracepoints directory: a program run anywhere else
        // leaves no files behind.
        guard FileManager.default.fileExists(atPath: ServiceFiles.directory(of: configuration.tracepointsPath)) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(status) else { return }
        do throws(Files.Failure) {
            try Files.replace(configuration.statusPath, with: [UInt8](data) + [UInt8(ascii: "\n")])
        } catch {
            announce("status: \(error); `deep list` cannot see this process", &state)
        }
        state.lastStatus = status
        state.lastStatusWrite = now
    }

    /// Tells the operator of a failure, the first time it is seen.
    private func announce(_ failure: String, _ state: inout State) {
        guard state.announced.insert(failure).inserted else { return }
        RuntimeLog.warning(failure)
    }
}
