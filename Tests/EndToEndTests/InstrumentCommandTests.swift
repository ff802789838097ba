import DeepModel
import DeepInstrumenter
import Foundation
import Testing

/// `deep-instrument` as a user runs it: output, manifest, summary, and clear errors that
/// leave nothing half-written.
@Suite struct InstrumentCommandTests {
    static let tool = FixturePackage.tool("deep-instrument")

    private func temporaryTree(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("deep-cli-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    private func run(_ arguments: [String]) throws -> Command.Result {
        try Command.run(Self.tool.path, arguments)
    }

    @Test func writesCopiesManifestAndSummary() throws {
        let root = try temporaryTree([
            "Sources/App/main.swift": "let x = 1\nprint(x)\n",
            "Sources/App/Model/Order.swift": "struct Order {\n    func total() -> Int {\n        let a = 1\n        return a\n    }\n}\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("out")
        let result = try run(["--output", output.path, root.appendingPathComponent("Sources").path])
        #expect(result.status == 0)
        #expect(result.output == "deep-instrument: 2 files, 4 probes on 4 of 4 executable lines (100.0%); skipped 0\n")
        let copy = try String(contentsOf: output.appendingPathComponent("App/Model/Order.deep.swift"), encoding: .utf8)
        #expect(copy.hasPrefix("#sourceLocation(file: \"\(root.path)/Sources/App/Model/Order.swift\", line: 1)\n"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("App/main.swift").path))

        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: output.appendingPathComponent("deep-manifest.json")))
        #expect(manifest.root == root.appendingPathComponent("Sources").path)
        #expect(manifest.files.map(\.path) == ["App/Model/Order.swift", "App/main.swift"])
        #expect(manifest.files.map(\.lines) == [[3, 4], [1, 2]])
        #expect(manifest.files.first?.output == "App/Model/Order.deep.swift")
    }

    @Test func aFileThatDoesNotParseIsNamedAndNothingIsWritten() throws {
        let root = try temporaryTree([
            "good.swift": "func ok() { print(1) }\n",
            "bad.swift": "func broken( {\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("out")
        let result = try run(["--output", output.path, root.path])
        #expect(result.status == 1)
        #expect(result.output.contains("deep-instrument: error: \(root.path)/bad.swift:1:"))
        #expect(result.output.contains("Fix the syntax error; nothing was written."))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func aMissingPathIsNamed() throws {
        let result = try run(["--output", "/tmp/unused", "/no/such/dir"])
        #expect(result.status == 1)
        #expect(result.output.contains("/no/such/dir: cannot read: no such file or directory"))
    }

    @Test func aDirectoryWithoutSourcesIsAnError() throws {
        let root = try temporaryTree(["notes.txt": "hello"])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try run(["--output", root.appendingPathComponent("out").path, root.path])
        #expect(result.status == 1)
        #expect(result.output.contains("no .swift or .c files in"))
    }
}
