import CLibclang

/// C code the rewriter writes twice, probed and as written, with one check that picks the
/// copy (deep_probe.h, "Two copies"): a function body, or the body of a loop that makes
/// calls. The plain copy leaves out the probes of its owner.
struct CCopyRegion {
    /// The function whose probes only the probed copy has (the planner's count of them).
    var owner: Int
    /// From just after the `{` to the `}`.
    var start: Int
    var end: Int
    /// The line `start` is on, where the plain copy starts (`#line`).
    var startLine: Int
    /// The lines whose tracepoints need the probed copy: the body's, braces included.
    var lines: ClosedRange<Int>
}

/// What makes C code safe to write twice. Each copy is a block of its own, so its
/// declarations stay local to it; what is not local to a block is what stops a copy:
/// labels (a function's labels are renamed in its probed copy, which needs each of them
/// and each `goto` spelt in this file), static locals (two copies would be two variables),
/// inline assembly (its symbols would be defined twice), computed gotos, nested functions
/// and preprocessor conditionals that open outside the region.
enum CCopyRules {
    /// The suffix of a label's name in the probed copy of its function.
    static let labelSuffix = "__deep_probed"

    /// The offsets just after each label name that `body` defines or jumps to, where the
    /// probed copy renames it; nil when the body cannot be written twice.
    static func labelRenames(in body: CXCursor, unit: ClangUnit) -> [Int]? {
        var renames: [Int] = []
        func name(_ cursor: CXCursor, is spelling: String) -> Bool {
            guard let extent = unit.extent(cursor, strict: true), let token = unit.token(atOrAfter: extent.lowerBound),
                token.offset == extent.lowerBound, token.spelling == spelling
            else { return false }
            renames.append(token.end)
            return true
        }
        func walk(_ cursor: CXCursor) -> Bool {
            for child in unit.children(cursor) {
                switch unit.kind(child) {
                case CXCursorKind.labelStmt:
                    guard name(child, is: unit.spelling(child)) else { return false }
                case CXCursorKind.gotoStmt:
                    guard let label = unit.children(child).first(where: { unit.kind($0) == CXCursorKind.labelRef }),
                        name(label, is: unit.spelling(label))
                    else { return false }
                    continue
                case CXCursorKind.varDecl where unit.clang.api.Cursor_getStorageClass(child) == DEEP_CX_STORAGE_STATIC:
                    return false
                case CXCursorKind.functionDecl where unit.isDefinition(child):
                    return false
                case CXCursorKind.indirectGotoStmt, CXCursorKind.addrLabelExpr, CXCursorKind.gccAsmStmt, CXCursorKind.msAsmStmt:
                    return false
                default:
                    break
                }
                guard walk(child) else { return false }
            }
            return true
        }
        guard walk(body), let extent = unit.extent(body),
            !unit.tokens(in: extent).contains(where: { $0.spelling == "__label__" })
        else { return nil }
        return renames
    }

    /// Whether a loop's body may hold a label or a `case` of an enclosing switch: written
    /// twice within one function, it would be defined twice.
    static func holdsLabels(_ body: CXCursor, unit: ClangUnit) -> Bool {
        unit.children(body).contains { child in
            switch unit.kind(child) {
            case CXCursorKind.labelStmt, CXCursorKind.caseStmt, CXCursorKind.defaultStmt: true
            case CXCursorKind.switchStmt: unit.children(child).contains { holdsNamedLabels($0, unit: unit) }
            default: holdsLabels(child, unit: unit)
            }
        }
    }

    private static func holdsNamedLabels(_ cursor: CXCursor, unit: ClangUnit) -> Bool {
        unit.kind(cursor) == CXCursorKind.labelStmt || unit.children(cursor).contains { holdsNamedLabels($0, unit: unit) }
    }

    /// Whether a loop calls a function (not a compiler builtin) in its condition, step or
    /// body: an iteration may then run long, and checks for a tracepoint on its own.
    static func makesCalls(_ loop: CXCursor, unit: ClangUnit) -> Bool {
        unit.children(loop).contains { child in
            if unit.kind(child) == CXCursorKind.callExpr, !unit.spelling(child).hasPrefix("__builtin_") { return true }
            return makesCalls(child, unit: unit)
        }
    }

    /// Whether the preprocessor directives in `source[range]` allow writing it twice: every
    /// conditional that opens there closes there, and nothing is included.
    static func directivesAllowCopy(_ source: [UInt8], _ range: Range<Int>) -> Bool {
        var depth = 0
        for directive in directives(source[range]) {
            switch directive {
            case "if", "ifdef", "ifndef": depth += 1
            case "endif": depth -= 1
            case "else", "elif", "elifdef", "elifndef": if depth == 0 { return false }
            case "include", "include_next", "import", "line": return false
            default: if directive.first?.isNumber == true { return false }  // `# 12 "file"`
            }
            if depth < 0 { return false }
        }
        return depth == 0
    }

    /// Whether a file states line numbers of its own (`#line`, as generated parsers do): the
    /// plain copy's `#line` would then name the wrong place.
    static func hasLineDirectives(_ source: [UInt8]) -> Bool {
        directives(source[...]).contains { $0 == "line" || $0.first?.isNumber == true }
    }

    /// The name of each directive (`if`, `define`, `12`...) in `text`, one per line whose
    /// first character other than a blank is `#`.
    private static func directives(_ text: ArraySlice<UInt8>) -> [Substring] {
        String(decoding: text, as: UTF8.self).split(separator: "\n").compactMap { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.first == "#" else { return nil }
            return trimmed.dropFirst().drop { $0 == " " || $0 == "\t" }.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        }
    }
}
