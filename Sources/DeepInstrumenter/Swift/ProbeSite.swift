import SwiftSyntax

/// One probe the rewriter inserts.
struct ProbeSite {
    enum Form: Equatable {
        /// `let _ = PROBE; ` before a statement.
        case statement
        /// `(PROBE, ` before and `).1` after an expression whose value is used: the result of
        /// a single-expression body or an if/switch expression branch, or an argument, element,
        /// condition, operand or interpolation that starts a line inside a statement.
        case expression(end: AbsolutePosition)
        /// `(` at `start` and `, PROBE).0` at the position: the probe fires once the value
        /// between them is computed. A single-expression body's value (from after its `{`, or
        /// a closure's `in`, to its closing brace), or the start of a chain up to the dot that
        /// continues it on a later line.
        case afterValue(start: AbsolutePosition)
        /// `; let _ = PROBE` after the closing brace of an `if` statement whose last block does
        /// not run to its end, so that the probe fires where the other branches meet.
        case afterStatement
        /// `defer { let _ = PROBE }; ` after the opening brace of a function-like body, so that
        /// the probe fires whenever the body returns or throws (its closing brace's line).
        /// `timed` (a function's, not a closure's): `let __deepStart = ...; ` before it reads
        /// the time of entry while a tracepoint is on that line, and the probe passes it.
        /// `keepsReturn`: `var __deepReturned: Any? = nil; ` before that, which the function's
        /// `return`s fill (ReturnCapture) and the probe passes as `return`. `keepsError`:
        /// `var __deepThrown: (any Swift.Error)? = nil; ` too, which the `catch` around the
        /// body fills (ErrorCapture) and the probe passes as `exception`.
        case onExit(timed: Bool, keepsReturn: Bool = false, keepsError: Bool = false)
    }

    /// The original line, 1-based.
    var line: Int
    /// Where the probe text goes: the first token of the statement or expression, or the end
    /// of the brace or colon it follows (closing braces of `if`s; the opening brace of a body
    /// for entry and exit probes; a `case` label), or a body's closing brace (`afterValue`).
    var position: AbsolutePosition
    var form: Form
    /// The function the probe sits in, as a snapshot names it (`Orders.place(_:)`).
    var function: String
    /// What the probe reads when it fires, in declaration order.
    var captures: [CapturableName]
    /// The planner's body the probe belongs to (CopyRegion.owner).
    var owner: Int
}

/// A function's `return <value>` whose value its exit probe reports (`return`, at
/// `method_end`): `__deepKeep(&__deepReturned, ON, ` before the value and `)` after it, in
/// the function's probed copy alone (a loop written twice inside its plain copy has no
/// `__deepReturned`), keeping the value only while a tracepoint is on the exit's line.
struct ReturnCapture {
    /// The function's body (ProbeSite.owner).
    var owner: Int
    /// The exit probe's line, whose enabled bit says whether to keep the value.
    var exitLine: Int
    var start: AbsolutePosition
    var end: AbsolutePosition
    /// The value touches `return` (`return.some(x)`): the wrapper starts with `/**/`, which
    /// parts them as a space would and tells a reader the rewriter put it there.
    var touchesKeyword: Bool
}

/// A throwing function's or initializer's body whose error its exit probe reports
/// (`exception`, at `method_end`): `do {` after the exit's `defer` and
/// `} catch { __deepThrown = error; throw error }` after the last statement, in the probed
/// copy alone. The `defer` stays outside the `do`, so it runs after the `catch`.
struct ErrorCapture {
    /// The function's body (ProbeSite.owner).
    var owner: Int
    /// What opens the `do`: `do` or, for `throws(E)`, `do throws(E)` (a plain `do` would
    /// catch an `any Error`, which such a function cannot throw).
    var catching: String
    /// After the body's `{`, where the exit probe is.
    var start: AbsolutePosition
    /// Where the `catch` goes (`end(of:)`).
    var end: AbsolutePosition

    /// On the last statement's line, right after it: the rethrow is where the function's
    /// throws meet, and a debug build attributes their shared way out to it; on the closing
    /// brace's line, a body whose only way out is a `throw` would lose the `throw`'s line from
    /// the line table (seen in swift-argument-parser). After an `#endif` nothing may follow
    /// on its line: there, before the closing brace.
    static func end(of statements: CodeBlockItemListSyntax, closedBy brace: TokenSyntax) -> AbsolutePosition {
        guard let last = statements.last, last.lastToken(viewMode: .sourceAccurate)?.tokenKind != .poundEndif else {
            return brace.positionAfterSkippingLeadingTrivia
        }
        return last.endPositionBeforeTrailingTrivia
    }

    /// What opens the `do` around a body declared with `clause`, or nil where nothing can be
    /// thrown out of it: `throws(Never)`, or statements with no `try`, `throw` or `for try`
    /// outside closures, nested declarations and `do`s that catch everything (a `catch` no
    /// error reaches draws a warning).
    static func catching(_ clause: ThrowsClauseSyntax, statements: CodeBlockItemListSyntax) -> String? {
        guard ThrowFinder.mayThrow(statements) else { return nil }
        guard let type = clause.type?.trimmedDescription else { return "do" }
        return ["Never", "Swift.Never"].contains(type) ? nil : "do throws(\(type))"
    }
}
