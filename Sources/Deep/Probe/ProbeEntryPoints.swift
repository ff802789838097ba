@_exported import DeepProbeABI

#if canImport(Glibc)
import Glibc
#endif

// The functions instrumented code calls. They are public because generated code in other
// modules calls them, underscored because nobody else should: deep-instrument writes the
// calls (see ProbeRenderer in DeepInstrumenter) and this file is their only definition.

/// A variable a probe read, named as in source. Made only when a tracepoint asks for it
/// (`_DeepVariables`); not part of what generated code calls.
package struct _DeepVariable {
    let name: ProbeName
    /// A copy of the value, or an `UnreadableValue` for one that cannot be copied.
    let value: Any

    init(name: ProbeName, value: Any) {
        self.name = name
        self.value = value
    }

    init(name: StaticString, value: Any) {
        self.init(name: .literal(name), value: value)
    }
}

/// A name a probe passes (a variable's, its function's) without making a String of it
/// unless a snapshot needs one: a Swift literal or a C string from a C probe.
enum ProbeName: CustomStringConvertible, ExpressibleByStringLiteral {
    case literal(StaticString)
    /// Valid while the probe's call lasts.
    case c(UnsafePointer<CChar>)

    init(stringLiteral value: StaticString) { self = .literal(value) }

    var description: String {
        switch self {
        case .literal(let text): text.description
        case .c(let text): String(cString: text)
        }
    }

    /// Whether the name is `key` (UTF-8), compared without building a String.
    func equals(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .literal(let literal) where literal.hasPointerRepresentation:
            literal.utf8CodeUnitCount == key.count && (key.isEmpty || memcmp(literal.utf8Start, key.baseAddress!, key.count) == 0)
        case .literal(let literal):
            literal.withUTF8Buffer { $0.elementsEqual(key) }
        case .c(let name):
            key.indices.allSatisfy { UInt8(bitPattern: name[$0]) == key[$0] } && name[key.count] == 0
        }
    }

    /// Whether the name is `key` (UTF-8).
    func equals(_ key: [UInt8]) -> Bool { key.withUnsafeBufferPointer { equals($0) } }
}

/// Called when a probe's enabled bit is set: `record` is the file's probe record, and
/// `variables` shows the runtime the probe's variables when a tracepoint there asks.
@inline(never)
public func _deepProbeHit(record: UnsafeRawPointer, line: Int, function: StaticString, variables: (inout _DeepVariables) -> Void) {
    Tracepoints.current.hit(record: record, line: line, function: .literal(function), variables: variables)
}
