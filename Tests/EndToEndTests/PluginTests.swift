import DeepModel
import Foundation
import Testing

/// The DeepInstrument build plugin on a package that uses it through a path dependency
/// (Fixtures/PluginApp: a library, a `main.swift` executable and an `@main` one): built,
/// run with tracepoints set by `deep`, rebuilt after edits, and with diagnostics and crashes
/// that name the original files.
@Suite(.serialized) struct PluginTests {
    static let package = FixturePackage.work.appendingPathComponent("plugin/package")
    static let scratch = FixturePackage.work.appendingPathComponent("plugin/build")

    /// Writes the fixture package (undoing earlier edits), pointing it at this checkout.
    private func prepare() throws {
        try FixturePackage.writePluginApp(to: Self.package, dependingOn: FixturePackage.repository)
    }

    private func build(_ configuration: String = "debug") throws -> Command.Result {
        try FixturePackage.replanIfSourcesMoved(scratch: Self.scratch)
        return try Command.run(
            "env",
            [
                "DEEP_INSTRUMENT=1", "swift", "build", "-j", "2", "-c", configuration,
                "--package-path", Self.package.path, "--scratch-path", Self.scratch.path,
            ])
    }

    private func products(_ configuration: String = "debug") -> URL {
        Self.scratch.appendingPathComponent("\(configuration)")
    }

    private func source(_ relative: String) -> URL { Self.package.appendingPathComponent("Sources/" + relative) }

    /// Sets a tracepoint with `deep` (which finds the plugin's manifests under the build
    /// directory), runs `program`, and returns its output and the snapshots it wrote.
    private func runWithTracepoint(_ program: URL, _ arguments: [String], at location: String)
        throws -> (output: String, snapshots: [Snapshot])
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deep-plugin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let set = try Command.run(
            DeepCommandTests.tool.path,
            ["set", location, "--manifest", Self.scratch.appendingPathComponent("plugins").path],
            in: directory, separateErrors: true)
        #expect(set.status == 0, "\(set.error)")
        let run = try Command.run(program.path, arguments, in: directory, separateErrors: true)
        #expect(run.status == 0, "\(run.error)")
        return (run.output, try readSnapshots(directory.appendingPathComponent(".deep/snapshots.jsonl")))
    }

    @Test func libraryAndExecutablesAreInstrumentedAndFire() throws {
        try prepare()
        let built = try build()
        try #require(built.status == 0, "\(built.output.suffix(4000))")
        #expect(built.output.contains("Instrumenting Style.swift"))

        let greet = try FixturePackage.line(of: "greet", in: "PluginApp/Sources/Greeting/Greeter.swift")
        let hello = try runWithTracepoint(products().appendingPathComponent("Hello"), ["ada"], at: "Greeting/Greeter.swift:\(greet)")
        #expect(hello.output == "HELLO!, ada\n")
        #expect(hello.snapshots.count == 1)
        #expect(hello.snapshots.first?.variable("name")?.value == "ada")
        #expect(hello.snapshots.first?.path == source("Greeting/Greeter.swift").path)

        let main = try FixturePackage.line(of: "main", in: "PluginApp/Sources/Greet/Greet.swift")
        let atMain = try runWithTracepoint(products().appendingPathComponent("Greet"), ["bo"], at: "Greet.swift:\(main)")
        #expect(atMain.output == "HI!, bo\n")
        #expect(atMain.snapshots.first?.variable("name")?.value == "bo")
    }

    @Test func crashesNameTheOriginalLine() throws {
        try prepare()
        try #require(try build().status == 0)
        let line = try FixturePackage.line(of: "crash", in: "PluginApp/Sources/Hello/main.swift")
        let crash = try Command.run(
            "env",
            [
                "SWIFT_BACKTRACE=enable=yes,interactive=no,color=no",
                products().appendingPathComponent("Hello").path, "crash",
            ])
        #expect(crash.status != 0)
        #expect(crash.output.hasPrefix("Hello/main.swift:\(line): Fatal error: crash requested\n"), "\(crash.output.prefix(2000))")
        #expect(
            crash.output.contains(" Hello_main + ") && crash.output.contains(" at Sources/Hello/main.swift:\(line):"),
            "the backtrace names the original line: \(crash.output.prefix(3000))")
    }

    @Test func anEditRebuildsThatFileOnlyAndFilesComeAndGo() throws {
        try prepare()
        try #require(try build().status == 0)
        let greeter = source("Greeting/Greeter.swift")
        try String(contentsOf: greeter, encoding: .utf8).replacingOccurrences(of: "\"Hello\"", with: "\"Hey\"")
            .write(to: greeter, atomically: true, encoding: .utf8)
        let edited = try build()
        try #require(edited.status == 0, "\(edited.output.suffix(4000))")
        #expect(edited.output.contains("Instrumenting Greeter.swift"))
        #expect(!edited.output.contains("Instrumenting Style.swift"))
        let compiled = edited.output.split(separator: "\n").filter { $0.contains("Compiling Greeting ") }
        #expect(
            compiled.contains { $0.contains("Greeter.deep.swift") } && !compiled.contains { $0.contains("Style.deep.swift") },
            "\(compiled)")
        #expect(try Command.run(products().appendingPathComponent("Hello").path, ["ada"]).output == "HEY!, ada\n")

        let extra = source("Greeting/Extra.swift")
        try "public func extra() -> Int {\n    let value = 42\n    return value\n}\n".write(to: extra, atomically: true, encoding: .utf8)
        let added = try build()
        try #require(added.status == 0, "\(added.output.suffix(4000))")
        #expect(added.output.contains("Instrumenting Extra.swift"))
        #expect(try pluginManifestParts(of: "Greeting").contains("Parts/Extra.swift.json"))
        try FileManager.default.removeItem(at: extra)
        let removed = try build()
        #expect(removed.status == 0, "\(removed.output.suffix(4000))")
        #expect(try !pluginManifestParts(of: "Greeting").contains("Parts/Extra.swift.json"))
    }

    /// The parts the plugin's manifest for `target` lists.
    private func pluginManifestParts(of target: String) throws -> [String] {
        try JSONDecoder().decode(
            Manifest.self,
            from: Data(
                contentsOf: pluginWork(of: target)
                    .appendingPathComponent("deep-manifest.json"))
        ).parts ?? []
    }

    /// The plugin's work directory for `target`: its manifest, `Parts/` and `Sources/`.
    private func pluginWork(of target: String) throws -> URL {
        let outputs = Self.scratch.appendingPathComponent("plugins/outputs")
        let walker = FileManager.default.enumerator(at: outputs, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.lastPathComponent == "deep-manifest.json", url.path.contains("/\(target)/") else { continue }
            return url.deletingLastPathComponent()
        }
        throw FixtureError("no plugin manifest for \(target) under \(outputs.path)")
    }

    /// The plugin names its copies and manifest entries by rules of its own (one tool run per
    /// file); they must come out as `deep-instrument` writes them for the whole tree: the same
    /// copy paths (`main.swift` kept, `Name.deep.swift` otherwise), the same bytes, the same
    /// probed lines and counts.
    @Test func thePluginWritesWhatDeepInstrumentWritesForTheSameTree() throws {
        try prepare()
        try #require(try build().status == 0)
        for target in ["Greeting", "Hello", "Greet"] {
            let direct = FixturePackage.work.appendingPathComponent("plugin/direct/\(target)")
            try? FileManager.default.removeItem(at: direct)
            let run = try Command.run(InstrumentCommandTests.tool.path, ["--quiet", "--output", direct.path, source(target).path])
            try #require(run.status == 0, "\(run.output)")
            let tree = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: direct.appendingPathComponent("deep-manifest.json")))
            let byTool = Dictionary(
                uniqueKeysWithValues: tree.files.filter { !$0.path.hasSuffix("_Deep.swift") }.map { ($0.originalPath, $0) })

            let work = try pluginWork(of: target)
            var byPlugin: [String: (copy: String, file: Manifest.File)] = [:]
            for part in try pluginManifestParts(of: target) {
                let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: work.appendingPathComponent(part)))
                // A part sits at Parts/<the file's path in the target>.json; its copy at Sources/<that path's folder>/.
                let folder = (String(part.dropFirst("Parts/".count)) as NSString).deletingLastPathComponent
                for file in manifest.files {
                    byPlugin[file.originalPath] = ((folder as NSString).appendingPathComponent(file.output), file)
                }
            }
            #expect(Set(byPlugin.keys) == Set(byTool.keys), "\(target)")
            for (original, fromTool) in byTool {
                guard let fromPlugin = byPlugin[original] else { continue }
                #expect(fromPlugin.copy == fromTool.output, "\(original)")
                #expect(fromPlugin.file.lines == fromTool.lines, "\(original)")
                #expect(
                    fromPlugin.file.statements == fromTool.statements && fromPlugin.file.executableLines == fromTool.executableLines
                        && fromPlugin.file.skipped == fromTool.skipped, "\(original)")
                let pluginCopy = try Data(contentsOf: work.appendingPathComponent("Sources/" + fromPlugin.copy))
                #expect(pluginCopy == (try Data(contentsOf: direct.appendingPathComponent(fromTool.output))), "\(original)")
            }
        }
    }

    @Test func compileErrorsNameTheOriginalFileAndLine() throws {
        try prepare()
        let style = source("Greeting/Format/Style.swift")
        try String(contentsOf: style, encoding: .utf8)
            .replacingOccurrences(of: "let loud = word.uppercased()", with: "let loud: Int = word.uppercased()")
            .write(to: style, atomically: true, encoding: .utf8)
        let failed = try build()
        #expect(failed.status != 0)
        #expect(failed.output.contains("\(style.path):4:"), "\(failed.output.suffix(3000))")
        #expect(!failed.output.contains("Style.deep.swift:"))
    }

    /// A release build of the plugin's tool compiles swift-syntax with optimisation: about
    /// 18 minutes on two cores, so this runs on request (`DEEP_SLOW_TESTS=1`), not in CI.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DEEP_SLOW_TESTS"] == "1"))
    func aReleaseBuildRunsAndFires() throws {
        try prepare()
        let built = try build("release")
        try #require(built.status == 0, "\(built.output.suffix(4000))")
        let greet = try FixturePackage.line(of: "greet", in: "PluginApp/Sources/Greeting/Greeter.swift")
        let run = try runWithTracepoint(products("release").appendingPathComponent("Greet"), ["cy"], at: "Greeter.swift:\(greet)")
        #expect(run.output == "HI!, cy\n")
        #expect(run.snapshots.first?.variable("name")?.value == "cy")
    }
}
