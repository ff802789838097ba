import SwiftSyntax

/// One probe the rewriter inserts.
struct ProbeSite {
    enum Form: Equatable {
        /// `let _ = PROBE; ` before a statement.
        case statement
        /// `(PROBE, ` before and `).1` after an expression whose value is the result
        /// (single-expression bodies, if/switch expression branches).
        case expression(end: AbsolutePosition)
    }

    /// The original line, 1-based.
    var line: Int
    /// Where the probe text goes: the first token of the statement or expression.
    var position: AbsolutePosition
    var form: Form
    /// The function the probe sits in, as a snapshot names it (`Orders.place(_:)`).
    var function: String
    /// What the probe reads when it fires, in declaration order.
    var captures: [CapturableName]
}

/// Why an executable statement got no probe. Every one is counted and reported.
public enum SkipReason: String, CaseIterable, Codable, Sendable, Comparable {
    /// `@inlinable`, `@_alwaysEmitIntoClient`, `@_transparent` and `@backDeployed` bodies
    /// are compiled into other modules, which cannot see the file's private probe record.
    case inlinableBody = "inlinable body"
    /// An if/switch expression branch that is more than one expression: a probe there
    /// would not compile.
    case expressionBranchWithStatements = "if/switch expression branch with statements"
    /// Inside the arguments of a freestanding macro, whose expansion may inspect the syntax.
    case macroArgument = "macro argument"
    /// The file already uses `#sourceLocation`, which the rewriter needs for itself.
    case fileHasSourceLocation = "file uses #sourceLocation"

    public static func < (lhs: SkipReason, rhs: SkipReason) -> Bool { lhs.rawValue < rhs.rawValue }
}
