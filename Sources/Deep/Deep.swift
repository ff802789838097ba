import CDeepRuntime
import CoreMetrics
import Tracing

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
    /// This runtime's version, as snapshots and fleet mode's resource report it.
    public static let version = "0.1.0"

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
        /// How long one sink call may last before `Deep.flush()`, a restart and the flush at
        /// exit stop waiting for it (a write that blocks, as swift-log's does on a standard
        /// error nobody reads). A long drain of calls that each end is waited for.
        public var flushTimeout: Duration = .seconds(5)
        /// Where metric tracepoints record; nil for the factory the program bootstrapped
        /// (`MetricsSystem.bootstrap`).
        public var metricsFactory: (any MetricsFactory)?
        /// Where span tracepoints record, and what names the active span in a snapshot's
        /// attributes; nil for the tracer the program bootstrapped (`InstrumentationSystem`).
        public var tracer: (any Tracer)?
        /// Fleet mode: a Deep server (`DeepGRPC`) in place of the tracepoints file.
        package var server: (any TracepointSource)?

        public init(tracepointsPath: String, sinks: [any SnapshotSink]) {
            self.tracepointsPath = ServiceFiles.absolute(tracepointsPath)
            self.sinks = sinks
        }
    }

    private static let agent = Locked<Agent?>(nil)

    /// Starts the runtime, or restarts it with a new configuration. The tracepoints file
    /// is applied before this returns.
    public static func start(_ configuration: Configuration = .fromEnvironment()) {
        start(configuration, records: records())
    }

    /// The record ranges of other images that their instrumented C files announced.
    private static let announcedImages = Locked(AnnouncedImages())

    /// The records of this image and of every announced one.
    private static func records() -> [ProbeRecord] {
        let announced = announcedImages.withLock { $0.images }.flatMap { image in
            ProbeRecord.walk(UnsafeMutablePointer(bitPattern: image.begin)!, count: image.count)
        }
        return ProbeRecord.linked() + announced
    }

    /// Adds the records of another image and applies the tracepoints to them: the runtime
    /// (re)starts with every record it knows.
    static func register(image begin: UnsafePointer<UInt64>, end: UnsafePointer<UInt64>) {
        // The runtime's own image never comes here (deep_c_register_image in runtime.c).
        let changed = announcedImages.withLock { $0.announce(begin: UInt(bitPattern: begin), count: end - begin) }
        if changed { CTypeTables.forget() }
        if changed, let running = agent.withLock({ $0 }) {
            start(running.configuration, records: records())
        } else {
            startAutomatically()
        }
    }

    /// Every record still loaded, when an announced image was unloaded (`dlclose`) since
    /// the last call; nil when none was. The agent asks before it writes enabled bits, on
    /// its own thread and under its own lock only (never this file's `agent` lock, which a
    /// restart holds while it waits for that thread).
    static func recordsIfImagesWereUnloaded() -> [ProbeRecord]? {
        guard announcedImages.withLock({ $0.forgetUnloaded() }) else { return nil }
        CTypeTables.forget()
        return records()
    }

    /// Stops the running agent and starts a new one, all under the lock, so that concurrent
    /// starts leave exactly one agent running.
    private static func start(_ configuration: Configuration, records: [ProbeRecord]) {
        registerExitFlush
        agent.withLock { current in
            current?.stop(exiting: false)
            let fresh = Agent(configuration: configuration, registry: FileRegistry(records: records))
            fresh.start()
            current = fresh
        }
    }

    /// Hands every queued snapshot to the sinks now, and writes the status file. Returns
    /// false when it gave up: a sink's call had lasted the configuration's `flushTimeout`
    /// (the snapshots stay queued; an agent a restart abandoned may keep them), or the
    /// runtime is not running.
    @discardableResult
    public static func flush() -> Bool {
        agent.withLock { $0 }?.flush() ?? false
    }

    /// Flushes at normal exit, so a short-lived program loses no snapshot.
    private static let registerExitFlush: Void = {
        atexit { Deep.agent.withLock { $0 }?.stop(exiting: true) }
    }()

    /// Called before `main` by the runtime's ELF constructor and by C files announcing
    /// their image; does nothing once the runtime runs.
    static func startAutomatically() {
        if let disabled = getenv("DEEP_DISABLED"), String(cString: disabled) == "1" { return }
        guard agent.withLock({ $0 }) == nil else { return }
        let records = records()
        guard !records.isEmpty else { return }
        start(fleetConfiguration() ?? .fromEnvironment(), records: records)
    }

    /// Fleet mode's configuration, when `DeepGRPC` is linked in and `DEEP_SERVICE_URL` is set.
    private static func fleetConfiguration() -> Configuration? {
        if deep_fleet_linked() == 0, let url = getenv("DEEP_SERVICE_URL"), url.pointee != 0 {
            RuntimeLog.warning(
                "DEEP_SERVICE_URL is set, but this program does not link DeepGRPC "
                    + "(fleet mode); using the tracepoints file")
        }
        guard let box = deep_fleet_configuration() else { return nil }
        return Unmanaged<ConfigurationBox>.fromOpaque(box).takeRetainedValue().configuration
    }

    /// A configuration handed across the C boundary (`deep_grpc_configuration`).
    package final class ConfigurationBox {
        package let configuration: Configuration
        package init(_ configuration: Configuration) { self.configuration = configuration }
    }
}

@_cdecl("deep_runtime_autostart")
public func _deepRuntimeAutostart() {
    Deep.startAutomatically()
}
