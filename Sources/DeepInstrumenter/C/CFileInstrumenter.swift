import Foundation

/// Rewrites one C source file so that every executable statement has a probe.
///
/// As for Swift, only text within lines is added: a prologue ends with `#line 1`, so line N
/// of the output is line N of the original for the compiler, the debugger and `__LINE__`.
/// A file that libclang reports errors for is returned unchanged, with the errors.
public enum CFileInstrumenter {
    /// - Parameters:
    ///   - path: The file, absolute; the probe record and `#line` name it.
    ///   - arguments: Compile flags as the build passes them (`-I`, `-D`, `-std=`...).
    /// - Throws: `CFrontendError.libclangMissing` when libclang cannot be loaded.
    public static func instrument(path: String, arguments: [String]) throws(CFrontendError) -> (file: InstrumentedFile, errors: [String]) {
        let clang = try Libclang.shared.get()
        let source = (FileManager.default.contents(atPath: path).map { [UInt8]($0) }) ?? []
        let unchanged = InstrumentedFile(contents: source, probedLines: [], statements: 0, executableLines: 0, skipped: [:])
        if String(decoding: source, as: UTF8.self).contains("#include <deep_probe.h>") {
            return (unchanged, ["already instrumented by deep-instrument"])
        }
        let unit = try ClangUnit(clang: clang, path: path, arguments: arguments)
        if !unit.errors.isEmpty { return (unchanged, unit.errors) }

        let planner = CProbePlanner(
            unit: unit, source: source, declarationsFirst: declarationsComeFirst(arguments),
            writesCopies: optimises(arguments))
        planner.plan()
        guard !planner.sites.isEmpty else {
            return (
                InstrumentedFile(
                    contents: source, probedLines: [], statements: planner.statements,
                    executableLines: planner.executableLines.count,
                    skipped: planner.skipped), []
            )
        }
        let renderer = CProbeRenderer(
            originalPath: path, maxLine: LineTable(source).line(of: source.count),
            regions: planner.regions, functions: planner.functions)
        // At one offset: a closing brace ends the statement before it; an opening brace comes
        // before the probe of the body it opens.
        var insertions: [TextInsertion] = []
        for brace in planner.braces {
            insertions.append(TextInsertion(offset: brace.open, rank: 1, text: "{ "))
            insertions.append(TextInsertion(offset: brace.close, rank: 0, text: " }"))
        }
        // The entry probe before the entry time at the same `{`: a `method_capture` entry hands
        // its capture to the clock that follows it on the same thread (`deep_c_now`). Where a
        // statement may not come before a declaration there is no entry probe.
        insertions += planner.sites.flatMap(renderer.insertions(for:))
        insertions += planner.entryTimes.map(renderer.insertion(for:))
        for rename in planner.labelRenames {
            insertions.append(
                TextInsertion(
                    offset: rename.offset, rank: 0, text: CCopyRules.labelSuffix, owner: rename.owner,
                    probedCopyOnly: true))
        }
        let probedLines = Set(planner.sites.map(\.line)).sorted()
        let output = TextInsertion.apply(
            insertions, to: source, prefix: renderer.prologue(probedLines: probedLines, typeTable: planner.types.json),
            copies: planner.regions.indices.map(renderer.copy))
        return (
            InstrumentedFile(
                contents: output, probedLines: probedLines, statements: planner.statements,
                executableLines: planner.executableLines.count, skipped: planner.skipped, functions: planner.functions), []
        )
    }

    /// Whether the build optimises (its last `-O` is not `-O0`; none is `-O0`). Only then are
    /// functions written twice: the copy as written is there for the optimiser, and without
    /// one the second copy only makes frames larger (at -O0 every local and every probe's
    /// array keeps a stack slot of its own, and deep recursion runs out of stack sooner).
    static func optimises(_ arguments: [String]) -> Bool {
        arguments.last { $0.hasPrefix("-O") }.map { $0 != "-O0" } ?? false
    }

    /// Whether the build allows no statement before a declaration in a block: C89 and C90
    /// do not, and a build that warns about one (`-Wdeclaration-after-statement`, often with
    /// `-Werror`) wants it that way whatever the standard.
    static func declarationsComeFirst(_ arguments: [String]) -> Bool {
        let standards = ["-std=c89", "-std=c90", "-std=gnu89", "-std=gnu90", "-std=iso9899:1990", "-std=iso9899:199409", "-ansi"]
        let warning = ["-Wdeclaration-after-statement", "-Werror=declaration-after-statement", "-Wno-declaration-after-statement"]
        return arguments.last { $0.hasPrefix("-std=") || $0 == "-ansi" }.map(standards.contains) == true
            || arguments.last(where: warning.contains).map { $0 != warning[2] } == true
    }
}
