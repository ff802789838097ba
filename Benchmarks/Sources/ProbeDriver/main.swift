import Deep
import Foundation
import ProbeSites
import ProbeSitesPlain

// `ProbeDriver plain|instrumented COUNT`: runs the probed loop COUNT times with no
// tracepoint, so that callgrind can count the instructions each probe adds.
// `ProbeDriver snapshot COUNT`: COUNT snapshot hits of `tenLocals`, for a profiler.
let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[2]) else {
    print("usage: ProbeDriver plain|instrumented|snapshot COUNT")
    exit(64)
}
switch arguments[1] {
case "plain": print(ProbeSitesPlain.recurrence(count, seed: 1))
case "instrumented": print(ProbeSites.recurrence(count, seed: 1))
default:
    var total = 0
    for seed in 0..<count { total &+= ProbeSites.tenLocals(seed) }
    print(total)
}
