import Foundation
import PackagePlugin

/// Instruments a target's Swift files at build time: one `deep-instrument` run per file,
/// writing `<Name>.deep.swift` (or `main.swift`) into the plugin's work directory, which
/// the target then compiles in place of its originals. Editing a file reruns its command
/// only; adding or removing one changes the commands at the next build.
///
/// The target lists only a placeholder source (`sources: ["_Deep.swift"]`), so its real
/// files reach the plugin as files of no build role and are not compiled themselves:
///
///     .executableTarget(
///         name: "App",
///         dependencies: instrumented ? [.product(name: "Deep", package: "swift-deep")] : [],
///         sources: instrumented ? ["_Deep.swift"] : nil,
///         plugins: instrumented ? [.plugin(name: "DeepInstrument", package: "swift-deep")] : [])
///
/// The plugin also writes the target's probe manifest, `deep-manifest.json`, into its work
/// directory: it lists one part per file, which that file's run writes.
@main
struct DeepInstrumentPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "deep-instrument").url
        let work = context.pluginWorkDirectoryURL
        let root = target.directoryURL.standardizedFileURL
        let sources = target.sourceFiles
            .filter { $0.url.pathExtension == "swift" && $0.url.lastPathComponent != Self.placeholder }
            .map { $0.url.standardizedFileURL }
            .sorted { $0.path < $1.path }
        try writeManifest(parts: sources.map { Self.partPath(for: Self.relativePath(of: $0, to: root)) }, root: root, in: work)
        return sources.map { source in
            let relative = Self.relativePath(of: source, to: root)
            let directory = work.appending(path: "Sources").appending(path: (relative as NSString).deletingLastPathComponent)
            let copyName =
                source.lastPathComponent == "main.swift"
                ? "main.swift" : source.deletingPathExtension().lastPathComponent + ".deep.swift"
            return .buildCommand(
                displayName: "Instrumenting \(target.name)/\(relative)",
                executable: tool,
                arguments: [
                    "--quiet", "--output", directory.path,
                    "--manifest", work.appending(path: Self.partPath(for: relative)).path, source.path,
                ],
                inputFiles: [source],
                outputFiles: [directory.appending(path: copyName)])
        }
    }

    /// The source the target lists so that SwiftPM compiles none of its real files.
    static let placeholder = "_Deep.swift"

    private static func partPath(for relative: String) -> String { "Parts/" + relative + ".json" }

    private static func relativePath(of file: URL, to root: URL) -> String {
        Array(file.pathComponents.dropFirst(root.pathComponents.count)).joined(separator: "/")
    }

    /// Writes `deep-manifest.json` naming this build's parts, if it changed.
    private func writeManifest(parts: [String], root: URL, in work: URL) throws {
        let object: [String: Any] = ["version": 1, "root": root.path, "files": [], "parts": parts]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let url = work.appending(path: "deep-manifest.json")
        guard (try? Data(contentsOf: url)) != data else { return }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}
