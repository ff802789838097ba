import DeepModel
import DeepProbeABI

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
    Tracepoints.published.withCurrent { tracepoints in
        tracepoints.hit(record: record, line: line, function: .c(function)) { scope in
            // The file's type table only once a variable is wanted: a condition's names are
            // compared first.
            lazy var table = CTypeTables.table(at: types)
            guard let variables, let values else { return }
            for index in 0..<count {
                let variable = variables[index]
                lazy var problem = problem(with: variable, at: values[index], in: table)
                scope.add(.c(variable.name), readable: problem == nil) {
                    problem ?? CValue(table: table, type: Int(variable.type), bytes: values[index]!) as Any
                }
            }
        }
    }
}

/// Why the runtime cannot read `variable`, if it cannot.
private func problem(with variable: deep_c_variable, at value: UnsafeRawPointer?, in types: CTypeTable) -> UnreadableValue? {
    let index = Int(variable.type)
    guard index < types.types.count, value != nil else {
        return UnreadableValue(typeName: "?", reason: "not in the file's type table")
    }
    guard types.types[index].size == Int(variable.size) else {
        return UnreadableValue(
            typeName: types.types[index].name,
            reason: "its layout differs from the build's: instrument with the build's flags")
    }
    return nil
}

/// Called before `main` by each instrumented C file (through `deep_c_register_image` in
/// runtime.c) whose image is not the runtime's own: the probe records of the image the file
/// is linked into are between `begin` and `end`.
@_cdecl("deep_register_image")
public func _deepCRegisterImage(begin: UnsafeRawPointer?, end: UnsafeRawPointer?) {
    guard let begin, let end else { return }
    Deep.register(image: begin.assumingMemoryBound(to: UInt64.self), end: end.assumingMemoryBound(to: UInt64.self))
}
