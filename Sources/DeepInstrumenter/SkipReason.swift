/// Why an executable statement got no probe. Every one is counted and reported.
public enum SkipReason: String, CaseIterable, Codable, Sendable, Comparable {
    /// An if/switch expression branch that is more than one expression: a probe there
    /// would not compile.
    case expressionBranchWithStatements = "if/switch expression branch with statements"
    /// Inside the arguments of a freestanding macro, whose expansion may inspect the syntax.
    case macroArgument = "macro argument"
    /// The file already uses `#sourceLocation`, which the rewriter needs for itself.
    case fileHasSourceLocation = "file uses #sourceLocation"
    /// C: a statement written by a macro, or one whose first or last token a macro writes.
    case macroExpansion = "macro expansion"
    /// C89 allows no statement before a declaration, so declarations get no probe there (nor
    /// under `-Wdeclaration-after-statement`).
    case c89Declaration = "C89 declaration"
    /// C: a non-static `inline` function may not use the file's static probe record.
    case externInline = "extern inline function"

    public static func < (lhs: SkipReason, rhs: SkipReason) -> Bool { lhs.rawValue < rhs.rawValue }
}
