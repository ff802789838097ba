import SwiftDiagnostics
import SwiftParser
import SwiftParserDiagnostics
import SwiftSyntax

/// Rewrites one Swift source file so that every executable line has a probe.
///
/// The rewrite only inserts text within lines: the output's line N+1 is the input's line
/// N, and `#sourceLocation` at the top names the original file, so diagnostics, debug info
/// and crash reports point at the original file and line.
public enum SwiftFileInstrumenter {
    /// Instruments one file on its own (the declarations it needs are looked for in it).
    ///
    /// - Parameters:
    ///   - source: The file's text.
    ///   - originalPath: The path the probe record and `#sourceLocation` name (absolute).
    ///   - isMainFile: Whether top-level code is executable (`main.swift`).
    /// - Throws: `InstrumentationError.doesNotParse` with the first syntax error.
    public static func instrument(source: String, originalPath: String, isMainFile: Bool) throws -> InstrumentedFile {
        let file = try ParsedFile(source: source, originalPath: originalPath)
        return instrument(file, isMainFile: isMainFile, module: file.declarations)
    }

    /// Instruments a parsed file. `module`: the declarations of all the code being
    /// instrumented (`ParsedFile.declarations` of every file, merged).
    public static func instrument(_ file: ParsedFile, isMainFile: Bool, module: ModuleDeclarations) -> InstrumentedFile {
        let (tree, source, originalPath) = (file.tree, file.source, file.originalPath)
        let converter = SourceLocationConverter(fileName: originalPath, tree: tree)
        let maxLine = converter.location(for: tree.endPosition).line
        if tree.tokens(viewMode: .sourceAccurate).contains(where: { $0.tokenKind == .poundSourceLocation }) {
            let planner = plan(tree, converter, isMainFile, module)
            let renderer = ProbeRenderer(
                originalPath: originalPath, maxLine: maxLine, exportsHelpers: false,
                importsDeepImplicitly: module.importsDeepImplicitly)
            return InstrumentedFile(
                contents: Array((renderer.header + source + renderer.trailer(probedLines: [])).utf8),
                probedLines: [], statements: planner.statements, executableLines: planner.executableLines.count,
                skipped: planner.statements > 0 ? [.fileHasSourceLocation: planner.statements] : [:])
        }

        let planner = plan(tree, converter, isMainFile, module)
        let renderer = ProbeRenderer(
            originalPath: originalPath, maxLine: maxLine, exportsHelpers: planner.probesInlinableCode,
            importsDeepImplicitly: module.importsDeepImplicitly, regions: planner.regions, functions: planner.functions)
        let insertions =
            planner.sites.flatMap(renderer.insertions(for:)) + planner.returnCaptures.flatMap(renderer.insertions(for:))
            + planner.errorCaptures.flatMap(renderer.insertions(for:))
            + planner.regions.indices.compactMap(renderer.lineAfter)
        let probedLines = planner.sites.map(\.line).sorted()
        let output = TextInsertion.apply(
            insertions, to: Array(source.utf8), prefix: renderer.header,
            suffix: renderer.trailer(probedLines: probedLines),
            copies: planner.regions.indices.map(renderer.splice))
        return InstrumentedFile(
            contents: output, probedLines: probedLines, statements: planner.statements,
            executableLines: planner.executableLines.count,
            skipped: planner.skipped, functions: planner.functions)
    }

    private static func plan(
        _ tree: SourceFileSyntax, _ converter: SourceLocationConverter, _ isMainFile: Bool,
        _ module: ModuleDeclarations
    ) -> ProbePlanner {
        let planner = ProbePlanner(converter: converter, isMainFile: isMainFile, module: module)
        planner.walk(tree)
        return planner
    }
}

/// A Swift file, parsed; parsing fails with the first syntax error.
public struct ParsedFile {
    let tree: SourceFileSyntax
    let source: String
    let originalPath: String

    public init(source: String, originalPath: String) throws {
        let tree = Parser.parse(source: source)
        if tree.hasError {
            let converter = SourceLocationConverter(fileName: originalPath, tree: tree)
            let first =
                ParseDiagnosticsGenerator.diagnostics(for: tree).first.map { diagnostic in
                    let location = diagnostic.location(converter: converter)
                    return "\(location.line):\(location.column): \(diagnostic.message)"
                } ?? "syntax error"
            throw InstrumentationError.doesNotParse(path: originalPath, detail: first)
        }
        self.tree = tree
        self.source = source
        self.originalPath = originalPath
    }

    /// The declarations here that other files' rewriting needs.
    public var declarations: ModuleDeclarations { ModuleDeclarations(tree) }
}
