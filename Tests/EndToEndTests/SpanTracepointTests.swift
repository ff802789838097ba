import DeepModel
import Foundation
import Testing

/// Span tracepoints in a program that bootstrapped swift-distributed-tracing's in-memory
/// tracer: the span lands in the program's tracer, under the request's span, and the
/// snapshot carries the request's ids.
@Suite struct SpanTracepointTests {
    @Test func aMethodSpanLandsInTheProgramsTracerAndTheSnapshotNamesTheActiveSpan() throws {
        let line = try FixturePackage.line(of: "price-entry", in: "Traced/Pricing.swift") + 2  // return base + 1
        let tracepoints = #"""
            {"tracepoints": [
              {"id": "call", "method_name": "price", "span": "method", "fire_count": -1, "fire_period_ms": 0},
              {"id": "line", "path": "Traced/Pricing.swift", "line": LINE, "span": "line", "snapshot": false,
               "log": "base {base}", "fire_count": 1}
            ]}
            """#.replacingOccurrences(of: "LINE", with: String(line))
        let program = try RunningProgram(try FixturePackage.debug.get().executable("Traced"), tracepoints: tracepoints)
        try program.wait(for: "the program to start") { program.lines.first == "traced ready" }
        try program.wait(for: "the tracepoints to be installed") {
            try program.status()?.tracepoints.allSatisfy { $0.state == .installed } == true
        }
        program.send("price 2")
        program.send("price 5")
        try program.wait(for: "the snapshots") { try program.snapshots().count == 3 }
        let result = program.finish()
        #expect(result.status == 0, "\(result.errors.suffix(2000))")

        // `price 7 trace T span S`, then `span NAME trace T parent P`.
        let requests = result.output.filter { $0.hasPrefix("price ") }.map { $0.split(separator: " ").map(String.init) }
        #expect(requests.map { $0[1] } == ["7", "16"])
        let spans = result.output.filter { $0.hasPrefix("span ") }.map { $0.split(separator: " ").map(String.init) }
        let calls = spans.filter { $0[1] == "price(_:)" }
        #expect(calls.map { [$0[3], $0[5]] } == requests.map { [$0[3], $0[5]] }, "each call's span is a child of its request's")
        #expect(spans.filter { $0[1] == "Pricing.swift:\(line)" }.count == 1)

        let snapshots = try program.snapshots()
        let exits = snapshots.filter { $0.tracepointID == "call" }
        #expect(exits.map { $0.attributes["trace.in-memory-trace-id"] } == requests.map { $0[3] })
        #expect(exits.map { $0.attributes["trace.in-memory-span-id"] } == requests.map { $0[5] })
        #expect(exits.allSatisfy { $0.variable("duration") != nil })
        #expect(snapshots.first { $0.tracepointID == "line" }?.log == "base 6")
    }
}
