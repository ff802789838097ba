import BenchmarkSupport
import Deep
import Foundation
import ProbeSites
import ProbeSitesPlain

// `ProbeDriver plain|instrumented COUNT`: runs the probed loop COUNT times with no
// tracepoint, so that callgrind can count the instructions each probe adds.
// `ProbeDriver condition COUNT`: the same loop with a never-true condition on its line
// (COUNT hits), and `ProbeDriver snapshot COUNT`: COUNT snapshot hits of `tenLocals`, both
// for a profiler.
let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[2]) else {
    print("usage: ProbeDriver plain|instrumented|condition|snapshot COUNT")
    exit(64)
}
let file = "ProbeSites/ProbeSites.swift"
switch arguments[1] {
case "plain": print(ProbeSitesPlain.recurrence(count, seed: 1))
case "instrumented": print(ProbeSites.recurrence(count, seed: 1))
case "condition":
    Tracepoints.install([Tracepoints.entry("loop", in: file, #""fire_period_ms": 0, "condition": "step < 0""#)])
    print(ProbeSites.recurrence(count, seed: 1))
default:
    Tracepoints.install([Tracepoints.entry("snapshot", in: file, #""fire_period_ms": 0"#)])
    var total = 0
    for seed in 0..<count { total &+= ProbeSites.tenLocals(seed) }
    print(total)
}
