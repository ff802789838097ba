// A service traced with swift-distributed-tracing's in-memory tracer. Each `price <amount>`
// line on standard input is answered under a `request` span with
// `price <result> trace <trace id> span <span id>`; at end of input, each finished span is
// printed as `span <name> trace <trace id> parent <parent span id, or ->`.

import InMemoryTracing
import Tracing

#if canImport(Glibc)
import Glibc
#endif

/// Answers at once, also into a pipe (`print` buffers there).
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

let tracer = InMemoryTracer()
InstrumentationSystem.bootstrap(tracer)
say("traced ready")
while let line = readLine() {
    let words = line.split(separator: " ")
    guard words.count == 2, words[0] == "price", let amount = Int(words[1]) else { continue }
    tracer.withSpan("request") { span in
        say("price \(price(amount)) trace \(span.traceID) span \(span.spanID)")
    }
}
for span in tracer.finishedSpans {
    say("span \(span.operationName) trace \(span.traceID) parent \(span.parentSpanID ?? "-")")
}
