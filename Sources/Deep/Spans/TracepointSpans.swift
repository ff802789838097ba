import DeepModel
import Tracing

/// What a tracepoint does through swift-distributed-tracing: the span it records at each fire
/// (`span`), and the ids of the span active at a fire, which its snapshot carries.
///
/// Both run only when a tracepoint fires, on the hitting thread, with the tracer the program
/// bootstrapped (or `Deep.Configuration.tracer`): a tracer is library code, not the program's.
struct TracepointSpans: Sendable {
    /// What the recorded span covers; nil to record none.
    let kind: Tracepoint.Span?
    /// The configured tracer; nil for the bootstrapped one (`BootstrappedBackends`).
    let tracer: (any Tracer)?

    private var current: any Tracer { tracer ?? BootstrappedBackends.tracer }

    /// Records the span of a fire at wall-clock time `wall` (nanoseconds since 1970): over
    /// the call that ends now (`duration`), or at the moment for a line. A method span over a
    /// call that threw (`thrown`, read from the exit only for one) gets the status `error` and
    /// an `exception` event with `exception.type`: the type's name alone, as no message can
    /// be had without running the error's own code (`description`).
    func record(
        tracepoint id: String, function: ProbeName, path: String, line: Int, wall: UInt64, duration: UInt64?,
        thrown: () -> (any Error)?
    ) {
        guard let kind else { return }
        let name = kind == .method ? function.description : "\(path.split(separator: "/").last ?? ""):\(line)"
        let span = current.startSpan(
            name, context: ServiceContext.current ?? .topLevel, ofKind: .internal,
            at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: wall &- (duration ?? 0)))
        span.attributes["deep.tracepoint.id"] = id
        span.attributes["code.function"] = function.description
        span.attributes["code.filepath"] = path
        span.attributes["code.lineno"] = line
        if kind == .method, let error = thrown() {
            span.addEvent(SpanEvent(name: "exception", attributes: ["exception.type": "\(type(of: error))"]))
            span.setStatus(SpanStatus(code: .error))
        }
        span.end(at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: wall))
    }

    /// The span active at the fire, as the tracer propagates it: each header it injects as
    /// `trace.NAME` (`trace.traceparent`), and from a W3C `traceparent`, `trace_id` and
    /// `span_id`. Empty when no span is active.
    func activeSpanAttributes() -> [String: String] {
        guard let context = ServiceContext.current else { return [:] }
        var headers: [String: String] = [:]
        current.inject(context, into: &headers, using: HeaderInjector())
        var attributes = Dictionary(uniqueKeysWithValues: headers.map { ("trace." + $0.key, $0.value) })
        // version-traceid-spanid-flags
        if let parent = headers["traceparent"]?.split(separator: "-"), parent.count == 4 {
            attributes["trace_id"] = String(parent[1])
            attributes["span_id"] = String(parent[2])
        }
        return attributes
    }

    private struct HeaderInjector: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
    }
}
