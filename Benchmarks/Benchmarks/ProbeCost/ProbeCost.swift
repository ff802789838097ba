import Benchmark
import Deep
import Foundation
import ProbeSites
import ProbeSitesPlain

// What one probe costs in each state. Each loop benchmark runs `recurrence` over
// `probesPerRun` steps, one probed line each; the per-probe cost is the difference to the
// plain build of the same loop divided by `probesPerRun` (Benchmarks/run does that).
// Hits use a sink that discards, and quotas that never throttle, so the numbers are the
// hitting thread's own work.

let probesPerRun = 1000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 100,
        maxDuration: .seconds(3), maxIterations: 200_000)

    measure("loop, plain", setup: {}) { blackHole(ProbeSitesPlain.recurrence(probesPerRun, seed: 1)) }
    loop("loop, probes disabled", tracepoints: [])
    loop("loop, tracepoint elsewhere in the file", tracepoints: [Tracepoints.entry(line: Tracepoints.line("elsewhere"))])
    loop("loop, condition false", tracepoints: [Tracepoints.entry(line: Tracepoints.line("loop"), #""condition": "step < 0""#)])
    loop("loop, log hit", tracepoints: [Tracepoints.entry(line: Tracepoints.line("loop"), #""log": "step {step}", "snapshot": false"#)])

    let snapshot = [Tracepoints.entry(line: Tracepoints.line("snapshot"))]
    measure("snapshot hit, 10 locals", setup: { Tracepoints.install(snapshot) }) { blackHole(ProbeSites.tenLocals(7)) }
    measure("snapshot hit, 10 locals, queue full", setup: { Tracepoints.install(snapshot, drained: false) }) {
        blackHole(ProbeSites.tenLocals(7))
    }
}

/// A benchmark of the instrumented loop with `tracepoints` installed.
func loop(_ name: String, tracepoints: [String]) {
    measure(name, setup: { Tracepoints.install(tracepoints) }) { blackHole(ProbeSites.recurrence(probesPerRun, seed: 1)) }
}

/// A benchmark that runs `setup` once, then `body` once per iteration.
func measure(_ name: String, setup: @escaping @Sendable () -> Void, body: @escaping @Sendable () -> Void) {
    Benchmark(name, closure: { benchmark in
        for _ in benchmark.scaledIterations { body() }
    }, setup: { setup() })
}

enum Tracepoints {
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/ProbeSites/ProbeSites.swift")

    /// The line of ProbeSites.swift marked `// bench: <marker>`.
    static func line(_ marker: String) -> Int {
        let lines = (try? String(contentsOf: source, encoding: .utf8))?.components(separatedBy: "\n") ?? []
        guard let index = lines.firstIndex(where: { $0.hasSuffix("// bench: \(marker)") }) else {
            fatalError("no `// bench: \(marker)` in \(source.path)")
        }
        return index + 1
    }

    /// A tracepoints-file entry (JSON) that fires on every hit, with more `fields` (JSON members).
    static func entry(line: Int, _ fields: String = "") -> String {
        #"{"id": "bench-\#(line)", "path": "ProbeSites/ProbeSites.swift", "line": \#(line), "fire_count": -1, "fire_period_ms": 0"#
            + (fields.isEmpty ? "" : ", " + fields) + "}"
    }

    /// Restarts the runtime with these tracepoints; with `drained: false` the agent never
    /// empties the snapshot queue, so once it is full every hit is dropped.
    static func install(_ entries: [String], drained: Bool = true) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("deep-bench-\(getpid()).json")
        try! Data((#"{"tracepoints": ["# + entries.joined(separator: ", ") + "]}").utf8).write(to: file)
        var configuration = Deep.Configuration(tracepointsPath: file.path, sinks: [Discard()])
        configuration.quotas.snapshotsPerSecond = 1e12
        configuration.quotas.logsPerSecondPerTracepoint = 1e12
        configuration.quotas.bytesPerSecond = 1e15
        configuration.pollInterval = drained ? .milliseconds(50) : .seconds(86_400)
        Deep.start(configuration)
    }
}

struct Discard: SnapshotSink {
    func write(_ snapshot: Snapshot) {}
}
