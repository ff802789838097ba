/// One `.name` step of a compiled expression, with how it reads each type it has met: a
/// stored field at its offset (`StoredField`), or the `count` or `isEmpty` of a standard
/// library collection or string. A hit finds it with one lookup; anything else (optionals,
/// enum payloads, weak fields) is left to `ExpressionOperations.member`.
final class MemberLookup: Sendable {
    let name: String
    /// At most this many types are kept a step; past it, a new type is looked into at each hit.
    private static let capacity = 64
    private let reads = PublishedTable<Read?>(capacity: capacity)

    private enum Read: @unchecked Sendable {  // metatypes are immutable metadata
        case field(StoredField)
        case count(any _DeepCounted.Type)
        case isEmpty(any _DeepCounted.Type)
    }

    init(_ name: String) { self.name = name }

    /// `.name` of `value`; nil when its type needs the general way.
    func read(_ value: Any) -> Any? {
        switch reads.value(for: UInt(bitPattern: ObjectIdentifier(type(of: value))), making: { read(of: value) }) {
        case .field(let field)?: field.read(in: value)
        case .count(let counted)?: counted._deepCount(of: value)
        case .isEmpty(let counted)?: counted._deepCount(of: value) == 0
        case nil: nil
        }
    }

    private func read(of value: Any) -> Read? {
        if let counted = type(of: value) as? any _DeepCounted.Type {
            return switch name {
            case "count": .count(counted)
            case "isEmpty": .isEmpty(counted)
            default: nil
            }
        }
        return StoredField(name, of: value).map(Read.field)
    }
}

/// The standard library's strings and collections, whose `count` expressions may read.
private protocol _DeepCounted {
    /// The `count` of `value`, a value of this type.
    static func _deepCount(of value: Any) -> Int
}

extension _DeepCounted where Self: Collection {
    static func _deepCount(of value: Any) -> Int { (value as! Self).count }
}

extension Array: _DeepCounted {}
extension ArraySlice: _DeepCounted {}
extension ContiguousArray: _DeepCounted {}
extension Set: _DeepCounted {}
extension Dictionary: _DeepCounted {}
extension String: _DeepCounted {}
extension Substring: _DeepCounted {}
