import Deep
import Foundation

/// Tracepoints for the benchmarks: found by a `// bench: <marker>` comment in a source
/// file of this package, and installed by restarting the runtime.
public enum Tracepoints {
    /// How the installed runtime treats what its tracepoints produce.
    public enum Delivery {
        /// Hits go to a sink that discards, with quotas (CPU per hit and for conditions
        /// included) that never throttle: the numbers are the hitting thread's own work.
        case discardedUnthrottled
        /// As `discardedUnthrottled`, but the agent never drains the snapshot queue, so once
        /// it is full every hit is dropped.
        case neverDrained
        /// The default quotas, and snapshots appended to a JSON-lines file: what a service
        /// gets out of the box.
        case defaults
    }

    /// A request handler's kind of condition, as tracepoint fields for the line marked
    /// `fields` (`recurrence(_:seed:order:)`): the first comparison holds, the second does not.
    public static let fieldCondition = #""condition": "order.customer.name == \"Ada\" && order.items.count >= 50""#

    /// The line of `Sources/<file>` marked `// bench: <marker>`.
    public static func line(_ marker: String, in file: String) -> Int {
        let source = packageDirectory.appendingPathComponent("Sources").appendingPathComponent(file)
        let lines = (try? String(contentsOf: source, encoding: .utf8))?.components(separatedBy: "\n") ?? []
        guard let index = lines.firstIndex(where: { $0.hasSuffix("// bench: \(marker)") }) else {
            fatalError("no `// bench: \(marker)` in \(source.path)")
        }
        return index + 1
    }

    /// A tracepoints-file entry (JSON) on the line marked `marker` in `Sources/<file>`, that
    /// fires on every hit, with more `fields` (JSON members).
    public static func entry(_ marker: String, in file: String, _ fields: String = "") -> String {
        let line = line(marker, in: file)
        return #"{"id": "bench-\#(line)", "path": "\#(file)", "line": \#(line), "fire_count": -1"#
            + (fields.isEmpty ? "" : ", " + fields) + "}"
    }

    /// Restarts the runtime with these tracepoints (entries made by `entry`).
    public static func install(_ entries: [String], delivery: Delivery = .discardedUnthrottled) {
        let file = writeFile(entries)
        let directory = file.deletingLastPathComponent()
        var configuration: Deep.Configuration
        switch delivery {
        case .defaults:
            configuration = Deep.Configuration(
                tracepointsPath: file.path,
                sinks: [JSONLinesFileSink(path: directory.appendingPathComponent("snapshots.jsonl").path)])
        case .discardedUnthrottled, .neverDrained:
            configuration = Deep.Configuration(tracepointsPath: file.path, sinks: [Discard()])
            configuration.quotas.snapshotsPerSecond = 1e12
            configuration.quotas.logsPerSecondPerTracepoint = 1e12
            configuration.quotas.bytesPerSecond = 1e15
            configuration.quotas.cpuPerHit = .seconds(60)  // a hit under callgrind runs ~50 times slower
            // A whole core for conditions: a single-threaded loop never reaches it, and each
            // hit still pays for timing its condition, as by default.
            configuration.quotas.conditionCPUShare = 1
            if case .neverDrained = delivery { configuration.pollInterval = .seconds(86_400) }
        }
        Deep.start(configuration)
    }

    /// Milliseconds from writing `entry` into the tracepoints file of a running runtime (the
    /// defaults, no tracepoint before) to the first snapshot its sink receives; nil after 10 s.
    public static func millisecondsToFirstSnapshot(_ entry: String) -> Double? {
        let file = writeFile([])
        let sink = FirstArrival()
        Deep.start(Deep.Configuration(tracepointsPath: file.path, sinks: [sink]))
        usleep(300_000)
        let start = DispatchTime.now().uptimeNanoseconds
        _ = writeFile([entry])
        while DispatchTime.now().uptimeNanoseconds - start < 10_000_000_000 {
            if let arrival = sink.arrival { return Double(arrival - start) / 1e6 }
            usleep(1000)
        }
        return nil
    }

    /// Replaces this process's benchmark tracepoints file (at once: a running agent reads it
    /// whole or not at all) with `entries`, and returns its location.
    private static func writeFile(_ entries: [String]) -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deep-bench-\(getpid())")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("tracepoints.json")
        try! Data((#"{"tracepoints": ["# + entries.joined(separator: ", ") + "]}").utf8).write(to: file, options: .atomic)
        return file
    }

    private static let packageDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// A sink that drops every snapshot.
struct Discard: SnapshotSink {
    func write(_ snapshot: Snapshot) {}
}

/// A sink that notes when the first snapshot arrives.
final class FirstArrival: SnapshotSink, @unchecked Sendable {
    private let lock = NSLock()
    private var first: UInt64?

    var arrival: UInt64? { lock.withLock { first } }

    func write(_ snapshot: Snapshot) {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.withLock { if first == nil { first = now } }
    }
}
