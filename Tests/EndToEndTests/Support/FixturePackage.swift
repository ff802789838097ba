import DeepInstrumenter
import DeepModel
import Foundation

/// The fixture programs, instrumented and built against this checkout's Deep runtime.
///
/// One package is generated under `.build-e2e/` in the repository (kept between runs, so
/// a second run builds incrementally) with a target per fixture and variant. The debug
/// build happens once per test process, however many tests ask for it.
enum FixturePackage {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Tests/EndToEndTests/Fixtures")
    static let work = repository.appendingPathComponent(".build-e2e")
    static let package = work.appendingPathComponent("package")

    /// What one target is built from.
    struct Target {
        var name: String
        var fixture: String
        var instrumented: Bool
        var languageMode = 6
        var isLibrary = false
        var dependencies: [String] = []
        /// A C library target (its headers in `include/`) rather than Swift.
        var isC = false
        /// Products of other packages (`packageDependencies`) it uses.
        var products: [String] = []
    }

    /// Packages some fixtures use besides swift-deep.
    static let packageDependencies = [#".package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3")"#]

    static let targets = [
        Target(name: "ConstructsPlain5", fixture: "Constructs", instrumented: false, languageMode: 5),
        Target(name: "ConstructsPlain6", fixture: "Constructs", instrumented: false),
        Target(name: "Constructs5", fixture: "Constructs", instrumented: true, languageMode: 5),
        Target(name: "Constructs6", fixture: "Constructs", instrumented: true),
        // A library with a file named like one of Checkout's: `Rules.swift` is ambiguous.
        Target(name: "Shipping", fixture: "Shipping", instrumented: true, isLibrary: true),
        Target(name: "CheckoutPlain", fixture: "Checkout", instrumented: false, dependencies: ["Shipping"]),
        Target(name: "Checkout", fixture: "Checkout", instrumented: true, dependencies: ["Shipping"]),
        Target(name: "ProbeCost", fixture: "ProbeCost", instrumented: true),
        Target(name: "Policy", fixture: "Policy", instrumented: true),
        // A Swift program over a C library, both instrumented.
        Target(name: "MixedShop", fixture: "MixedShop", instrumented: true, isLibrary: true, isC: true),
        Target(name: "Mixed", fixture: "Mixed", instrumented: true, dependencies: ["MixedShop"]),
        // Spans of an in-memory tracer around calls with span tracepoints.
        Target(
            name: "Traced", fixture: "Traced", instrumented: true,
            products: [#".product(name: "InMemoryTracing", package: "swift-distributed-tracing")"#]),
        // Threads hitting probes while the tracepoints change; built with ThreadSanitizer.
        Target(name: "Stress", fixture: "Stress", instrumented: true),
    ]

    /// Built products and the manifests of the instrumented targets.
    struct Build: Sendable {
        var products: URL
        var manifests: [String: Manifest]

        func executable(_ target: String) -> URL { products.appendingPathComponent(target) }
    }

    static let debug = Result { try build(configuration: "debug") }
    static let release = Result { try build(configuration: "release", products: ["ProbeCost"]) }
    /// The stress program and the runtime under ThreadSanitizer, in a build folder of their own.
    static let threadSanitized = Result {
        try build(configuration: "debug", products: ["Stress"], sanitizer: "thread", scratch: "build-tsan")
    }
    /// The manifests of the instrumented targets, once the package is written.
    private static let prepared = Result { try preparePackage() }
    /// Held by every `swift build` the tests run: one at a time on a small machine.
    static let buildLock = NSLock()

    private static func build(
        configuration: String, products: [String]? = nil, sanitizer: String? = nil,
        scratch: String = "build"
    ) throws -> Build {
        let manifests = try prepared.get()
        buildLock.lock()
        defer { buildLock.unlock() }
        // Without manifest caching, files added to or moved in this checkout's Deep (a path
        // dependency here) reach the fixtures' build; with it, a kept build misses them.
        var arguments = [
            "build", "-j", "2", "-c", configuration, "--package-path", package.path,
            "--scratch-path", work.appendingPathComponent(scratch).path, "--disable-build-manifest-caching",
        ]
        for product in products ?? [] { arguments += ["--product", product] }
        if let sanitizer { arguments += ["--sanitize", sanitizer] }
        let result = try Command.run("swift", arguments)
        guard result.status == 0 else {
            throw FixtureError("swift build of the fixture package failed:\n" + result.output.suffix(6000))
        }
        let binPath = try Command.run("swift", arguments + ["--show-bin-path"])
        return Build(
            products: URL(fileURLWithPath: binPath.output.trimmingCharacters(in: .whitespacesAndNewlines)),
            manifests: manifests)
    }

    /// Writes the package, touching only files whose content changed.
    private static func preparePackage() throws -> [String: Manifest] {
        var manifests: [String: Manifest] = [:]
        for target in targets {
            let destination = package.appendingPathComponent("Sources/\(target.name)")
            let source = fixtures.appendingPathComponent(target.fixture)
            let staging = work.appendingPathComponent("staging/\(target.name)")
            try? FileManager.default.removeItem(at: staging)
            if target.instrumented {
                let summary = try TreeInstrumenter(
                    paths: [source.path], outputDirectory: staging.path,
                    manifestPath: manifestPath(of: target.name),
                    compileArguments: target.isC ? ["-I", source.appendingPathComponent("include").path] : []
                ).run()
                manifests[target.name] = summary.manifest
            } else {
                try FileManager.default.createDirectory(at: staging.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: source, to: staging)
            }
            try synchronise(staging, into: destination)
        }
        try write(packageManifest(), to: package.appendingPathComponent("Package.swift"))
        return manifests
    }

    private static func packageManifest() -> String {
        let targetLines = targets.map { target in
            let dependencies = (["deep"] + target.dependencies.map { "\"\($0)\"" } + target.products).joined(separator: ", ")
            if target.isC { return "        .target(name: \"\(target.name)\", dependencies: [\(dependencies)])," }
            return """
                        .\(target.isLibrary ? "target" : "executableTarget")(
                            name: "\(target.name)", dependencies: [\(dependencies)],
                            swiftSettings: [.swiftLanguageMode(.v\(target.languageMode))]),
                """
        }.joined(separator: "\n")
        return """
            // swift-tools-version: 6.1
            // Generated by the end-to-end tests; see Tests/EndToEndTests/Support/FixturePackage.swift.
            import PackageDescription

            let deep = Target.Dependency.product(name: "Deep", package: "swift-deep")
            let package = Package(
                name: "Fixtures",
                platforms: [.macOS(.v15)],
                dependencies: [.package(name: "swift-deep", path: "\(repository.path)"), \(packageDependencies.joined(separator: ", "))],
                targets: [
            \(targetLines)
                ]
            )

            """
    }

    /// Writes the PluginApp fixture into `destination` (undoing earlier edits), depending on
    /// the swift-deep package at `deep`. Only files that differ are touched: a touched
    /// manifest would make SwiftPM plan the whole build again.
    static func writePluginApp(to destination: URL, dependingOn deep: URL) throws {
        let staging = destination.deletingLastPathComponent().appendingPathComponent("staging")
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("PluginApp"), to: staging)
        let manifest = staging.appendingPathComponent("Package.swift")
        try String(contentsOf: manifest, encoding: .utf8)
            .replacingOccurrences(of: #"path: "../../../..""#, with: "path: \"\(deep.path)\"")
            .write(to: manifest, atomically: true, encoding: .utf8)
        try synchronise(staging, into: destination)
    }

    /// SwiftPM keeps a package's build plan in its scratch directory and, for a package that
    /// depends on this checkout by path, does not see files added to or moved in it: the next
    /// build compiles the old list. When this checkout's source files are not the ones the
    /// scratch directory was last planned with, its plans are removed and made again.
    static func replanIfSourcesMoved(scratch: URL) throws {
        let files = try relativeFiles(in: repository.appendingPathComponent("Sources")).sorted().joined(separator: "\n")
        let stamp = scratch.appendingPathComponent("deep-sources.txt")
        guard (try? String(contentsOf: stamp, encoding: .utf8)) != files else { return }
        for configuration in ["debug", "release"] {
            try? FileManager.default.removeItem(at: scratch.appendingPathComponent("\(configuration).yaml"))
            try? FileManager.default.removeItem(at: scratch.appendingPathComponent("\(configuration)/description.json"))
        }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try files.write(to: stamp, atomically: true, encoding: .utf8)
    }

    /// Makes `destination` hold exactly the files of `source`, touching only what differs.
    static func synchronise(_ source: URL, into destination: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: destination, withIntermediateDirectories: true)
        let wanted = try relativeFiles(in: source)
        for relative in try relativeFiles(in: destination) where !wanted.contains(relative) {
            try manager.removeItem(at: destination.appendingPathComponent(relative))
        }
        for relative in wanted {
            let data = try Data(contentsOf: source.appendingPathComponent(relative))
            let target = destination.appendingPathComponent(relative)
            if (try? Data(contentsOf: target)) != data {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target)
            }
        }
    }

    private static func relativeFiles(in directory: URL) throws -> Set<String> {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: Set<String> = []
        let base = directory.standardizedFileURL.pathComponents.count
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.insert(url.standardizedFileURL.pathComponents.dropFirst(base).joined(separator: "/"))
        }
        return files
    }

    static func write(_ text: String, to url: URL) throws {
        if (try? String(contentsOf: url, encoding: .utf8)) != text {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// Where an instrumented target's probe manifest is written.
    static func manifestPath(of target: String) -> String {
        work.appendingPathComponent("staging/\(target).json").path
    }

    /// A tool this package builds (`deep`, `deep-instrument`): beside the test bundle, or in
    /// the repository's debug products.
    static func tool(_ name: String) -> URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return repository.appendingPathComponent(".build/debug/\(name)")
    }

    /// The line of the fixture file that carries `// tp: <marker>` (or `/* tp: <marker> */`).
    static func line(of marker: String, in relativePath: String) throws -> Int {
        let text = try String(contentsOf: fixtures.appendingPathComponent(relativePath), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.hasSuffix("// tp: \(marker)") || $0.hasSuffix("/* tp: \(marker) */") }) else {
            throw FixtureError("no `// tp: \(marker)` in \(relativePath)")
        }
        return index + 1
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
