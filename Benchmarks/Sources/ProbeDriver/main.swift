import BenchmarkSupport
import Deep
import Foundation
import ProbeSites
import ProbeSitesPlain

// For callgrind and profilers: COUNT probes of one kind, as the micro benchmarks run them.
//   ProbeDriver plain|instrumented COUNT   the probed loop, COUNT steps, no tracepoint
//   ProbeDriver condition|log COUNT        the same with a never-true condition, or a log
//                                          message, on its line: COUNT hits
//   ProbeDriver fields COUNT               the loop with an order in scope and a never-true
//                                          condition on two of its fields: COUNT hits
//   ProbeDriver snapshot COUNT             COUNT snapshot hits of `tenLocals`
// Hits go to a sink that discards, with quotas that never throttle; keep COUNT of log and
// snapshot hits under the queue's 1024 so that none is dropped.
let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[2]) else {
    print("usage: ProbeDriver plain|instrumented|condition|log|fields|snapshot COUNT")
    exit(64)
}
let file = "ProbeSites/ProbeSites.swift"
switch arguments[1] {
case "plain": print(ProbeSitesPlain.recurrence(count, seed: 1))
case "instrumented": print(ProbeSites.recurrence(count, seed: 1))
case "condition", "log":
    let fields = arguments[1] == "log" ? #""log": "step {step}", "snapshot": false"# : #""condition": "step < 0""#
    Tracepoints.install([Tracepoints.entry("loop", in: file, #""fire_period_ms": 0, "# + fields)])
    print(ProbeSites.recurrence(count, seed: 1))
case "fields":
    Tracepoints.install([Tracepoints.entry("fields", in: file, #""fire_period_ms": 0, "# + Tracepoints.fieldCondition)])
    print(ProbeSites.recurrence(count, seed: 1, order: ProbeSites.sampleOrder(1)))
default:
    Tracepoints.install([Tracepoints.entry("snapshot", in: file, #""fire_period_ms": 0"#)])
    var total = 0
    for seed in 0..<count { total &+= ProbeSites.tenLocals(seed) }
    print(total)
}
