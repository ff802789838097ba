@_spi(Reflection) import Swift

/// What captures need to know about a type and would otherwise work out for every value of
/// it: how `Reflection.shape(of:)` reads it (found by casts and name tests, a few thousand
/// instructions for a structure), its name as snapshots show it, and whether a hit may leave
/// its values for the agent to read.
///
/// The facts of each type seen so far are a `PublishedTable`: a hit reads them without a
/// lock, and at most `capacity` types are kept.
struct TypeFacts: Sendable {
    let kind: Reflection.Kind
    /// `_typeName(type, qualified: false)`.
    let name: String
    /// Whether a value of the type can be kept at a hit and read later on another thread:
    /// nothing it reaches can be changed by the program once the hit has copied it. True of
    /// values without references, strings, the standard library's collections, optionals,
    /// structures and tuples of such; false of class instances and of anything holding one,
    /// which must be read while the program waits (`Detachability`).
    let detachable: Bool

    static let capacity = 4096

    private static let table = PublishedTable<TypeFacts>(capacity: capacity)

    /// The facts of `value`'s type, worked out from `value` when the type is new.
    static func of(_ value: Any) -> TypeFacts {
        let type = type(of: value)
        return table.value(for: UInt(bitPattern: ObjectIdentifier(type))) {
            let kind = Reflection.classify(value, type)
            return TypeFacts(
                kind: kind, name: _typeName(type, qualified: false),
                detachable: kind != .cValue && Detachability.of(type))
        }
    }
}

/// Works out `TypeFacts.detachable` from a type alone, through its stored fields.
private final class Detachability {
    /// The structures and tuples being walked: one met again inside itself (through a
    /// collection) is as detachable as the rest of it says.
    private var visiting = Set<ObjectIdentifier>()

    /// How deep a type's fields are followed; past it, a type is not detachable (generic
    /// types can nest without end: `G<T>` holding `[G<[T]>]`).
    private static let maxDepth = 32

    static func of(_ type: Any.Type) -> Bool { Detachability().check(type, depth: 0) }

    private func check(_ type: Any.Type, depth: Int) -> Bool {
        guard depth < Self.maxDepth else { return false }
        if type == String.self { return true }
        if let optional = type as? any _DeepWrapping.Type { return check(optional.wrappedType, depth: depth + 1) }
        if let collection = type as? any _DeepStandardCollection.Type {
            return collection.elementTypes.allSatisfy { check($0, depth: depth + 1) }
        }
        let layout = _openExistential(type, do: trivialLayout)
        switch metadataKind(of: type) {
        case .struct, .tuple:
            // The standard library's plain, non-generic values (integers, floating point, raw
            // pointers, which captures show as addresses and never follow). A generic one is
            // walked: `_isPOD` holds for `Unmanaged` and `unowned(unsafe)` references, which
            // a capture would follow, and so for what wraps them (`CollectionOfOne<Unmanaged<T>>`).
            let name = _typeName(type, qualified: true)
            if layout.trivial, name.hasPrefix("Swift."), !name.contains("<") { return true }
            guard visiting.insert(ObjectIdentifier(type)).inserted else { return true }
            var all = true
            let read = _forEachField(of: type, options: []) { _, _, field, _ in
                all = self.check(field, depth: depth + 1)
                return all
            }
            return read && all
        case .enum:
            // Without references, and too small for a payload that could be one.
            return layout.trivial && layout.size <= 1
        case .opaque:
            return layout.trivial
        default:
            return false
        }
    }
}

/// The kind word that starts every type's metadata (the ABI's TypeMetadata.rst); a class's
/// metadata starts with a pointer instead, above every kind.
func metadataKind(of type: Any.Type) -> _MetadataKind {
    let word = unsafeBitCast(type, to: UnsafePointer<UInt>.self).pointee
    return word > 0x7FF ? .class : _MetadataKind(rawValue: word) ?? .unknown
}

/// Whether `T` holds no references at all, and its size.
private func trivialLayout<T>(_: T.Type) -> (trivial: Bool, size: Int) { (_isPOD(T.self), MemoryLayout<T>.size) }

private protocol _DeepWrapping { static var wrappedType: Any.Type { get } }
extension Optional: _DeepWrapping { static var wrappedType: Any.Type { Wrapped.self } }

/// The standard library's copy-on-write collections: a copy taken at a hit keeps its
/// storage, which the program's later writes copy before changing.
private protocol _DeepStandardCollection { static var elementTypes: [Any.Type] { get } }
extension Array: _DeepStandardCollection { static var elementTypes: [Any.Type] { [Element.self] } }
extension ContiguousArray: _DeepStandardCollection { static var elementTypes: [Any.Type] { [Element.self] } }
extension Set: _DeepStandardCollection { static var elementTypes: [Any.Type] { [Element.self] } }
extension Dictionary: _DeepStandardCollection { static var elementTypes: [Any.Type] { [Key.self, Value.self] } }
