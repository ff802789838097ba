import InMemoryTracing
import Testing
import Tracing

@testable import Deep

/// Span tracepoints record through swift-distributed-tracing (here into its in-memory
/// tracer), and a snapshot taken while a span is active carries that span's ids.
@Suite struct SpanTests {
    let file = RecordInMemory(
        path: "/app/Shop.swift", lines: [10, 12, 20],
        functions: [ProbedFunction(name: "Shop.price(_:)", line: 10, endLine: 20, exits: true)])
    let tracer = InMemoryTracer()

    private func active(_ tracepoint: Tracepoint) throws -> ActiveTracepoint {
        var configuration = Deep.Configuration(tracepointsPath: "/nonexistent/tracepoints.json", sinks: [])
        configuration.tracer = tracer
        let compiled = Agent.compile(
            tracepoint, registry: FileRegistry(records: [file.record]), configuration: configuration,
            budgets: SharedBudgets(configuration.quotas), reusing: nil)
        guard case .active(let active) = compiled else { throw FixtureFailure() }
        return active
    }

    @Test func aMethodSpanCoversTheCallUnderTheActiveSpan() throws {
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active(
            Tracepoint(id: "s", path: "", line: 0, methodName: "price", span: .method, fireCount: -1, firePeriodMilliseconds: 0))
        #expect(tracepoint.definition.stage == .methodEnd && tracepoint.location.line == 20)
        let start = HitClock.monotonicNanoseconds() - 3_000_000
        let request = tracer.startSpan("request")
        ServiceContext.$current.withValue(request.context) {
            _ = tracepoint.hit(function: "Shop.price(_:)", since: start, variables: { $0.capture("amount", 5) }, queue: queue)
        }
        request.end()
        let span = try #require(tracer.finishedSpans.first { $0.operationName == "Shop.price(_:)" })
        #expect(span.parentSpanID == request.spanID && span.traceID == request.traceID)
        let nanos = (span.endInstant.nanosecondsSinceEpoch - span.startInstant.nanosecondsSinceEpoch)
        #expect(nanos >= 3_000_000 && nanos < 1_000_000_000)
        #expect(span.attributes["deep.tracepoint.id"]?.toSpanAttribute() == "s")
        #expect(span.attributes["code.lineno"]?.toSpanAttribute() == 20)

        let snapshot = try #require(queue.dequeue()?.snapshot)
        #expect(snapshot.attributes["trace.\(InMemoryTracer.traceIDKey)"] == request.traceID)
        #expect(snapshot.attributes["trace.\(InMemoryTracer.spanIDKey)"] == request.spanID)
        #expect(snapshot.durationNanos.map { $0 >= 3_000_000 } == true)
    }

    /// A call that threw ends its method span with the status `error` and an `exception`
    /// event naming the error's type; its snapshot has the watch `exception`.
    @Test func aMethodSpanOverACallThatThrewRecordsTheError() throws {
        struct Declined: Error { let code: Int }
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active(
            Tracepoint(id: "s", path: "", line: 0, methodName: "price", span: .method, fireCount: -1, firePeriodMilliseconds: 0))
        let start = HitClock.monotonicNanoseconds()
        _ = tracepoint.hit(
            function: "Shop.price(_:)", since: start,
            variables: {
                $0.capture("amount", 5); $0.thrown(Declined(code: 7))
            }, queue: queue)
        _ = tracepoint.hit(
            function: "Shop.price(_:)", since: start,
            variables: {
                $0.returned(9); $0.thrown(nil)
            }, queue: queue)
        let spans = tracer.finishedSpans
        #expect(spans.count == 2)
        #expect(spans.first?.status?.code == .error)
        #expect(spans.first?.events.map(\.name) == ["exception"])
        #expect(spans.first?.events.first?.attributes["exception.type"]?.toSpanAttribute() == "Declined")
        #expect(spans.last?.status == nil && spans.last?.events.isEmpty == true)

        let snapshot = try #require(queue.dequeue()?.snapshot)
        #expect(snapshot.watches.map(\.expression) == ["exception"])
        #expect(snapshot.watches.first?.value?.children.first?.value == "7")
        #expect(snapshot.variables.map(\.name) == ["duration", "amount"])
        #expect(try #require(queue.dequeue()?.snapshot).watches.map(\.expression) == ["return"])
    }

    @Test func aLineSpanMarksTheFireAndAMethodSpanNeedsTheExit() throws {
        let queue = SnapshotQueue(capacity: 4)
        let line = try active(Tracepoint(id: "l", path: "Shop.swift", line: 12, span: .line, fireCount: -1, firePeriodMilliseconds: 0))
        _ = line.hit(function: "Shop.price(_:)", variables: [], queue: queue)
        let span = try #require(tracer.finishedSpans.first)
        #expect(span.operationName == "Shop.swift:12" && span.parentSpanID == nil)
        #expect(queue.dequeue()?.snapshot.attributes.keys.contains { $0.hasPrefix("trace") } == false, "no span was active")

        var configuration = Deep.Configuration(tracepointsPath: "/nonexistent/tracepoints.json", sinks: [])
        configuration.tracer = tracer
        let entry = Agent.compile(
            Tracepoint(id: "e", path: "", line: 0, stage: .methodStart, methodName: "price", span: .method),
            registry: FileRegistry(records: [file.record]), configuration: configuration,
            budgets: SharedBudgets(configuration.quotas), reusing: nil)
        guard case .rejected(let status) = entry else { Issue.record("installed"); return }
        #expect(status.message?.hasPrefix("span: a method span covers the call") == true)
    }
}
