import Benchmark
import BenchmarkSupport
import Deep
import ProbeSites
import ProbeSitesPlain

// What one probe costs in each state. Each loop benchmark runs `recurrence` over
// `probesPerRun` steps, one probed line each; the per-probe cost is the difference to the
// plain build of the same loop divided by `probesPerRun` (Benchmarks/run does that).
// Hits use a sink that discards, and quotas that never throttle, so the numbers are the
// hitting thread's own work. Before each sample of a hit benchmark the queue is drained
// (unmeasured): a fire that finds it full is dropped before it captures, and a benchmark
// that outran the agent would measure drops.

let probesPerRun = 1000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 100,
        maxDuration: .seconds(3), maxIterations: 200_000)

    measure("loop, plain") { blackHole(ProbeSitesPlain.recurrence(probesPerRun, seed: 1)) }
    loop("loop, probes disabled", tracepoints: [])
    loop("loop, tracepoint elsewhere in the file", tracepoints: [site("elsewhere")])
    loop("loop, condition false", tracepoints: [site("loop", #""condition": "step < 0""#)])
    loop("loop, log hit", tracepoints: [site("loop", #""log": "step {step}", "snapshot": false"#)])
    let order = ProbeSites.sampleOrder(1)
    measure(
        "loop, field condition false", setup: { Tracepoints.install([site("fields", Tracepoints.fieldCondition)]) },
        drainEvery: 1
    ) { blackHole(ProbeSites.recurrence(probesPerRun, seed: 1, order: order)) }

    let snapshot = [site("snapshot")]
    measure("snapshot hit, 10 locals", setup: { Tracepoints.install(snapshot) }, drainEvery: 256) { blackHole(ProbeSites.tenLocals(7)) }
    measure("snapshot hit, 10 locals, queue full", setup: { Tracepoints.install(snapshot, delivery: .neverDrained) }) {
        blackHole(ProbeSites.tenLocals(7))
    }
}

/// A benchmark of the instrumented loop with `tracepoints` installed.
func loop(_ name: String, tracepoints: [String]) {
    measure(name, setup: { Tracepoints.install(tracepoints) }, drainEvery: tracepoints.isEmpty ? nil : 1) {
        blackHole(ProbeSites.recurrence(probesPerRun, seed: 1))
    }
}

/// A tracepoint with no fire period on the line of ProbeSites.swift marked `// bench: <marker>`.
func site(_ marker: String, _ fields: String = "") -> String {
    Tracepoints.entry(marker, in: "ProbeSites/ProbeSites.swift", #""fire_period_ms": 0"# + (fields.isEmpty ? "" : ", " + fields))
}

/// A benchmark that runs `setup` once, then `body` once per iteration. `drainEvery: n`
/// empties the snapshot queue before every nth sample, outside the measurement, so that it
/// never fills: every sample of the loops (1000 hits each), every 256th of a single hit (so
/// that most samples find the caches as a running program would).
func measure(
    _ name: String, setup: @escaping @Sendable () -> Void = {}, drainEvery: Int? = nil,
    body: @escaping @Sendable () -> Void
) {
    Benchmark(
        name,
        closure: { benchmark in
            if let drainEvery {
                if Samples.next() % drainEvery == 0 { Deep.flush() }
                benchmark.startMeasurement()
            }
            for _ in benchmark.scaledIterations { body() }
        }, setup: { setup() })
}

/// Counts samples (benchmarks run on one thread, one sample at a time).
enum Samples {
    nonisolated(unsafe) private static var count = 0

    static func next() -> Int {
        count += 1
        return count
    }
}
