import SwiftSyntax

/// Code the rewriter writes twice, probed and as written, with one check that picks the copy
/// (deep_probe.h, "Two copies"): a function-like body, or a loop's iteration when the loop
/// makes calls. The plain copy leaves out the probes of its owner and keeps those of bodies
/// nested in it that have no copies of their own.
struct CopyRegion {
    /// The planner's body whose probes only the probed copy has: the region's own body, or
    /// the body the loop is in.
    var owner: Int
    /// From just after the `{` (a closure's `in`) to the `}`.
    var start: AbsolutePosition
    var end: AbsolutePosition
    /// The line `start` is on, where the plain copy starts (`#sourceLocation`).
    var startLine: Int
    /// The lines whose tracepoints need the probed copy: from a declaration's line, or the
    /// loop's `{`, to the `}`.
    var lines: ClosedRange<Int>
    /// Where the line after the `}` starts, and its number, when a line directive may go
    /// there. The compiler can lose count of the lines after a function written twice (seen
    /// in Ink's whole-module debug build: the next function's first lines were attributed
    /// seven lines further down), so a directive restates the next line's number.
    var lineAfter: (position: AbsolutePosition, line: Int)?
}
