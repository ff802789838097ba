import Foundation

/// The test Deep server (`Fixtures/DeepServer/deep_server.py`, on the protocol's published
/// Python stubs) in its own process: what it serves, how it misbehaves, what it received.
final class DeepServerPeer: @unchecked Sendable {
    let control: URL
    private(set) var port = 0
    private var process: Process?

    static let script = FixturePackage.fixtures.appendingPathComponent("DeepServer/deep_server.py")

    /// The certificate it serves TLS with (a self-signed one for 127.0.0.1), when it does.
    let certificate: URL?

    /// Starts a server serving `tracepoints` (TracePointConfig objects in protobuf JSON form),
    /// over TLS when `tls`.
    init(tracepoints: [[String: Any]], tls: Bool = false) throws {
        control = FileManager.default.temporaryDirectory.appendingPathComponent("deep-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: control, withIntermediateDirectories: true)
        certificate = tls ? control.appendingPathComponent("cert.pem") : nil
        if tls {
            let made = try Command.run(
                "openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", control.appendingPathComponent("key.pem").path,
                    "-out", control.appendingPathComponent("cert.pem").path,
                ])
            guard made.status == 0 else { throw FixtureError("openssl could not make a certificate:\n\(made.output)") }
        }
        try serve(tracepoints)
        try start()
    }

    /// Starts the server process, on the port it had before if it ran already.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = try TestPython.command(
            [Self.script.path, control.path, String(port)]
                + (certificate.map { [$0.path, control.appendingPathComponent("key.pem").path] } ?? []))
        let output = Pipe()
        let errors = control.appendingPathComponent("server-errors.txt")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)), port > 0 else {
            process.waitUntilExit()
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw FixtureError("the test Deep server did not start:\n\(message)")
        }
        self.port = port
        self.process = process
    }

    /// Kills the server at once, as a crash would: its connections are reset.
    func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    var address: String { "127.0.0.1:\(port)" }

    func serve(_ tracepoints: [[String: Any]]) throws {
        try JSONSerialization.data(withJSONObject: tracepoints).write(to: control.appendingPathComponent("tracepoints.json"))
    }

    /// `ok`, `slow`, `error`, `malformed` or `huge` (see the script).
    func misbehave(_ mode: String) throws {
        try mode.write(to: control.appendingPathComponent("mode"), atomically: true, encoding: .utf8)
    }

    func polls() throws -> [[String: Any]] { try records("polls.jsonl") }

    /// The snapshots received, decoded by the published stubs (protobuf JSON field names).
    func snapshots() throws -> [[String: Any]] { try records("snapshots.jsonl") }

    /// The objects of one of the server's JSON-lines files: protobuf JSON, which no DeepModel
    /// type describes, read with `value(_:_:)`.
    private func records(_ name: String) throws -> [[String: Any]] {
        try readJSONLines(control.appendingPathComponent(name)) { line in
            guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                throw FixtureError("not a JSON object")
            }
            return object
        }
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: control)
    }
}
