import Deep

/// Fleet mode: a Deep server (intergral/deep, or anything that speaks its protocol) hands
/// this process its tracepoints and receives its snapshots, over gRPC.
///
/// Linking `DeepGRPC` and setting `DEEP_SERVICE_URL` is all a program needs: the runtime
/// starts in fleet mode before `main` (see ``fromEnvironment()`` for every setting). To
/// configure it in code instead:
///
///     var server = DeepServer(host: "deep.internal", port: 43315)
///     server.serviceName = "orders"
///     Deep.start(.fleet(server))
public struct DeepServer: Sendable {
    public var host: String
    public var port: Int
    /// TLS (`DEEP_SERVICE_SECURE`; on by default, as Deep's agent).
    public var secure = true
    /// Time between polls for tracepoints (`DEEP_POLL_TIMER`, seconds; 10 by default).
    public var pollInterval: Duration = .seconds(10)
    /// A PEM file of the certificates to trust, in place of the system's trust roots, for a
    /// server whose certificate a private CA signed (`DEEP_SERVICE_CA_FILE`).
    public var trustedCertificatesFile: String?
    /// The `authorization` header sent with every call (`DEEP_SERVICE_AUTH`, such as
    /// `Bearer abc`; or basic authentication from `DEEP_SERVICE_USERNAME` and `DEEP_SERVICE_PASSWORD`).
    public var authorization: String?
    /// `service.name` in the resource (`DEEP_SERVICE_NAME`).
    public var serviceName: String?
    /// More resource attributes (`DEEP_RESOURCE_ATTRIBUTES`, `key=value,...`): the server
    /// picks tracepoints by them, and a tracepoint's `targeting` is checked against them.
    public var resourceAttributes: [String: String] = [:]
    /// How long one call may take before it counts as failed (`DEEP_SERVICE_TIMEOUT`, seconds).
    public var callTimeout: Duration = .seconds(10)
    /// The largest poll response accepted; a larger one counts as a failed poll.
    public var maxResponseBytes = 4 << 20
    /// Snapshots waiting to be sent; when it is full, new snapshots are dropped and counted.
    public var queueCapacity = 256
    /// How long the process may wait at exit for queued snapshots to go out.
    public var exitTimeout: Duration = .seconds(2)

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`.
    public var address: String { "\(host):\(port)" }
}

extension Deep.Configuration {
    /// Fleet mode: tracepoints come from `server` and snapshots go to it; log messages also
    /// go to swift-log. Capture limits, redaction and quotas come from the environment, as in
    /// the embedded mode. Polling starts at once.
    public static func fleet(_ server: DeepServer) -> Deep.Configuration {
        let connection = ServerConnection(server)
        var configuration = Deep.Configuration.fromEnvironment()
        configuration.server = PollLoop(connection: connection)
        configuration.sinks = [SnapshotUploader(connection: connection), LogMessageSink()]
        return configuration
    }
}

/// Called by the runtime before `main` (through a weak symbol, so the embedded mode never
/// needs this module): fleet mode's configuration when `DEEP_SERVICE_URL` is set.
@_cdecl("deep_grpc_configuration")
public func _deepGRPCConfiguration() -> UnsafeMutableRawPointer? {
    guard let server = DeepServer.fromEnvironment() else { return nil }
    return Unmanaged.passRetained(Deep.ConfigurationBox(.fleet(server))).toOpaque()
}
