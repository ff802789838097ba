import DeepModel
import DeepProbeABI

#if canImport(Glibc)
import Glibc
#endif

// The functions instrumented C code calls (deep_probe.h declares them): C probes reach the
// same table, conditions, capture and sinks as Swift probes.

/// A C probe's enabled bit is set: `variables` describe the locals in scope (the probe's
/// constant table) and `values` point at copies of them.
@_cdecl("deep_c_probe_hit")
public func _deepCProbeHit(
    record: UnsafeRawPointer, types: UnsafePointer<UnsafePointer<CChar>?>, line: Int,
    function: UnsafePointer<CChar>, variables: UnsafePointer<deep_c_variable>?,
    values: UnsafePointer<UnsafeRawPointer?>?, count: Int
) {
    hit(record: record, types: types, line: line, function: function, variables: variables, values: values, count: count)
}

/// A C function's exit probe: as a hit, with the time `deep_c_now()` gave at the function's
/// entry (0 when no tracepoint was on the exit's line then); a returned value is the last
/// variable, `return`.
@_cdecl("deep_c_probe_exit")
public func _deepCProbeExit(
    record: UnsafeRawPointer, types: UnsafePointer<UnsafePointer<CChar>?>, line: Int,
    function: UnsafePointer<CChar>, variables: UnsafePointer<deep_c_variable>?,
    values: UnsafePointer<UnsafeRawPointer?>?, count: Int, since start: UInt
) {
    hit(
        record: record, types: types, line: line, function: function, variables: variables, values: values, count: count,
        since: UInt64(start))
}

/// The time a C function is entered, read only while a tracepoint is on its exit's line.
@_cdecl("deep_c_now")
public func _deepCNow() -> UInt { UInt(_deepNow()) }

private func hit(
    record: UnsafeRawPointer, types: UnsafePointer<UnsafePointer<CChar>?>, line: Int,
    function: UnsafePointer<CChar>, variables: UnsafePointer<deep_c_variable>?,
    values: UnsafePointer<UnsafeRawPointer?>?, count: Int, since start: UInt64 = HitClock.untimed
) {
    Tracepoints.published.withCurrent { tracepoints in
        tracepoints.hit(record: record, line: line, function: .c(function), since: start) { scope in
            guard let variables, let values else { return }
            // An exit's last variable may be what it returns (DEEP_C_RETURNED), which is
            // about the call, not a local.
            let returned = start != HitClock.untimed && count > 0 && strcmp(variables[count - 1].name, "return") == 0
            for index in 0..<count {
                // The file's type table only once a variable is wanted: a condition's names
                // are compared first.
                scope.add(.c(variables[index].name), ofTheCall: returned && index == count - 1) {
                    value(of: variables[index], at: values[index], types: types)
                }
            }
        }
    }
}

/// The value of `variable`, read through the file's type table, or why it cannot be read.
private func value(of variable: deep_c_variable, at bytes: UnsafeRawPointer?, types: UnsafePointer<UnsafePointer<CChar>?>) -> Any {
    let table = CTypeTables.table(at: types)
    let index = Int(variable.type)
    guard index < table.types.count, let bytes else {
        return UnreadableValue(typeName: "?", reason: "not in the file's type table")
    }
    guard table.types[index].size == Int(variable.size) else {
        return UnreadableValue(
            typeName: table.types[index].name,
            reason: "its layout differs from the build's: instrument with the build's flags")
    }
    return CValue(table: table, type: index, bytes: bytes)
}

/// Called before `main` by each instrumented C file (through `deep_c_register_image` in
/// runtime.c) whose image is not the runtime's own: the probe records of the image the file
/// is linked into are between `begin` and `end`.
@_cdecl("deep_register_image")
public func _deepCRegisterImage(begin: UnsafeRawPointer?, end: UnsafeRawPointer?) {
    guard let begin, let end else { return }
    Deep.register(image: begin.assumingMemoryBound(to: UInt64.self), end: end.assumingMemoryBound(to: UInt64.self))
}
