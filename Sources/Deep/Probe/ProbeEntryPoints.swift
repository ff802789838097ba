@_exported import DeepProbeABI

// The functions instrumented code calls. They are public because generated code in other
// modules calls them, underscored because nobody else should: deep-instrument writes the
// calls (see ProbeRenderer in DeepInstrumenter) and this file is their only definition.

/// Called when a probe's enabled bit is set: `record` is the file's probe record, and
/// `variables` shows the runtime the probe's variables when a tracepoint there asks.
@inline(never)
public func _deepProbeHit(record: UnsafeRawPointer, line: Int, function: StaticString, variables: (inout _DeepVariables) -> Void) {
    Tracepoints.current.hit(record: record, line: line, function: .literal(function), variables: variables)
}
