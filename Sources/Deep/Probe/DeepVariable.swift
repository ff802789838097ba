/// A variable a probe read, named as in source. Made only when a tracepoint asks for it
/// (`_DeepVariables`); not part of what generated code calls.
package struct _DeepVariable {
    let name: ProbeName
    /// A copy of the value, or an `UnreadableValue` for one that cannot be copied.
    let value: Any
}
