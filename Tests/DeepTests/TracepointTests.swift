import Foundation
import Testing

@testable import Deep

/// Serialized: agents publish the process-wide tracepoint table.
@Suite(.serialized) struct TracepointTests {
    let file = RecordInMemory(path: "/app/Orders.swift", lines: [10, 20])
    let configuration = Deep.Configuration(tracepointsPath: "/nonexistent/tracepoints.json", sinks: [])

    /// A long poll interval (the benchmarks never drain) must not hold up `stop`, which runs
    /// at exit: the agent sleeps in short slices. (Before, this test hung for a day.)
    @Test(.timeLimit(.minutes(1))) func stoppingDoesNotWaitOutTheInterval() {
        var slow = configuration
        slow.pollInterval = .seconds(86_400)
        let agent = Agent(configuration: slow, registry: FileRegistry(records: [file.record]))
        agent.start()
        agent.stop(exiting: false)
    }

    /// A restarted runtime inherits the bits its predecessor set: those of tracepoints it does
    /// not have must go off, or their probes keep calling into the runtime for nothing.
    @Test func aRestartClearsTheBitsOfTracepointsItDropped() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deep-restart-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tracepoints = directory.appendingPathComponent("tracepoints.json")
        let registry = FileRegistry(records: [file.record])
        func runAgent(with json: String) throws {
            try Data(json.utf8).write(to: tracepoints)
            let agent = Agent(configuration: Deep.Configuration(tracepointsPath: tracepoints.path, sinks: []), registry: registry)
            agent.start()
            agent.stop(exiting: false)
        }
        try runAgent(with: #"{"tracepoints": [{"id": "a", "path": "Orders.swift", "line": 10}]}"#)
        #expect(file.isEnabled(10) && !file.isEnabled(20))
        try runAgent(with: #"{"tracepoints": []}"#)
        #expect(!file.isEnabled(10))
    }

    private func decode(_ json: String) throws -> [TracepointsDocument.Entry] {
        try JSONDecoder().decode(TracepointsDocument.self, from: Data(json.utf8)).tracepoints
    }

    @Test func defaultsFollowDeep() throws {
        guard case .valid(let tracepoint) = try decode(#"{"tracepoints": [{"id": "a", "path": "Orders.swift", "line": 10}]}"#)[0] else {
            Issue.record("not decoded")
            return
        }
        #expect(tracepoint == Tracepoint(id: "a", path: "Orders.swift", line: 10))
        #expect(tracepoint.fireCount == 1 && tracepoint.firePeriodMilliseconds == 1000 && tracepoint.snapshot)
    }

    @Test func windowsAreRFC3339() throws {
        let entries = try decode(
            #"""
            {"tracepoints": [
              {"id": "a", "path": "x", "line": 1, "window_start": "2026-11-21T10:00:00Z", "window_end": "2026-11-21T12:00:00+01:00"},
              {"id": "b", "path": "x", "line": 1, "window_end": "tomorrow"}
            ]}
            """#)
        guard case .valid(let a) = entries[0] else { Issue.record("a not decoded"); return }
        #expect(a.windowStart == Date(timeIntervalSince1970: 1_795_255_200))
        #expect(a.windowEnd == Date(timeIntervalSince1970: 1_795_258_800))
        guard case .invalid(let id, let message) = entries[1] else { Issue.record("b decoded"); return }
        #expect(id == "b")
        #expect(
            message == "invalid tracepoint: `tracepoints.[1].window_end` `tomorrow` is not an RFC 3339 time such as 2026-11-21T18:00:00Z")
    }

    @Test func aBadEntrySpoilsOnlyItself() throws {
        let entries = try decode(
            #"""
            {"tracepoints": [
              {"id": "ok", "path": "x", "line": 1},
              {"path": "x", "line": 1},
              {"id": "zero", "path": "x", "line": 1, "fire_count": 0},
              {"id": "type", "path": "x", "line": "ten"},
              {"id": "frames", "path": "x", "line": 1, "frame_type": "every_frame"}
            ]}
            """#)
        let messages = entries.map { entry -> String in
            switch entry {
            case .valid(let tracepoint): return "valid \(tracepoint.id)"
            case .invalid(let id, let message): return "\(id): \(message)"
            case .excluded(let id, let message): return "excluded \(id): \(message)"
            }
        }
        #expect(
            messages == [
                "valid ok",
                "#1: invalid tracepoint: missing field `id`",
                "zero: invalid tracepoint: `tracepoints.[2].fire_count` must be a positive number, or -1 for no limit",
                "type: invalid tracepoint: `tracepoints.[3].line` should be Int",
                "frames: invalid tracepoint: `tracepoints.[4].frame_type` `every_frame` is not one of single_frame, all_frame, no_frame",
            ])
    }

    private func active(_ tracepoint: Tracepoint) throws -> ActiveTracepoint {
        let registry = FileRegistry(records: [file.record])
        guard
            case .active(let compiled) = Agent.compile(
                tracepoint, registry: registry, configuration: configuration, budgets: SharedBudgets(configuration.quotas), reusing: nil)
        else {
            throw FixtureFailure()
        }
        return compiled
    }

    private func hit(_ tracepoint: ActiveTracepoint, _ queue: SnapshotQueue, times: Int = 1, count: Int = 1) {
        for _ in 0..<times {
            _ = tracepoint.hit(function: "f()", variables: variables(["count": count]), queue: queue)
        }
    }

    @Test func firesAtMostFireCountTimes() throws {
        let queue = SnapshotQueue(capacity: 16)
        let tracepoint = try active(Tracepoint(id: "a", path: "Orders.swift", line: 10, fireCount: 2, firePeriodMilliseconds: 0))
        hit(tracepoint, queue, times: 5)
        #expect(tracepoint.counters.hits.load(ordering: .relaxed) == 5)
        #expect(tracepoint.counters.fires.load(ordering: .relaxed) == 2)
        #expect(tracepoint.isFinished)
        #expect(queue.dequeue() != nil && queue.dequeue() != nil && queue.dequeue() == nil)
    }

    /// A full queue is back-pressure: the hit that finds it pauses the tracepoint before its
    /// condition runs, and spends none of its fires.
    @Test func aFullQueuePausesTheTracepointWithoutSpendingAFire() throws {
        let queue = SnapshotQueue(capacity: 4)
        let filler = try active(Tracepoint(id: "f", path: "Orders.swift", line: 10, fireCount: -1, firePeriodMilliseconds: 0))
        while !queue.isFull { hit(filler, queue) }
        let once = try active(Tracepoint(id: "a", path: "Orders.swift", line: 10, condition: "count > 0"))
        let quietUntil = once.hit(function: "f()", variables: variables(["count": 1]), queue: queue)
        #expect(quietUntil > 0 && once.counters.fires.load(ordering: .relaxed) == 0 && !once.isFinished)
        #expect(once.counters.throttledBy.load(ordering: .relaxed) == Throttle.fullQueue.rawValue)

        _ = queue.dequeue()
        once.counters.pausedUntil.store(0, ordering: .relaxed)  // as if the pause had ended
        _ = once.hit(function: "f()", variables: variables(["count": 1]), queue: queue)
        #expect(once.counters.fires.load(ordering: .relaxed) == 1 && once.counters.drops.load(ordering: .relaxed) == 0)
    }

    /// A paused `method_capture` tracepoint keeps its exit's probe on (calls in progress hold
    /// slots their exit gives back), and its exit never asks for the probe to go off; its
    /// entry goes off as any paused probe does.
    @Test func aPausedMethodCaptureKeepsItsExitOn() throws {
        let file = RecordInMemory.pricing
        let tracepoint = try methodCapture(in: file)
        #expect(tracepoint.location.line == 20 && tracepoint.entryLine == 10)
        let table = TracepointTable(generation: 1, tracepoints: [tracepoint])
        #expect(table.enabledLines(now: 0)[UInt(bitPattern: file.record.base)] == [10, 20])
        let later = HitClock.monotonicNanoseconds() + 60_000_000_000
        tracepoint.counters.pausedUntil.store(later, ordering: .relaxed)
        #expect(table.enabledLines(now: 0)[UInt(bitPattern: file.record.base)] == [20])
        let queue = SnapshotQueue(capacity: 4)
        let entry = CapturedCall.Entry(counters: tracepoint.counters, variables: [], detached: nil, truncated: nil, bytes: 0)
        #expect(tracepoint.hit(function: "price()", since: 1, entry: entry, variables: { _ in }, queue: queue) == 0)
        #expect(tracepoint.enter(variables: { _ in }, queue: queue).1 == later)
    }

    /// A call in progress outlives tables republished for other changes (each compiles its
    /// tracepoints anew): its exit still finds what the same definition took at the entry,
    /// and the agent keeps it. A changed definition is another tracepoint: its entry is
    /// dropped, and the call with it once no tracepoint waits for it.
    @Test func aCallInProgressOutlivesARepublishOfTheSameDefinition() throws {
        let file = RecordInMemory.pricing
        let (entered, other) = (try methodCapture(in: file), try methodCapture(in: file, id: "d"))
        let call = CapturedCall(record: file.record.base)
        for tracepoint in [entered, other] {
            call.add(CapturedCall.Entry(counters: tracepoint.counters, variables: [], detached: nil, truncated: nil, bytes: 0))
        }

        let republished = try methodCapture(in: file, reusing: entered)
        let changed = try methodCapture(in: file, id: "d", condition: "duration > 0", reusing: other)
        #expect(republished !== entered && call.entry(for: republished, at: file.record.base) != nil)
        #expect(call.entry(for: changed, at: file.record.base) == nil)
        #expect(call.keepAwaited(by: TracepointTable(generation: 2, tracepoints: [changed, republished]), now: 0))
        #expect(call.entries.count == 1 && call.entry(for: republished, at: file.record.base) != nil)

        let again = try methodCapture(in: file, condition: "duration > 0", reusing: republished)
        #expect(!call.keepAwaited(by: TracepointTable(generation: 3, tracepoints: [changed, again]), now: 0))
    }

    /// A `method_capture` tracepoint on `price()` of `file`, compiled as the agent does.
    private func methodCapture(
        in file: RecordInMemory, id: String = "c", condition: String? = nil, reusing previous: ActiveTracepoint? = nil
    ) throws -> ActiveTracepoint {
        let definition = Tracepoint(
            id: id, path: "", line: 0, stage: .methodCapture, methodName: "price", condition: condition, fireCount: -1,
            firePeriodMilliseconds: 0)
        let registry = FileRegistry(records: [file.record])
        guard
            case .active(let tracepoint) = Agent.compile(
                definition, registry: registry, configuration: configuration, budgets: SharedBudgets(configuration.quotas),
                reusing: previous)
        else { throw FixtureFailure() }
        return tracepoint
    }

    @Test func firePeriodSpacesFires() throws {
        let queue = SnapshotQueue(capacity: 16)
        let tracepoint = try active(Tracepoint(id: "a", path: "Orders.swift", line: 10, fireCount: -1, firePeriodMilliseconds: 3_600_000))
        hit(tracepoint, queue, times: 3)
        #expect(tracepoint.counters.fires.load(ordering: .relaxed) == 1)
    }

    @Test func conditionsFilterAndTheirErrorsAreKept() throws {
        let queue = SnapshotQueue(capacity: 16)
        let filtered = try active(
            Tracepoint(id: "a", path: "Orders.swift", line: 10, condition: "count > 5", fireCount: -1, firePeriodMilliseconds: 0))
        hit(filtered, queue, count: 1)
        hit(filtered, queue, count: 9)
        #expect(filtered.counters.fires.load(ordering: .relaxed) == 1)
        let broken = try active(Tracepoint(id: "b", path: "Orders.swift", line: 10, condition: "cnt > 5"))
        let quietUntil = broken.hit(function: "f()", variables: variables(["count": 1]), queue: queue)
        #expect(
            broken.counters.hitError.load()?.text
                == "condition: unknown name `cnt`; in scope: count; it no longer fires: fix the condition and set it again")
        #expect(broken.counters.fires.load(ordering: .relaxed) == 0)
        // A condition that failed once is never evaluated again: the probe goes off for good.
        #expect(quietUntil == .max && broken.isFinished)
        #expect(TracepointTable(generation: 1, tracepoints: [broken]).enabledLines(now: 0).isEmpty)
    }

    @Test func conditionsShareACPUBudget() throws {
        var quotas = Quotas()
        quotas.conditionCPUShare = 1e-9  // a nanosecond a second: spent by the first evaluation
        let budgets = SharedBudgets(quotas)
        let queue = SnapshotQueue(capacity: 4)
        let definition = Tracepoint(
            id: "a", path: "Orders.swift", line: 10, condition: "count > 5", fireCount: -1,
            firePeriodMilliseconds: 0)
        guard
            case .active(let tracepoint) = Agent.compile(
                definition, registry: FileRegistry(records: [file.record]),
                configuration: configuration, budgets: budgets, reusing: nil)
        else { throw FixtureFailure() }
        // One hit in 16 is timed: the 16th spends the budget, the 32nd finds it spent.
        hit(tracepoint, queue, times: 40, count: 1)
        #expect(tracepoint.counters.throttled.load(ordering: .relaxed) == 1, "paused once, then its probe is off")
        #expect(tracepoint.counters.throttledBy.load(ordering: .relaxed) == Throttle.conditionCPU.rawValue)
        #expect(
            Throttle.conditionCPU.describe(Quotas())
                == "the CPU budget for conditions and metrics (1% of a core, all tracepoints together)")
    }

    /// A `window_end` in the year 9999 and a fire period of centuries once trapped, at
    /// install and at a hit; they saturate.
    @Test func timesPastWhat64BitsHoldSaturate() throws {
        let queue = SnapshotQueue(capacity: 4)
        let far = try #require(try? Date("9999-12-31T00:00:00Z", strategy: .iso8601))
        let tracepoint = try active(
            Tracepoint(
                id: "a", path: "Orders.swift", line: 10, fireCount: -1,
                firePeriodMilliseconds: Int.max / 2, windowStart: Date(), windowEnd: far))
        hit(tracepoint, queue, times: 3)
        #expect(tracepoint.counters.fires.load(ordering: .relaxed) == 1)
        let later = try active(Tracepoint(id: "b", path: "Orders.swift", line: 10, windowStart: far))
        hit(later, queue)
        #expect(later.counters.fires.load(ordering: .relaxed) == 0)
    }

    @Test func windowsOpenAndClose() throws {
        let queue = SnapshotQueue(capacity: 16)
        let later = try active(Tracepoint(id: "a", path: "Orders.swift", line: 10, windowStart: Date().addingTimeInterval(3600)))
        hit(later, queue)
        #expect(later.counters.fires.load(ordering: .relaxed) == 0 && !later.isFinished)
        let over = try active(Tracepoint(id: "b", path: "Orders.swift", line: 10, windowEnd: Date().addingTimeInterval(-1)))
        hit(over, queue)
        #expect(over.counters.fires.load(ordering: .relaxed) == 0 && over.isFinished)
    }

    @Test func compileErrorsAreStatuses() {
        let registry = FileRegistry(records: [file.record])
        func message(_ tracepoint: Tracepoint) -> String? {
            guard
                case .rejected(let status) = Agent.compile(
                    tracepoint, registry: registry, configuration: configuration, budgets: SharedBudgets(configuration.quotas), reusing: nil
                )
            else { return nil }
            return status.message
        }
        #expect(
            message(Tracepoint(id: "a", path: "Orders.swift", line: 11))
                == "location: no code at line 11 of /app/Orders.swift; nearest probed lines are 10 and 20")
        #expect(
            message(Tracepoint(id: "b", path: "Orders.swift", line: 10, condition: "a =="))
                == "condition: expected a value, found the end at column 5")
        #expect(message(Tracepoint(id: "c", path: "Orders.swift", line: 10, log: "{a")) == "log: `{` has no matching `}` at column 1")
        #expect(
            message(Tracepoint(id: "d", path: "Orders.swift", line: 10, watches: ["ok", "a["]))
                == "watch `a[`: expected a value, found the end at column 3")
    }

    /// Deep's `frame_type` and `stack_type`: `no_frame` leaves the variables out (watches
    /// still see them), `no_stack` the callers; the defaults keep both.
    @Test(arguments: [
        (Tracepoint.FrameType.singleFrame, Tracepoint.StackType.stack, true, true),
        (.allFrame, .stack, true, true),
        (.noFrame, .stack, false, true),
        (.singleFrame, .noStack, true, false),
    ])
    func frameAndStackTypesShapeTheSnapshot(
        frameType: Tracepoint.FrameType, stackType: Tracepoint.StackType, variables: Bool, callers: Bool
    ) throws {
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active(
            Tracepoint(id: "a", path: "Orders.swift", line: 20, watches: ["count"], frameType: frameType, stackType: stackType))
        hit(tracepoint, queue, count: 3)
        let pending = try #require(queue.dequeue())
        #expect(pending.stack.isEmpty != callers, "the stack is walked for its callers")
        let snapshot = pending.completed()
        #expect(snapshot.variables.map(\.name) == (variables ? ["count"] : []))
        #expect(snapshot.watches.first?.value?.value == "3")
    }

    @Test func aSnapshotCarriesWhatTheTracepointAsks() throws {
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active(
            Tracepoint(id: "a", path: "Orders.swift", line: 20, log: "n={count}", watches: ["count * 2"], snapshot: false))
        hit(tracepoint, queue, count: 21)
        let snapshot = try #require(queue.dequeue()).completed()
        #expect(snapshot.tracepointID == "a" && snapshot.path == "/app/Orders.swift" && snapshot.line == 20)
        #expect(snapshot.variables.isEmpty, "snapshot: false")
        #expect(snapshot.log == "n=21")
        #expect(
            snapshot.watches == [
                Snapshot.WatchResult(expression: "count * 2", value: VariableNode(name: "count * 2", type: "Int64", value: "42"))
            ])
        #expect(snapshot.frames.first == Snapshot.Frame(function: "f()", path: "/app/Orders.swift", line: 20))
        #expect(snapshot.attributes["process.pid"] == String(getpid()))
        #expect(snapshot.id.count == 32 && snapshot.id.allSatisfy(\.isHexDigit), "spelled by the agent: \(snapshot.id)")
        let thread = HitThread.current(now: 0).id
        #expect(snapshot.thread.hasSuffix("(\(thread))") || snapshot.thread == "\(thread)", "the hitting thread: \(snapshot.thread)")
    }

    /// The snapshot holds the values at the hit: an object the program changes right after
    /// the probe returns shows its fields as they were.
    @Test func aSnapshotHoldsTheValuesAtTheHit() throws {
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active(Tracepoint(id: "a", path: "Orders.swift", line: 20))
        let person = Person(name: "Ada", age: 36)
        _ = tracepoint.hit(function: "f()", variables: variables(["person": person]), queue: queue)
        person.age = 37
        let snapshot = try #require(queue.dequeue()).completed()
        let age = snapshot.variables.first?.children.first { $0.name == "age" }
        #expect(age?.value == "36")
    }

    /// Values that cannot change are copied at the hit and captured by the agent; a value
    /// that holds an object is read at the hit, as the object is.
    @Test func theAgentCapturesOnlyWhatCannotChangeAfterTheHit() throws {
        struct Holder { var person: Person }
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active(Tracepoint(id: "a", path: "Orders.swift", line: 20, fireCount: -1, firePeriodMilliseconds: 0))
        _ = tracepoint.hit(function: "f()", variables: variables(["item": Item(sku: "pen", price: 1.5, quantity: 2)]), queue: queue)
        let detached = try #require(queue.dequeue())
        #expect(detached.detached != nil && detached.snapshot.variables.isEmpty)
        let item = try #require(detached.completed().variables.first)
        #expect(item.name == "item" && item.children.map(\.value) == ["pen", "1.5", "2"])

        var written = [1, 2, 3]
        _ = tracepoint.hit(function: "f()", variables: { $0.capture("written", written) }, queue: queue)
        written[0] = 9
        let copy = try #require(queue.dequeue())
        #expect(copy.detached != nil)
        #expect(copy.completed().variables.first?.children.map(\.value) == ["1", "2", "3"])

        // Held until the agent captures it, a long collection would be copied whole by the
        // program's next write to it: it is captured at the hit, as far as the limits go.
        _ = tracepoint.hit(function: "f()", variables: variables(["long": Array(0..<100)]), queue: queue)
        #expect(try #require(queue.dequeue()).detached == nil)

        let holder = Holder(person: Person(name: "Ada", age: 36))
        _ = tracepoint.hit(function: "f()", variables: variables(["holder": holder]), queue: queue)
        holder.person.age = 37
        let attached = try #require(queue.dequeue())
        #expect(attached.detached == nil)
        let age = attached.completed().variables.first?.children.first?.children.first { $0.name == "age" }
        #expect(age?.value == "36")
    }
}

struct FixtureFailure: Error {}
