import Foundation
import DeepModel

/// Instruments the Swift files under one or more paths into an output directory that
/// mirrors the input tree, and writes the manifest.
///
/// All files are read and rewritten in memory first; if any is unreadable or does not
/// parse, the error names it and nothing is written.
public struct TreeInstrumenter {
    public var paths: [String]
    public var outputDirectory: String
    /// Defaults to `deep-manifest.json` in the output directory.
    public var manifestPath: String?

    public init(paths: [String], outputDirectory: String, manifestPath: String? = nil) {
        self.paths = paths
        self.outputDirectory = outputDirectory
        self.manifestPath = manifestPath
    }

    /// What a run did, for the one-line summary.
    public struct Summary: Sendable {
        public var files = 0
        public var probes = 0
        public var executableLines = 0
        public var skipped: [SkipReason: Int] = [:]
        public var manifest: Manifest

        /// `3 files, 41 probes on 41 of 43 executable lines (95.3%); skipped 2: 2 inlinable body`
        public var line: String {
            let share = executableLines == 0 ? 100 : Double(probes) * 100 / Double(executableLines)
            var text = "\(files) files, \(probes) probes on \(probes) of \(executableLines) executable lines ("
                + String(format: "%.1f", share) + "%)"
            let total = skipped.values.reduce(0, +)
            text += total == 0 ? "; skipped 0"
                : "; skipped \(total): " + skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
            return text
        }
    }

    @discardableResult
    public func run() throws -> Summary {
        let sources = try collectSources()
        let root = Self.commonDirectory(of: sources.map(\.inputRoot))
        let output = URL(fileURLWithPath: outputDirectory).standardizedFileURL
        var summary = Summary(manifest: Manifest(root: root.path, files: []))
        var pending: [(url: URL, text: String)] = []

        var parsed: [(source: Source, file: ParsedFile)] = []
        for source in sources {
            let text: String
            do {
                text = try String(contentsOf: source.file, encoding: .utf8)
            } catch {
                throw InstrumentationError.unreadable(path: source.file.path, detail: "\(error.localizedDescription)")
            }
            parsed.append((source, try ParsedFile(source: text, originalPath: source.file.path)))
        }
        let functionAliases = parsed.reduce(into: Set<String>()) { $0.formUnion($1.file.functionAliases) }
        for (source, file) in parsed {
            let result = SwiftFileInstrumenter.instrument(
                file, isMainFile: source.file.lastPathComponent == "main.swift", functionAliases: functionAliases)
            let relative = Self.relativePath(of: source.file, to: root)
            let copy = Self.copyPath(for: relative)
            pending.append((output.appendingPathComponent(copy), result.text))
            summary.files += 1
            summary.probes += result.probedLines.count
            summary.executableLines += result.executableLines
            summary.skipped.merge(result.skipped, uniquingKeysWith: +)
            summary.manifest.files.append(Manifest.File(
                path: relative, originalPath: source.file.path, output: copy, lines: result.probedLines,
                executableLines: result.executableLines,
                skipped: Dictionary(uniqueKeysWithValues: result.skipped.map { ($0.key.rawValue, $0.value) })))
        }

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestURL = manifestPath.map { URL(fileURLWithPath: $0) } ?? output.appendingPathComponent("deep-manifest.json")
        pending.append((manifestURL, String(decoding: try encoder.encode(summary.manifest), as: UTF8.self) + "\n"))
        for (url, text) in pending {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw InstrumentationError.unwritable(path: url.path, detail: "\(error.localizedDescription)")
            }
        }
        return summary
    }

    private struct Source { var file: URL; var inputRoot: URL }

    /// The .swift files named or contained (recursively, hidden folders left out) by `paths`.
    private func collectSources() throws -> [Source] {
        var sources: [Source] = []
        for path in paths {
            let url = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw InstrumentationError.unreadable(path: path, detail: "no such file or directory")
            }
            if !isDirectory.boolValue {
                guard url.pathExtension == "swift" else {
                    throw InstrumentationError.unreadable(path: path, detail: "not a .swift file")
                }
                sources.append(Source(file: url, inputRoot: url.deletingLastPathComponent()))
                continue
            }
            guard let walker = FileManager.default.enumerator(
                at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            else { throw InstrumentationError.unreadable(path: path, detail: "cannot list the directory") }
            for case let file as URL in walker where file.pathExtension == "swift" {
                sources.append(Source(file: file.standardizedFileURL.resolvingSymlinksInPath(), inputRoot: url))
            }
        }
        guard !sources.isEmpty else { throw InstrumentationError.noSources(paths: paths) }
        return sources.sorted { $0.file.path < $1.file.path }
    }

    /// `Orders.swift` is copied to `Orders.deep.swift`: a copy with the original's basename
    /// would give two paths the same `#fileID` (a compiler warning). `main.swift` keeps its
    /// name, which is what makes its top-level code the program's entry point.
    static func copyPath(for relative: String) -> String {
        guard relative != "main.swift", !relative.hasSuffix("/main.swift") else { return relative }
        return String(relative.dropLast(".swift".count)) + ".deep.swift"
    }

    static func commonDirectory(of directories: [URL]) -> URL {
        var common = directories[0].pathComponents
        for directory in directories.dropFirst() {
            let components = directory.pathComponents
            common = Array(zip(common, components).prefix { $0 == $1 }.map(\.0))
        }
        return URL(fileURLWithPath: "/" + common.dropFirst().joined(separator: "/"))
    }

    static func relativePath(of file: URL, to root: URL) -> String {
        Array(file.pathComponents.dropFirst(root.pathComponents.count)).joined(separator: "/")
    }
}
