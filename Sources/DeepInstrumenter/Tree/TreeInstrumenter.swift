import DeepModel
import Foundation

/// Instruments the Swift and C files under one or more paths into an output directory that
/// mirrors the input tree, and writes the manifest.
///
/// All files are read and rewritten in memory first; if any is unreadable or a Swift file
/// does not parse, the error names it and nothing is written. A C file that libclang reports
/// errors for is copied unchanged, with a warning: C code often parses only with the
/// build's own flags. Headers under an input directory are copied along, so that the
/// copies' `#include "..."` find them.
///
/// An output never overwrites an input: a copy or manifest that would land on an input
/// file, or an output directory inside an input directory (but for a hidden folder, which is
/// no part of the tree), is refused before anything is written. `inPlace` is the one
/// exception, for C builds that compile the files where they are: each `.c` file is
/// replaced by its copy, and Swift files are refused. Files are written to temporary names
/// and renamed once all are written, so a failure leaves no copy behind.
public struct TreeInstrumenter {
    public var paths: [String]
    public var outputDirectory: String
    /// Defaults to `deep-manifest.json` in the output directory.
    public var manifestPath: String?
    /// Compile flags for C files (`-I`, `-D`, `-std=`...).
    public var compileArguments: [String]
    /// A build directory with `compile_commands.json`, whose flags win for the files it lists.
    public var compilationDatabase: String?
    /// Replace each C file by its copy (`outputDirectory` is then ignored).
    public var inPlace: Bool

    public init(
        paths: [String], outputDirectory: String, manifestPath: String? = nil,
        compileArguments: [String] = [], compilationDatabase: String? = nil, inPlace: Bool = false
    ) {
        self.paths = paths
        self.outputDirectory = outputDirectory
        self.manifestPath = manifestPath
        self.compileArguments = compileArguments
        self.compilationDatabase = compilationDatabase
        self.inPlace = inPlace
    }

    /// What a run did, for the one-line summary.
    public struct Summary: Sendable {
        public var files = 0
        public var statements = 0
        public var probes = 0
        public var executableLines = 0
        public var skipped: [SkipReason: Int] = [:]
        public var manifest: Manifest
        /// Files left as they were, and why.
        public var warnings: [String] = []

        /// `3 files, 45 statements, 41 probes on 41 of 43 executable lines (95.3%); skipped 2: 2 macro argument`
        public var line: String {
            let share = executableLines == 0 ? 100 : Double(probes) * 100 / Double(executableLines)
            var text =
                "\(files) files, \(statements) statements, \(probes) probes on \(probes) of \(executableLines) executable lines ("
                + String(format: "%.1f", share) + "%)"
            let total = skipped.values.reduce(0, +)
            text +=
                total == 0
                ? "; skipped 0"
                : "; skipped \(total): "
                    + skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
            return text
        }
    }

    @discardableResult
    public func run() throws -> Summary {
        let sources = try collectSources()
        let root = Self.commonDirectory(of: sources.map(\.inputRoot))
        if inPlace, let swift = sources.first(where: { $0.language == .swift }) {
            throw InstrumentationError.swiftInPlace(path: swift.file.path)
        }
        let output = inPlace ? root : URL(fileURLWithPath: outputDirectory).standardizedFileURL.resolvingSymlinksInPath()
        var summary = Summary(manifest: Manifest(root: root.path, files: []))
        var pending: [(url: URL, data: Data)] = []

        var parsed: [(source: Source, file: ParsedFile)] = []
        for source in sources where source.language == .swift {
            parsed.append((source, try ParsedFile(source: try Self.read(source.file), originalPath: source.file.path)))
        }
        let module = parsed.reduce(ModuleDeclarations()) { $0.merging($1.file.declarations) }
        var results: [(source: Source, result: InstrumentedFile)] = parsed.map { source, file in
            (
                source,
                SwiftFileInstrumenter.instrument(
                    file, isMainFile: source.file.lastPathComponent == "main.swift", module: module)
            )
        }
        let database = try compilationDatabase.map { path throws(InstrumentationError) in
            do throws(CFrontendError) { return try CompilationDatabase(path: path) } catch { throw .cFrontend(error) }
        }
        for source in sources where source.language == .c {
            let arguments = database?.arguments(for: source.file.path) ?? compileArguments
            let (result, errors) = try Self.instrumentC(source.file.path, arguments: arguments)
            if let first = errors.first {
                summary.warnings.append(
                    "\(source.file.path): left as is: \(first)"
                        + (errors.count > 1 ? " (and \(errors.count - 1) more)" : ""))
            }
            results.append((source, result))
        }
        for (source, result) in results.sorted(by: { $0.source.file.path < $1.source.file.path }) {
            let relative = Self.relativePath(of: source.file, to: root)
            let copy = Self.copyPath(for: relative)
            pending.append((output.appendingPathComponent(copy), Data(result.contents)))
            summary.files += 1
            summary.statements += result.statements
            summary.probes += result.probedLines.count
            summary.executableLines += result.executableLines
            summary.skipped.merge(result.skipped, uniquingKeysWith: +)
            summary.manifest.files.append(
                Manifest.File(
                    path: relative, originalPath: source.file.path, output: copy, lines: result.probedLines,
                    statements: result.statements, executableLines: result.executableLines,
                    skipped: Dictionary(uniqueKeysWithValues: result.skipped.map { ($0.key.rawValue, $0.value) }),
                    functions: result.functions))
        }
        for header in sources where header.language == .header {
            let relative = Self.relativePath(of: header.file, to: root)
            let destination = output.appendingPathComponent(relative)
            if destination.standardizedFileURL.path != header.file.path {
                guard let bytes = FileManager.default.contents(atPath: header.file.path) else {
                    throw InstrumentationError.unreadable(path: header.file.path, detail: "cannot read the header")
                }
                pending.append((destination, bytes))
            }
        }

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestURL = manifestPath.map { URL(fileURLWithPath: $0) } ?? output.appendingPathComponent("deep-manifest.json")
        pending.append((manifestURL, Data((String(decoding: try encoder.encode(summary.manifest), as: UTF8.self) + "\n").utf8)))
        try checkNoOverlap(pending.map(\.url), output: output, sources: sources)
        try Self.write(pending)
        return summary
    }

    /// Refuses outputs that would land on an input file or inside an input directory.
    private func checkNoOverlap(_ outputs: [URL], output: URL, sources: [Source]) throws(InstrumentationError) {
        let inputs = Dictionary(sources.map { ($0.file.path, $0) }) { first, _ in first }
        for url in outputs {
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard let input = inputs[path] else { continue }
            guard inPlace && input.language == .c else { throw .overlapsInput(output: path, input: path) }
        }
        guard !inPlace else { return }
        for directory in Set(sources.filter(\.fromDirectory).map(\.inputRoot.path)) where Self.isInTree(output.path, of: directory) {
            throw .overlapsInput(output: output.path, input: directory)
        }
    }

    /// Whether `path` is `directory` or inside it, not counting hidden folders, which the
    /// tree leaves out.
    static func isInTree(_ path: String, of directory: String) -> Bool {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        guard path == directory || path.hasPrefix(base) else { return false }
        return !path.dropFirst(base.count).split(separator: "/").contains { $0.hasPrefix(".") }
    }

    /// Writes every file under a temporary name, then renames them all: a failure on the
    /// way removes what was written and leaves the outputs as they were.
    private static func write(_ files: [(url: URL, data: Data)]) throws(InstrumentationError) {
        var written: [(temporary: URL, final: URL)] = []
        var createdDirectories: [URL] = []
        func undo() {
            for file in written { try? FileManager.default.removeItem(at: file.temporary) }
            for directory in createdDirectories.reversed() { try? FileManager.default.removeItem(at: directory) }
        }
        for (url, data) in files {
            let directory = url.deletingLastPathComponent()
            let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).deep-instrument-\(getpid())")
            do {
                if let missing = firstMissingAncestor(of: directory) { createdDirectories.append(missing) }
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try data.write(to: temporary)
                written.append((temporary, url))
            } catch {
                undo()
                throw .unwritable(path: url.path, detail: Self.reason(error))
            }
        }
        for file in written where rename(file.temporary.path, file.final.path) != 0 {
            let reason = String(cString: strerror(errno))
            undo()
            throw .unwritable(path: file.final.path, detail: reason)
        }
    }

    /// The outermost directory on the way to `directory` that does not exist yet.
    private static func firstMissingAncestor(of directory: URL) -> URL? {
        var missing: URL?
        var current = directory
        while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
            missing = current
            current = current.deletingLastPathComponent()
        }
        return missing
    }

    /// A file system error in words, without Foundation's domain and code.
    static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying.map(\.code) ?? ((error as NSError).domain == NSPOSIXErrorDomain ? (error as NSError).code : nil) {
            return String(cString: strerror(Int32(code)))
        }
        switch (error as NSError).code {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or directory"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        default: return "the file system refused it"
        }
    }

    private static func read(_ file: URL) throws(InstrumentationError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw .unreadable(path: file.path, detail: reason(error))
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8(path: file.path) }
        return text
    }

    private static func instrumentC(_ path: String, arguments: [String]) throws(InstrumentationError) -> (InstrumentedFile, [String]) {
        do throws(CFrontendError) { return try CFileInstrumenter.instrument(path: path, arguments: arguments) } catch {
            throw .cFrontend(error)
        }
    }

    private enum Language {
        case swift, c, header
        init?(pathExtension: String) {
            switch pathExtension {
            case "swift": self = .swift
            case "c": self = .c
            case "h": self = .header
            default: return nil
            }
        }
    }

    private struct Source {
        var file: URL
        /// The directory named on the command line that holds it, or the file's own directory.
        var inputRoot: URL
        var language: Language
        /// Whether it was found in a directory named on the command line (else it was named).
        var fromDirectory: Bool
    }

    /// The .swift and .c files (and headers to copy) named or contained (recursively, hidden
    /// folders left out) by `paths`.
    private func collectSources() throws -> [Source] {
        var sources: [Source] = []
        for path in paths {
            let url = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw InstrumentationError.unreadable(path: path, detail: "no such file or directory")
            }
            if !isDirectory.boolValue {
                guard let language = Language(pathExtension: url.pathExtension), language != .header else {
                    throw InstrumentationError.unreadable(path: path, detail: "not a .swift or .c file")
                }
                sources.append(
                    Source(
                        file: url, inputRoot: url.deletingLastPathComponent(), language: language,
                        fromDirectory: false))
                continue
            }
            guard
                let walker = FileManager.default.enumerator(
                    at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            else { throw InstrumentationError.unreadable(path: path, detail: "cannot list the directory") }
            for case let file as URL in walker {
                guard let language = Language(pathExtension: file.pathExtension) else { continue }
                sources.append(
                    Source(
                        file: file.standardizedFileURL.resolvingSymlinksInPath(), inputRoot: url,
                        language: language, fromDirectory: true))
            }
        }
        guard sources.contains(where: { $0.language != .header }) else { throw InstrumentationError.noSources(paths: paths) }
        return sources.sorted { $0.file.path < $1.file.path }
    }

    /// `Orders.swift` is copied to `Orders.deep.swift`: a copy with the original's basename
    /// would give two paths the same `#fileID` (a compiler warning). `main.swift` keeps its
    /// name, which is what makes its top-level code the program's entry point. A C file keeps
    /// its name.
    static func copyPath(for relative: String) -> String {
        guard relative.hasSuffix(".swift"), relative != "main.swift", !relative.hasSuffix("/main.swift") else { return relative }
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
