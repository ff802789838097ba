@_exported import DeepProbeABI

// The functions instrumented code calls. They are public because generated code in other
// modules calls them, underscored because nobody else should: deep-instrument writes the
// calls (see ProbeRenderer in DeepInstrumenter) and this file is their only definition.

/// Called when a probe's enabled bit is set: `record` is the file's probe record, and
/// `variables` shows the runtime the probe's variables when a tracepoint there asks. A
/// function's exit passes `since`, when it was entered (`_deepNow()`, or 0 when no tracepoint
/// was on the exit's line then); other probes leave it `.max` (`HitClock.untimed`).
@inline(never)
public func _deepProbeHit(
    record: UnsafeRawPointer, line: Int, function: StaticString, since start: UInt64 = .max,
    variables: (inout _DeepVariables) -> Void
) {
    Tracepoints.published.withCurrent {
        $0.hit(record: record, line: line, function: .literal(function), since: start, variables: variables)
    }
}

/// The time a function is entered, read only while a tracepoint is on its exit's line: a
/// `method_end` snapshot's `duration_nanos` is the time from this to the exit. Right after
/// an entry that `method_capture` tracepoints took, a token for that call instead
/// (`CallsInProgress`), which the exit passes back.
@inline(never)
public func _deepNow() -> UInt64 { Tracepoints.calls.clock(start: HitClock.monotonicNanoseconds()) }
