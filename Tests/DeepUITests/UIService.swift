import DeepModel
import DeepUI
import DeepWorkspace
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A service directory in a temporary directory: one instrumented source file, its probe
/// manifest, and the page's server over them, driven without a network.
struct UIService {
    let root: URL
    let directory: ServiceDirectory
    let server: UIServer
    /// The instrumented file's original path.
    let source: String

    /// Probed lines of `Orders.swift` below.
    static let probedLines = [3, 4, 7]
    static let text = """
        struct Orders {
            func price(_ total: Int) -> Int {
                let discount = total / 10
                return total - discount

                func unused() {
                    print("x")
                }
            }
        }
        """

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("deep-ui-\(UUID().uuidString)")
        let sources = root.appendingPathComponent("Sources/App")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        source = sources.appendingPathComponent("Orders.swift").path
        try Self.text.write(toFile: source, atomically: true, encoding: .utf8)
        let manifest = Manifest(
            root: root.appendingPathComponent("Sources").path,
            files: [
                .init(
                    path: "App/Orders.swift", originalPath: source, output: "App/Orders.swift", lines: Self.probedLines,
                    statements: 3, executableLines: 3, skipped: [:],
                    functions: [ProbedFunction(name: "Orders.price(_:)", line: 2, endLine: 9, exits: true)])
            ])
        try JSONEncoder().encode(manifest).write(to: root.appendingPathComponent("deep-manifest.json"))
        directory = ServiceDirectory(environment: [
            "DEEP_TRACEPOINTS": root.appendingPathComponent(".deep/tracepoints.json").path,
            "DEEP_SNAPSHOTS": root.appendingPathComponent(".deep/snapshots.jsonl").path,
        ])
        server = UIServer(directory: directory, manifestPaths: [root.path], token: AccessToken("secret-token"))
    }

    /// Runs `body` against the server's router.
    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await Application(router: server.router()).test(.router, body)
    }

    static let tokenHeader: HTTPFields = [HTTPField.Name("X-Deep-Token")!: "secret-token"]

    func remove() { try? FileManager.default.removeItem(at: root) }
}

extension TestClientProtocol {
    /// A request with the token, its response's status and body as JSON.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil
    ) async throws -> (status: HTTPResponse.Status, body: Any?) {
        try await execute(
            uri: uri, method: method, headers: UIService.tokenHeader, body: json.map { ByteBuffer(string: $0) }
        ) { response in
            (response.status, try? JSONSerialization.jsonObject(with: Data(buffer: response.body)))
        }
    }
}
