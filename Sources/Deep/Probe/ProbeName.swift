#if canImport(Glibc)
import Glibc
#endif

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

    /// Calls `body` with the name's UTF-8, without building a String.
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch self {
        case .literal(let literal): literal.withUTF8Buffer(body)
        case .c(let name): body(UnsafeBufferPointer(start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: strlen(name)))
        }
    }

    /// Whether `name` is the NUL-terminated `text`: reads `text` no further than its NUL or
    /// the byte after `name`'s length.
    static func same(_ name: UnsafeBufferPointer<UInt8>, cString text: UnsafePointer<UInt8>) -> Bool {
        for index in name.indices where name[index] != text[index] { return false }
        return text[name.count] == 0
    }

    /// Whether two UTF-8 names are the same: the length first, then the bytes (a short name's
    /// in a loop, cheaper than a call).
    @inline(__always)
    static func same(_ name: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count == other.count else { return false }
        guard name.count > 16 else {
            for index in name.indices where name[index] != other[index] { return false }
            return true
        }
        return memcmp(name.baseAddress!, other.baseAddress!, name.count) == 0
    }
}
