#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Deep.Configuration {
    /// The configuration the environment describes; every variable is optional.
    ///
    /// - `DEEP_TRACEPOINTS`, `DEEP_SNAPSHOTS`: the tracepoints file and the snapshots file.
    /// - `DEEP_MAX_VAR_DEPTH`, `DEEP_MAX_COLLECTION_SIZE`, `DEEP_MAX_STRING_LENGTH`,
    ///   `DEEP_MAX_VARIABLES`, `DEEP_MAX_SNAPSHOT_BYTES`: capture limits.
    /// - `DEEP_REDACT_NAMES`, `DEEP_REDACT_EXCLUDE`, `DEEP_REDACT_TYPES`: comma-separated
    ///   secret words to add, names to let through, and types never to capture.
    /// - `DEEP_SNAPSHOTS_PER_SECOND`, `DEEP_LOGS_PER_SECOND`, `DEEP_BYTES_PER_SECOND`,
    ///   `DEEP_CPU_PER_HIT_MS`, `DEEP_CONDITION_CPU_PERCENT`, `DEEP_MAX_TRACEPOINTS`,
    ///   `DEEP_MAX_TRACEPOINTS_PER_LINE`: quotas.
    /// - `DEEP_FLUSH_TIMEOUT_MS`: how long one sink call may last before a flush, a restart
    ///   or the flush at exit stops waiting for it.
    ///
    /// A value that does not parse is reported on standard error and its default is used.
    public static func fromEnvironment() -> Deep.Configuration {
        fromEnvironment(ProcessInfo.processInfo.environment)
    }

    static func fromEnvironment(_ environment: [String: String]) -> Deep.Configuration {
        var configuration = Deep.Configuration(
            tracepointsPath: ServiceFiles.tracepointsPath(environment),
            sinks: [JSONLinesFileSink(path: ServiceFiles.snapshotsPath(environment)), LogMessageSink()])
        let settings = EnvironmentSettings(environment: environment)
        settings.read("DEEP_MAX_VAR_DEPTH", into: &configuration.limits.maxDepth)
        settings.read("DEEP_MAX_COLLECTION_SIZE", into: &configuration.limits.maxCollectionSize)
        settings.read("DEEP_MAX_STRING_LENGTH", into: &configuration.limits.maxStringLength)
        settings.read("DEEP_MAX_VARIABLES", into: &configuration.limits.maxVariables)
        settings.read("DEEP_MAX_SNAPSHOT_BYTES", into: &configuration.limits.maxSnapshotBytes)
        configuration.limits = configuration.limits.capped(at: .maximum)
        configuration.redaction = Redaction(
            names: Redaction.defaultNames.union(settings.list("DEEP_REDACT_NAMES")),
            excludedNames: settings.list("DEEP_REDACT_EXCLUDE"),
            neverCapturedTypes: settings.list("DEEP_REDACT_TYPES"))
        settings.read("DEEP_SNAPSHOTS_PER_SECOND", into: &configuration.quotas.snapshotsPerSecond)
        settings.read("DEEP_LOGS_PER_SECOND", into: &configuration.quotas.logsPerSecondPerTracepoint)
        settings.read("DEEP_BYTES_PER_SECOND", into: &configuration.quotas.bytesPerSecond)
        settings.read("DEEP_CPU_PER_HIT_MS", milliseconds: &configuration.quotas.cpuPerHit)
        settings.read("DEEP_MAX_TRACEPOINTS", into: &configuration.quotas.maxTracepoints)
        settings.read("DEEP_MAX_TRACEPOINTS_PER_LINE", into: &configuration.quotas.maxTracepointsPerLine)
        var conditionPercent = configuration.quotas.conditionCPUShare * 100
        settings.read("DEEP_CONDITION_CPU_PERCENT", into: &conditionPercent)
        configuration.quotas.conditionCPUShare = conditionPercent / 100
        settings.read("DEEP_FLUSH_TIMEOUT_MS", milliseconds: &configuration.flushTimeout)
        return configuration
    }
}

/// Reads settings from environment variables, reporting the ones that do not parse.
package struct EnvironmentSettings {
    package let environment: [String: String]

    package init(environment: [String: String]) { self.environment = environment }

    package func read(_ name: String, into value: inout Int) {
        guard let text = environment[name] else { return }
        guard let number = Int(Self.trimmed(text)), number > 0 else {
            return report(name, text, "a whole number of 1 or more", default: "\(value)")
        }
        value = number
    }

    package func read(_ name: String, into value: inout Double) {
        guard let text = environment[name] else { return }
        guard let number = Double(Self.trimmed(text)), number > 0, number.isFinite else {
            return report(name, text, "a number greater than 0", default: "\(value)")
        }
        value = number
    }

    /// A number of milliseconds, fractions allowed; more than a day is a day.
    package func read(_ name: String, milliseconds value: inout Duration) {
        guard environment[name] != nil else { return }
        var milliseconds = Double(HitClock.nanoseconds(value)) / 1_000_000
        read(name, into: &milliseconds)
        value = .nanoseconds(Int64(min(milliseconds, 86_400_000) * 1_000_000))
    }

    /// `true`, `yes`, `on`, `1` or `false`, `no`, `off`, `0`, in any case.
    package func read(_ name: String, into value: inout Bool) {
        guard let text = environment[name] else { return }
        switch Self.trimmed(text).lowercased() {
        case "true", "yes", "on", "1", "t", "y": value = true
        case "false", "no", "off", "0", "f", "n": value = false
        default: report(name, text, "true or false", default: "\(value)")
        }
    }

    package func list(_ name: String) -> Set<String> {
        Set(
            (environment[name] ?? "").split(separator: ",").map(Self.trimmed)
                .filter { !$0.isEmpty })
    }

    package func report(_ name: String, _ text: String, _ expected: String, default value: String) {
        RuntimeLog.warning("\(name)=\(text) is not \(expected); using \(value)")
    }

    package static func trimmed<S: StringProtocol>(_ text: S) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
