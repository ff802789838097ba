import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The Deep runtime: live tracepoints for instrumented code.
///
/// A program that links instrumented code needs no code change: the runtime starts
/// itself before `main`, configured from the environment, and flushes at normal exit.
/// Call `start(_:)` to configure it from code instead, and `flush()` to push out queued
/// snapshots at a moment of your choosing.
///
/// Environment: `DEEP_TRACEPOINTS` (default `.deep/tracepoints.json`), `DEEP_SNAPSHOTS`
/// (default `.deep/snapshots.jsonl`), `DEEP_DISABLED=1` to turn the runtime off, and the
/// capture policy settings listed at `Configuration.fromEnvironment()`.
public enum Deep {
    /// How the runtime is set up.
    public struct Configuration: Sendable {
        /// The JSON file of tracepoints the runtime watches.
        public var tracepointsPath: String
        /// Where the status file of this process goes: `status-<pid>.json` beside the tracepoints file.
        public var statusPath: String {
            ServiceFiles.statusPath(beside: tracepointsPath, pid: getpid())
        }
        /// Where snapshots go; by default a JSON-lines file and swift-log for log messages.
        public var sinks: [any SnapshotSink]
        /// Capture limits for every tracepoint; a tracepoint can set its own.
        public var limits = CaptureLimits()
        /// Which names and types are never captured.
        public var redaction = Redaction()
        /// How much tracepoints may cost, whatever they ask for.
        public var quotas = Quotas()
        /// How often the agent looks at the tracepoints file and drains snapshots.
        public var pollInterval: Duration = .milliseconds(50)

        public init(tracepointsPath: String, sinks: [any SnapshotSink]) {
            self.tracepointsPath = ServiceFiles.absolute(tracepointsPath)
            self.sinks = sinks
        }
    }

    private static let agent = Mutex<Agent?>(nil)

    /// Starts the runtime, or restarts it with a new configuration. The tracepoints file
    /// is applied before this returns.
    public static func start(_ configuration: Configuration = .fromEnvironment()) {
        start(configuration, records: ProbeRecord.linked())
    }

    private static func start(_ configuration: Configuration, records: [ProbeRecord]) {
        let fresh = Agent(configuration: configuration, registry: FileRegistry(records: records))
        let replaced = agent.withLock { current -> Agent? in
            defer { current = fresh }
            return current
        }
        replaced?.stop(exiting: false)
        fresh.start()
        registerExitFlush
    }

    /// Hands every queued snapshot to the sinks now, and writes the status file.
    public static func flush() {
        agent.withLock { $0 }?.flush()
    }

    /// Flushes at normal exit, so a short-lived program loses no snapshot.
    private static let registerExitFlush: Void = {
        atexit { Deep.agent.withLock { $0 }?.stop(exiting: true) }
    }()

    /// Called before `main` by the runtime's ELF constructor.
    static func startAutomatically() {
        if let disabled = getenv("DEEP_DISABLED"), String(cString: disabled) == "1" { return }
        let records = ProbeRecord.linked()
        guard !records.isEmpty else { return }
        start(.fromEnvironment(), records: records)
    }
}

@_cdecl("deep_runtime_autostart")
public func _deepRuntimeAutostart() {
    Deep.startAutomatically()
}
