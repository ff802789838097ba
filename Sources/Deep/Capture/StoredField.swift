@_spi(Reflection) import Swift

/// A stored field of a structure or class, found by name once per type and read at its
/// offset afterwards: what `order.tier` in a condition costs at a hit.
///
/// `Reflection.shape(of:)` builds every field of a value, each through the runtime's lookup
/// of the field's type by its mangled name (microseconds a field, so a condition on a
/// request's fields cost tens of microseconds a hit); this is a load and a copy of one field.
/// Only strong fields are read so: a `weak` or `unowned` field's storage is not a plain
/// reference, and goes through the runtime's reflection as before.
struct StoredField: @unchecked Sendable {  // `Any.Type` is immutable metadata.
    private let offset: Int
    private let type: Any.Type
    /// Whether the offset is from a class instance's address, not from the value's storage.
    private let inObject: Bool

    /// The strong stored field `name` of structures or classes of `value`'s type; nil for
    /// any other type (the standard library's collections, guarded and C values included),
    /// or when it has no such field.
    init?(_ name: String, of value: Any) {
        let container = Swift.type(of: value)
        let kind = metadataKind(of: container)
        guard kind == .struct || kind == .class, TypeFacts.of(value).kind == .reflected else { return nil }
        var found: (offset: Int, type: Any.Type)?
        for index in 0..<_fieldCount(container) where found == nil {
            var facts = _FieldFacts()
            let type = _fieldType(container, index: index, facts: &facts)
            if facts.isStrong, let field = facts.name, String(cString: field) == name {
                found = (_fieldOffset(container, index: index), type)
            }
            facts.free?(facts.name)
        }
        guard let found else { return nil }
        (offset, type, inObject) = (found.offset, found.type, kind == .class)
    }

    /// The field of `value`, a value of the type it was found in.
    func read(in value: Any) -> Any {
        guard inObject else {
            func read<Container>(_ container: Container) -> Any { field(of: container, at: offset, type: type) }
            return _openExistential(value, do: read)
        }
        let object = value as AnyObject
        return withExtendedLifetime(object) {
            load(type, from: UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque()) + offset)
        }
    }
}

/// A copy of the field of `type` at `offset` in a structure's storage.
private func field<Container>(of container: Container, at offset: Int, type: Any.Type) -> Any {
    withUnsafeBytes(of: container) { bytes in
        // A structure with a field has storage; only an empty field of an empty one has none.
        load(type, from: (bytes.baseAddress ?? UnsafeRawPointer(bitPattern: MemoryLayout<Container>.alignment)!) + offset)
    }
}

/// A copy of the value of `type` at `address`.
private func load(_ type: Any.Type, from address: UnsafeRawPointer) -> Any {
    func copy<Field>(_: Field.Type) -> Any { address.assumingMemoryBound(to: Field.self).pointee }
    return _openExistential(type, do: copy)
}

// The runtime's field metadata, declared as the standard library declares it
// (stdlib/public/core/ReflectionMirror.swift) for `_forEachField`, which does not say
// whether a field is strong.
private struct _FieldFacts {
    var name: UnsafePointer<CChar>? = nil
    var free: (@convention(c) (UnsafePointer<CChar>?) -> Void)? = nil
    var isStrong = false
    var isVar = false
}

@_silgen_name("swift_reflectionMirror_recursiveCount")
private func _fieldCount(_: Any.Type) -> Int

@_silgen_name("swift_reflectionMirror_recursiveChildMetadata")
private func _fieldType(_: Any.Type, index: Int, facts: UnsafeMutablePointer<_FieldFacts>) -> Any.Type

@_silgen_name("swift_reflectionMirror_recursiveChildOffset")
private func _fieldOffset(_: Any.Type, index: Int) -> Int
