import Deep
import DeepModel
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The gRPC client to one Deep server, shared by the poll loop and the snapshot uploader,
/// with what the status file shows about it.
///
/// Calls never wait for a connection (`waitForReady` off) and have a deadline, so a server
/// that is down or slow shows as a failed call at once or after ``DeepServer/callTimeout``;
/// the transport reconnects in the background with its own backoff.
final class ServerConnection: Sendable {
    let server: DeepServer
    /// The process's resource attributes, and the same as key-values for the wire.
    let resource: [String: String]
    let wireResource: [WireKeyValue]
    private let client: GRPCClient<HTTP2ClientTransport.Posix>?
    private let metadata: Metadata
    private let options: CallOptions
    private let status: Locked<ServerStatus>
    /// The configs of the tracepoints installed, by id: a snapshot carries its own.
    private let configs = Locked<[String: WireTracePointConfig]>([:])

    init(_ server: DeepServer) {
        self.server = server
        resource = server.resource
        wireResource = WireKeyValue.list(resource)
        var metadata = Metadata()
        if let authorization = server.authorization { metadata.addString(authorization, forKey: "authorization") }
        self.metadata = metadata
        var options = CallOptions.defaults
        options.timeout = server.callTimeout
        options.waitForReady = false
        options.maxResponseMessageBytes = server.maxResponseBytes
        self.options = options
        var status = ServerStatus(
            address: server.address, secure: server.secure, state: .connecting, currentHash: nil,
            polls: 0, failedPolls: 0, lastError: nil, snapshotsSent: 0, snapshotsDropped: 0,
            snapshotsFailed: 0)
        do {
            let transport = try HTTP2ClientTransport.Posix(
                target: Self.target(server),
                transportSecurity: Self.security(server),
                config: .defaults { config in
                    config.backoff = .init(initial: .milliseconds(500), max: .seconds(10), multiplier: 1.6, jitter: 0.2)
                })
            let client = GRPCClient(transport: transport)
            Task.detached { try? await client.runConnections() }
            self.client = client
        } catch {
            client = nil
            status.state = .unreachable
            status.lastError = "cannot set up a connection to \(server.address): \(error)"
            RuntimeLog.warning("\(status.lastError!); fleet mode gets no tracepoints")
        }
        self.status = Locked(status)
    }

    deinit { client?.beginGracefulShutdown() }

    /// An IP address is its own target: through DNS it would become the TLS server name,
    /// which may not be an address.
    private static func target(_ server: DeepServer) -> any ResolvableTarget {
        var bytes = in6_addr()
        if inet_pton(AF_INET, server.host, &bytes) == 1 { return .ipv4(host: server.host, port: server.port) }
        if inet_pton(AF_INET6, server.host, &bytes) == 1 { return .ipv6(host: server.host, port: server.port) }
        return .dns(host: server.host, port: server.port)
    }

    private static func security(_ server: DeepServer) -> HTTP2ClientTransport.Posix.TransportSecurity {
        guard server.secure else { return .plaintext }
        guard let file = server.trustedCertificatesFile else { return .tls }
        return .tls { $0.trustRoots = .certificates([.file(path: file, format: .pem)]) }
    }

    /// Asks for the tracepoints, sending the hash of the set applied last.
    func poll(currentHash: String?) async throws -> WirePollResponse {
        guard let client else { throw RPCError(code: .unavailable, message: "no connection could be set up") }
        var request = WirePollRequest()
        request.tsNanos = UInt64(Date().timeIntervalSince1970 * 1_000_000_000)
        if let currentHash { request.currentHash = currentHash }
        request.resource.attributes = wireResource
        return try await Deepproto_Proto_Poll_V1_PollConfig.Client(wrapping: client)
            .poll(request, metadata: metadata, options: options)
    }

    func send(_ snapshot: WireSnapshot) async throws {
        guard let client else { throw RPCError(code: .unavailable, message: "no connection could be set up") }
        _ = try await Deepproto_Proto_Tracepoint_V1_SnapshotService.Client(wrapping: client)
            .send(snapshot, metadata: metadata, options: options)
    }

    var currentStatus: ServerStatus { status.withLock { $0 } }

    func update(_ change: (inout ServerStatus) -> Void) { status.withLock { change(&$0) } }

    func install(_ configs: [WireTracePointConfig]) {
        self.configs.withLock { installed in
            installed = Dictionary(configs.map { ($0.id, $0) }) { first, _ in first }
        }
    }

    func config(of tracepointID: String) -> WireTracePointConfig? { configs.withLock { $0[tracepointID] } }

    /// Words for a failed call; with TLS on, a connection that fails says how to turn it off.
    func describe(_ error: any Error) -> String {
        guard let error = error as? RPCError else { return "\(error)" }
        let hint =
            server.secure && error.code == .unavailable
            ? " (TLS is on; for a server without TLS set DEEP_SERVICE_SECURE=false)" : ""
        let cause = error.cause.map { " (\($0))" } ?? ""
        return "\(error.code): \(error.message)\(cause)\(hint)"
    }
}
