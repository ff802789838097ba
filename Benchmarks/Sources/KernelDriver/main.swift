import BenchmarkSupport
import Deep
import Foundation
import Kernels
import KernelsPlain

// The Swift macro benchmarks. `KernelDriver SECONDS ROUNDS OUTPUT`: in each round, times every
// kernel plain and instrumented (no tracepoint set) for SECONDS each, then the instrumented
// interpreter with and without a snapshot tracepoint on its hottest line. Writes the median
// µs per run over the rounds to OUTPUT (JSON). Interleaving the builds within each round,
// and alternating which goes first, keeps a drifting machine from favouring one of them.

let arguments = CommandLine.arguments
// `KernelDriver count plain|instrumented INDEX RUNS`: runs one kernel RUNS times and nothing
// else, and prints its name; Benchmarks/run counts the instructions under callgrind, which
// the code layout that moves the wall clock does not move.
if arguments.count == 5, arguments[1] == "count", let index = Int(arguments[3]), let runs = Int(arguments[4]) {
    let kernel = (arguments[2] == "plain" ? KernelsPlain.kernels : Kernels.kernels)[index]
    var sum = 0
    for _ in 0..<runs { sum &+= kernel.run() }
    print(kernel.name + "\t" + String(sum))
    exit(0)
}
guard arguments.count == 4, let seconds = Double(arguments[1]), let rounds = Int(arguments[2]) else {
    print("usage: KernelDriver SECONDS ROUNDS OUTPUT | KernelDriver count plain|instrumented INDEX RUNS")
    exit(64)
}

/// The median wall clock of one run of `kernel` in µs, over runs for about `seconds`.
@MainActor func medianMicroseconds(_ kernel: () -> Int) -> Double {
    checksum &+= kernel()  // warm-up
    var samples: [UInt64] = []
    let end = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
    repeat {
        let start = DispatchTime.now().uptimeNanoseconds
        checksum &+= kernel()
        samples.append(DispatchTime.now().uptimeNanoseconds - start)
    } while samples.count < 5 || DispatchTime.now().uptimeNanoseconds < end
    return median(samples.map { Double($0) }) / 1000
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

var checksum = 0
var times: [String: [String: [Double]]] = [:]
let interpreter = Kernels.kernels.first { $0.name == "bytecode interpreter" }!
let hotLine = Tracepoints.entry("dispatch", in: "Kernels/Interpreter.swift")
for (plain, instrumented) in zip(KernelsPlain.kernels, Kernels.kernels) where plain.run() != instrumented.run() {
    print("\(plain.name): the instrumented build computes another result")
    exit(1)
}
/// Restarts the runtime with `tracepoints`, and gives its new agent thread time to settle.
/// Only the hot-line pair restarts it, once for each of its two measurements; the kernels run
/// with no tracepoint set (the runtime as it started itself, then as `install([])` left it).
func install(_ tracepoints: [String], delivery: Tracepoints.Delivery = .discardedUnthrottled) {
    Tracepoints.install(tracepoints, delivery: delivery)
    usleep(300_000)
}

for round in 1...rounds {
    for (plain, instrumented) in zip(KernelsPlain.kernels, Kernels.kernels) {
        // Odd rounds time the plain build first, even rounds the instrumented one.
        let builds = [("plain", plain.run), ("instrumented", instrumented.run)]
        for (build, run) in round % 2 == 1 ? builds : builds.reversed() {
            times[plain.name, default: [:]][build, default: []].append(medianMicroseconds(run))
        }
    }
    install([hotLine], delivery: .defaults)
    times["hot line", default: [:]]["tracepoint", default: []].append(medianMicroseconds(interpreter.run))
    install([])
    times["hot line", default: [:]]["no tracepoint", default: []].append(medianMicroseconds(interpreter.run))
    print("round \(round) of \(rounds) done")
}
// Set → first snapshot: a thread loops in `spin` (its plain copy: nothing is set), then a
// tracepoint on the loop's line is written into the tracepoints file.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    var isSet: Bool { lock.withLock { stopped } }
    func set() { lock.withLock { stopped = true } }
}
var firstSnapshot: [Double] = []
for _ in 1...5 {
    let flag = StopFlag()
    let spinning = Thread { _ = Kernels.spin(until: { flag.isSet }) }
    spinning.start()
    usleep(100_000)
    if let milliseconds = Tracepoints.millisecondsToFirstSnapshot(Tracepoints.entry("spin", in: "Kernels/LongLoop.swift")) {
        firstSnapshot.append(milliseconds)
    }
    flag.set()
    install([])
}
print("set → first snapshot (ms): \(firstSnapshot)")

let medians = times.mapValues { $0.mapValues(median) }
let report: [String: Any] = [
    "rounds": rounds, "seconds": seconds, "kernels": medians, "checksum": checksum,
    "first_snapshot_ms": firstSnapshot.isEmpty ? -1 : median(firstSnapshot),
]
try! JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
    .write(to: URL(fileURLWithPath: arguments[3]))
