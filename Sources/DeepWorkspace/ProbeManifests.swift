import DeepModel
import Foundation

/// The probe manifests (`deep-manifest.json`) of the programs a tracepoint may be meant
/// for: they say which lines of which files have a probe, so a location can be checked
/// before it is written.
package struct ProbeManifests: Sendable {
    /// Where the manifests were found.
    package let sources: [String]
    /// Every instrumented file the manifests name, by original path.
    package let files: [ProbedSource]
    private let locator: ProbeLocator<String>

    /// Reads the manifests at `paths` (files, or directories to search), or when there are
    /// none, every `deep-manifest.json` below the current directory.
    package static func load(_ paths: [String]) throws(Failure) -> ProbeManifests {
        let current = FileManager.default.currentDirectoryPath
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .missing("no manifest at \(path)")
            }
            files += isDirectory.boolValue ? search(path) : [path]
        }
        if paths.isEmpty { files = search(current) }
        guard !files.isEmpty else {
            throw .missing(
                """
                no probe manifest (deep-manifest.json) below \(paths.first ?? current); run deep from the \
                directory that holds the instrumented build, or pass --manifest PATH
                """)
        }
        var lines: [String: Set<Int>] = [:]
        var functions: [String: [ProbedFunction]] = [:]
        for file in files {
            for manifest in try read(file) {
                for entry in manifest.files {
                    lines[entry.originalPath, default: []].formUnion(entry.lines)
                    for function in entry.functions ?? [] where !functions[entry.originalPath, default: []].contains(function) {
                        functions[entry.originalPath, default: []].append(function)
                    }
                }
            }
        }
        let probed = lines.sorted { $0.key < $1.key }.map { path, lines in
            ProbedSource(path: path, lines: lines.sorted(), functions: functions[path] ?? [])
        }
        return ProbeManifests(
            sources: files, files: probed,
            locator: ProbeLocator(probed.map { (path: $0.path, probedLines: $0.lines, functions: $0.functions, file: $0.path) }))
    }

    /// The manifest at `path` and its parts; a part not written yet (its file not built) is
    /// left out.
    private static func read(_ path: String) throws(Failure) -> [Manifest] {
        guard let data = FileManager.default.contents(atPath: path),
            let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
        else { throw .malformed("\(path) is not a probe manifest; rebuild to rewrite it, or remove it") }
        let directory = ServiceFiles.directory(of: path)
        var manifests = [manifest]
        for part in manifest.parts ?? [] where FileManager.default.fileExists(atPath: directory + "/" + part) {
            manifests += try read(directory + "/" + part)
        }
        return manifests
    }

    /// The original path of the file a tracepoint names and the line it fires on, or why
    /// it names no probe.
    package func resolve(_ tracepoint: Tracepoint) -> Result<(path: String, line: Int), LocationError> {
        locator.resolve(tracepoint).map { (path: $0.files[0], line: $0.line) }
    }

    /// Directories a search does not enter: sources, caches and build intermediates.
    private static func skipped(_ name: String) -> Bool {
        [".git", ".swiftpm", "checkouts", "repositories", "artifacts", "node_modules", "ModuleCache", "index"].contains(name)
            || [".build", ".swiftmodule", ".dSYM", ".xcarchive"].contains { name.hasSuffix($0) && name != ".build" }
    }

    private static func search(_ directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if walker.level > 10 || skipped(name) {
                walker.skipDescendants()
            } else if name == "deep-manifest.json" {
                found.append(directory + "/" + relative)
            }
        }
        return found.sorted()
    }
}
