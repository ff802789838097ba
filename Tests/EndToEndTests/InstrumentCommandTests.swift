import DeepInstrumenter
import DeepModel
import Foundation
import Testing

/// A temporary directory holding `files` (relative path: text).
private func temporaryTree(_ files: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("deep-cli-\(UUID().uuidString)")
    for (path, text) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
}

/// `deep-instrument` as a user runs it: output, manifest, summary, and clear errors that
/// leave nothing half-written.
@Suite struct InstrumentCommandTests {
    static let tool = FixturePackage.tool("deep-instrument")

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
        #expect(result.output == "deep-instrument: 2 files, 4 statements, 6 probes on 6 of 6 executable lines (100.0%); skipped 0\n")
        let copy = try String(contentsOf: output.appendingPathComponent("App/Model/Order.deep.swift"), encoding: .utf8)
        #expect(copy.hasPrefix("#sourceLocation(file: \"\(root.path)/Sources/App/Model/Order.swift\", line: 1)\n"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("App/main.swift").path))

        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: output.appendingPathComponent("deep-manifest.json")))
        #expect(manifest.root == root.appendingPathComponent("Sources").path)
        #expect(manifest.files.map(\.path) == ["App/Model/Order.swift", "App/main.swift"])
        #expect(manifest.files.map(\.lines) == [[2, 3, 4, 5], [1, 2]])  // `total()`: entry, two statements, exit
        #expect(manifest.files.first?.output == "App/Model/Order.deep.swift")
    }

    @Test func aFileThatDoesNotParseIsNamedAndNothingIsWritten() throws {
        let root = try temporaryTree([
            "good.swift": "func ok() { print(1) }\n",
            "bad.swift": "func broken( {\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent(".out")
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

    /// `--output DIR DIR` once overwrote main.swift with its instrumented copy, and a second
    /// run instrumented the copy again.
    @Test(arguments: ["", "/Generated", "/main.swift"])
    func anOutputOnOrInsideTheInputsIsRefusedAndNothingIsWritten(outputSuffix: String) throws {
        let main = "let x = 1\nprint(x)\n"
        let root = try temporaryTree(["main.swift": main, "Orders.swift": "func f() {\n    print(1)\n}\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        let result = try run(["--output", root.path + outputSuffix, root.path])
        #expect(result.status == 1)
        #expect(
            result.output.contains("would overwrite or lie inside the input \(root.path)")
                || result.output.contains("\(root.path)/main.swift would overwrite or lie inside the input \(root.path)/main.swift"),
            "\(result.output)")
        #expect(result.output.contains("nothing was written"))
        #expect(try String(contentsOf: root.appendingPathComponent("main.swift"), encoding: .utf8) == main)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == before)
    }

    @Test func aNamedFileCannotBeItsOwnOutput() throws {
        let root = try temporaryTree(["main.swift": "print(1)\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try run(["--output", root.path, root.appendingPathComponent("main.swift").path])
        #expect(result.status == 1)
        #expect(result.output.contains("\(root.path)/main.swift would overwrite or lie inside the input \(root.path)/main.swift"))
        #expect(try String(contentsOf: root.appendingPathComponent("main.swift"), encoding: .utf8) == "print(1)\n")
    }

    @Test func aSourceThatIsNotUTF8IsNamedAsSuch() throws {
        let root = try temporaryTree([:])
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try (Data("let name = \"caf".utf8) + Data([0xE9]) + Data("\"\n".utf8)).write(to: root.appendingPathComponent("latin1.swift"))
        let result = try run(["--output", root.appendingPathComponent(".out").path, root.path])
        #expect(result.status == 1)
        #expect(result.output.contains("\(root.path)/latin1.swift: not UTF-8 text"), "\(result.output)")
        #expect(!result.output.contains("check that the path exists"))
    }

    /// A copy that cannot be written leaves none of the others behind.
    @Test func aFailedWriteLeavesNoCopies() throws {
        let root = try temporaryTree(["a/One.swift": "func one() {\n    print(1)\n}\n", "b/Two.swift": "func two() {\n    print(2)\n}\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent(".out")
        // A file where the second copy's directory must go.
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data().write(to: output.appendingPathComponent("b"))
        let result = try run(["--output", output.path, root.path])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("cannot write"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["b"], "no copy, no manifest, no temporary file")
    }

    @Test func aDirectoryWithoutSourcesIsAnError() throws {
        let root = try temporaryTree(["notes.txt": "hello"])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try run(["--output", root.appendingPathComponent(".out").path, root.path])
        #expect(result.status == 1)
        #expect(result.output.contains("no .swift or .c files in"))
    }
}

/// deep-instrument on C files: what it does with flags, with files that do not parse, and
/// without libclang.
@Suite struct InstrumentCCommandTests {
    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Command.Result {
        let variables = environment.map { "\($0.key)=\($0.value)" }
        return try Command.run("env", variables + [FixturePackage.tool("deep-instrument").path] + arguments)
    }

    private let program = "int main(void) {\n    int total = 1;\n#ifdef EXTRA\n    total += EXTRA;\n#endif\n    return total - 1;\n}\n"

    @Test func flagsAfterTheTerminatorReachTheParser() throws {
        let root = try temporaryTree(["main.c": program])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent(".out")
        let result = try run(["--output", output.path, root.appendingPathComponent("main.c").path, "--", "-DEXTRA=2"])
        #expect(result.status == 0, "\(result.output)")
        // With the entry (line 1) and the exit (line 7).
        #expect(result.output.contains("1 files, 3 statements, 5 probes on 5 of 5 executable lines"))
        let text = try String(contentsOf: output.appendingPathComponent("main.c"), encoding: .utf8)
        #expect(text.contains("DEEP_C_PROBE(") && text.contains("#line 1 \"\(root.appendingPathComponent("main.c").path)\""))
    }

    @Test func aCompilationDatabaseGivesEachFileItsFlags() throws {
        let root = try temporaryTree(["src/main.c": program])
        defer { try? FileManager.default.removeItem(at: root) }
        let database = """
            [{"directory": "\(root.path)", "file": "src/main.c", "command": "cc -DEXTRA=2 -c src/main.c -o main.o"}]
            """
        try database.write(to: root.appendingPathComponent("compile_commands.json"), atomically: true, encoding: .utf8)
        let result = try run([
            "--output", root.appendingPathComponent(".out").path, "-p", root.path,
            root.appendingPathComponent("src").path,
        ])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("5 probes on 5 of 5 executable lines"))
    }

    @Test func aFileThatDoesNotParseIsCopiedUnchanged() throws {
        let broken = "int main(void) {\n    return missing_name;\n}\n"
        let root = try temporaryTree(["broken.c": broken, "fine.c": program])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent(".out")
        let result = try run(["--output", output.path, root.path])
        #expect(result.status == 0)
        #expect(result.output.contains("warning: \(root.appendingPathComponent("broken.c").path): left as is:"))
        #expect(result.output.contains("use of undeclared identifier 'missing_name'"))
        #expect(try String(contentsOf: output.appendingPathComponent("broken.c"), encoding: .utf8) == broken)
        #expect(try String(contentsOf: output.appendingPathComponent("fine.c"), encoding: .utf8).contains("DEEP_C_PROBE("))
    }

    @Test func bytesThatAreNotUTF8AreKept() throws {
        let root = try temporaryTree([:])
        defer { try? FileManager.default.removeItem(at: root) }
        let latin1 = Data("int f(void) {\n    const char *name = \"caf".utf8) + Data([0xE9]) + Data("\";\n    return name[3];\n}\n".utf8)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try latin1.write(to: root.appendingPathComponent("latin1.c"))
        let output = root.appendingPathComponent(".out")
        let result = try run(["--output", output.path, root.path])
        #expect(result.status == 0, "\(result.output)")
        let copy = try Data(contentsOf: output.appendingPathComponent("latin1.c"))
        #expect(copy.contains(0xE9) && !copy.contains(0xEF))  // the byte, not U+FFFD (EF BF BD)
    }

    @Test func underC89DeclarationsGetNoProbe() throws {
        let source = "int f(int n) {\n    int doubled = n * 2;\n    return doubled;\n}\n"
        let root = try temporaryTree(["f.c": source])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try run(["--output", root.appendingPathComponent(".out").path, root.path, "--", "-std=c89"])
        // The return and the exit; no entry probe, a statement before the declaration.
        #expect(result.output.contains("2 probes on 2 of 3 executable lines (66.7%); skipped 1: 1 C89 declaration"))
    }

    @Test func theSwiftToolchainsLibclangGivesTheSameCopies() throws {
        let swift = try Command.run("which", ["swift"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let toolchain = URL(fileURLWithPath: swift).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lib/libclang.so")
        let fixture = FixturePackage.fixtures.appendingPathComponent("CProgram")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("deep-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var copies: [String] = []
        for (name, environment) in [("default", [:]), ("toolchain", ["DEEP_LIBCLANG": toolchain.path])] {
            let output = root.appendingPathComponent(name)
            let result = try run(["--output", output.path, fixture.path, "--", "-std=c11"], environment: environment)
            #expect(result.status == 0 && !result.output.contains("warning"), "\(result.output)")
            copies.append(try String(contentsOf: output.appendingPathComponent("orders.c"), encoding: .utf8))
        }
        #expect(copies[0].contains("DEEP_C_PROBE("))
        #expect(copies[0] == copies[1])
    }

    /// C builds that compile files where they are: explicit, C only, and never twice.
    @Test func inPlaceRewritesCFilesOnlyAndOnlyOnce() throws {
        let root = try temporaryTree(["src/main.c": program])
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try run(["--in-place", root.path])
        #expect(first.status == 0, "\(first.output)")
        let copy = try String(contentsOf: root.appendingPathComponent("src/main.c"), encoding: .utf8)
        #expect(copy.contains("DEEP_C_PROBE("))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("deep-manifest.json").path))
        let second = try run(["--in-place", root.path])
        #expect(second.output.contains("already instrumented by deep-instrument"))
        #expect(try String(contentsOf: root.appendingPathComponent("src/main.c"), encoding: .utf8) == copy)

        try "print(1)\n".write(to: root.appendingPathComponent("src/main.swift"), atomically: true, encoding: .utf8)
        let swift = try run(["--in-place", root.path])
        #expect(swift.status == 1)
        #expect(swift.output.contains("--in-place rewrites C files only"))
        let both = try run(["--in-place", "--output", "x", root.path])
        #expect(both.status != 0 && both.output.contains("give --output or --in-place, not both"))
    }

    @Test func withoutLibclangTheErrorSaysHowToInstallIt() throws {
        let root = try temporaryTree(["main.c": program])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try run(
            ["--output", root.appendingPathComponent(".out").path, root.path],
            environment: ["DEEP_LIBCLANG": "/nowhere/libclang.so"])
        #expect(result.status == 1)
        #expect(result.output.contains("C files need libclang, which was not found"))
        #expect(result.output.contains("apt-get install libclang-dev"))
        #expect(result.output.contains("/nowhere/libclang.so: no such file"))
    }
}
