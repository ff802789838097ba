import Deep

#if canImport(Glibc)
import Glibc
#endif

extension DeepServer {
    /// What this process tells the server about itself (the `Resource` of polls and
    /// snapshots), and what a tracepoint's `targeting` is checked against.
    ///
    /// The process's own attributes (`process.pid`, `process.name`, `host.name`,
    /// `telemetry.sdk.*`) come first, then ``resourceAttributes``, then ``serviceName``.
    /// Without a service name it is `unknown_service:<process name>`, as OpenTelemetry's.
    var resource: [String: String] {
        var attributes = ProcessAttributes.current
        attributes["telemetry.sdk.language"] = "swift"
        attributes["telemetry.sdk.name"] = "deep"
        attributes["telemetry.sdk.version"] = Deep.version
        if let host = Self.hostName { attributes["host.name"] = host }
        attributes.merge(resourceAttributes) { _, new in new }
        if let serviceName { attributes["service.name"] = serviceName }
        if attributes["service.name"] == nil {
            attributes["service.name"] = "unknown_service:" + (ProcessAttributes.current["process.name"] ?? "")
        }
        return attributes
    }

    private static let hostName: String? = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}
