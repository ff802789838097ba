/// A variable a probe read, named as in source. Made only when a tracepoint asks for it
/// (`_DeepVariables`); not part of what generated code calls.
package struct _DeepVariable {
    let name: ProbeName
    /// A copy of the value, or an `UnreadableValue` for one that cannot be copied.
    let value: Any
    /// What a function's exit reports of the call (`return`, `exception`), not a variable in
    /// scope: a `method_end` snapshot shows it as a watch.
    var ofTheCall = false
}
