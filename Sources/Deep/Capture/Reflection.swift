@_spi(Reflection) import Swift

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Looks inside values without running any of their code.
///
/// `Mirror(reflecting:)` calls `customMirror` on types that provide one, which is user code.
/// For types outside the standard library this reads stored fields through the runtime
/// entry points `Mirror` itself is built on; standard library types (whose `customMirror`
/// is not user code) go through `Mirror`, which is what shows an `Array` as its elements.
/// Computed properties are never evaluated: only stored fields exist here.
enum Reflection {
    /// What kind of value, decided once per node.
    enum Shape {
        case optional(Any?)
        case string(String)
        case integer(Int64)
        case unsignedInteger(UInt64)
        case floatingPoint(Double)
        case bool(Bool)
        /// A Foundation value shown by its standard rendering (Date, UUID, URL, Data).
        case foundation(String)
        /// Array, Set, Dictionary and other standard library collections.
        case collection(count: Int, elements: AnySequence<(label: String?, value: Any)>, isDictionary: Bool)
        case enumCase(name: String, payload: [(label: String, value: Any)])
        case object(ObjectIdentifier, fields: [(label: String, value: Any)])
        case structure(fields: [(label: String, value: Any)])
        case tuple(fields: [(label: String, value: Any)])
        /// A C enumerator: its name when the value is one of the enumeration's.
        case enumerator(name: String?, value: Int64)
        /// A C pointer, shown as an address and never followed.
        case pointer(UInt64)
        /// Functions, metatypes and anything else without fields.
        case opaque
    }

    /// `value`'s type as snapshots name it; `facts` when the caller has them already.
    static func typeName(of value: Any, facts: TypeFacts? = nil) -> String {
        let facts = facts ?? TypeFacts.of(value)
        return facts.kind == .cValue ? (value as! CValue).typeName : facts.name
    }

    /// Values guarded by a lock or made of atomics: reading their insides without the lock
    /// could see them mid-update, so they are shown by type only.
    static let guardedTypePrefixes = [
        "Synchronization.Mutex<", "Synchronization.Atomic<", "Atomics.ManagedAtomic<", "Atomics.UnsafeAtomic<",
        "NIOConcurrencyHelpers.NIOLock", "NIOConcurrencyHelpers.NIOLockedValueBox<",
        "Foundation.NSLock", "Foundation.NSRecursiveLock", "Foundation.NSCondition",
        "Dispatch.", "_Concurrency.",
    ]

    /// The shape of `value` when it is one of the commonest Swift scalars (`Int`, `String`,
    /// `Double`, ...), told by its type's identity alone; nil for anything else.
    static func commonSwiftScalar(_ value: Any) -> Shape? { _openExistential(value, do: swiftScalar) }

    /// What kind of value it is; `facts` when the caller has them already.
    static func shape(of value: Any, facts: TypeFacts? = nil) -> Shape {
        if let scalar = _openExistential(value, do: commonScalar) { return scalar }
        let kind = (facts ?? TypeFacts.of(value)).kind
        switch kind {
        case .optional: return .optional((value as! any _DeepOptionalValue)._deepWrapped)
        case .cValue: return (value as! CValue).shape
        case .cast: return cast(value) ?? .opaque
        case .guarded: return .opaque
        case .standardCollection, .standardDictionary:
            let collection = value as! any Collection
            return elements(of: collection, isDictionary: kind == .standardDictionary)
        case .reflected: return reflected(value, type(of: value))
        }
    }

    /// What `shape(of:)` does with values of a type, found by the casts and name tests that
    /// would otherwise run for every value (a few thousand instructions for a structure).
    enum Kind: Sendable {
        case optional, cValue, cast, guarded, standardCollection, standardDictionary, reflected
    }

    /// A standard library collection's elements, read through `Collection` rather than
    /// `Mirror` (whose children cost a few thousand instructions each). A dictionary's
    /// elements are its `(key:value:)` pairs.
    private static func elements(of collection: some Collection, isDictionary: Bool) -> Shape {
        .collection(
            count: collection.count, elements: AnySequence(collection.lazy.map { (label: String?.none, value: $0 as Any) }),
            isDictionary: isDictionary)
    }

    static func classify(_ value: Any, _ type: Any.Type) -> Kind {
        if value is any _DeepOptionalValue { return .optional }
        if value is CValue { return .cValue }
        if cast(value) != nil { return .cast }
        let qualified = _typeName(type, qualified: true)
        if guardedTypePrefixes.contains(where: qualified.hasPrefix) { return .guarded }
        if qualified.hasPrefix("Swift."), value is any Collection {
            switch Mirror(reflecting: value).displayStyle {
            case .collection?, .set?: return .standardCollection
            case .dictionary?: return .standardDictionary
            default: break
            }
        }
        return .reflected
    }

    /// Scalars and Foundation values beyond the commonest, by cast.
    private static func cast(_ value: Any) -> Shape? {
        switch value {
        case let text as String: .string(text)
        case let text as Substring: .string(String(text))
        case let character as Character: .string(String(character))
        case let number as Int64: .integer(number)
        case let number as Int32: .integer(Int64(number))
        case let number as Int16: .integer(Int64(number))
        case let number as Int8: .integer(Int64(number))
        case let number as UInt: .unsignedInteger(UInt64(number))
        case let number as UInt64: .unsignedInteger(number)
        case let number as UInt32: .unsignedInteger(UInt64(number))
        case let number as UInt16: .unsignedInteger(UInt64(number))
        case let number as UInt8: .unsignedInteger(UInt64(number))
        case let number as Float: .floatingPoint(Double(number))
        case let date as Date: .foundation(date.formatted(.iso8601))
        case let uuid as UUID: .foundation(uuid.uuidString)
        case let url as URL: .foundation(url.absoluteString)
        case let data as Data: .foundation("\(data.count) bytes")
        default: nil
        }
    }

    /// Enums, classes, structures and tuples, by the runtime's reflection of stored fields.
    private static func reflected(_ value: Any, _ type: Any.Type) -> Shape {
        let style = _reflectionDisplayStyle(value)
        switch style {
        case UInt8(ascii: "e"):
            let name = enumCaseName(value) ?? "?"
            // The runtime shows a payload as one field named after the case: a tuple
            // for several values, the value itself for one.
            guard let payload = fields(of: value, as: type).first?.value else { return .enumCase(name: name, payload: []) }
            if _reflectionDisplayStyle(payload) == UInt8(ascii: "t") {
                return .enumCase(name: name, payload: fields(of: payload, as: Swift.type(of: payload)))
            }
            return .enumCase(name: name, payload: [(".0", payload)])
        case UInt8(ascii: "c"):
            let object = value as AnyObject
            var all: [(label: String, value: Any)] = []
            var current: AnyClass? = type as? AnyClass
            while let klass = current {
                all = fields(of: value, as: klass) + all
                current = _getSuperclass(klass)
            }
            return .object(ObjectIdentifier(object), fields: all)
        case UInt8(ascii: "s"):
            return .structure(fields: fields(of: value, as: type))
        case UInt8(ascii: "t"):
            return .tuple(fields: fields(of: value, as: type))
        default:
            return .opaque
        }
    }

    /// Stored fields of `value` seen as `type` (for classes: one level of the hierarchy).
    private static func fields(of value: Any, as type: Any.Type) -> [(label: String, value: Any)] {
        let count = _reflectionCount(value, type: type)
        return (0..<count).map { index in
            var name: UnsafePointer<CChar>? = nil
            var free: _NameFreeFunction? = nil
            let child = _reflectionChild(of: value, type: type, index: index, outName: &name, outFreeFunc: &free)
            let label = name.map { String(cString: $0) } ?? ""
            free?(name)
            return (label.isEmpty ? ".\(index)" : label, child)
        }
    }

    /// The case of a Swift enum value, without its payload (`Reflection.shape(of:)` reads
    /// both); nil for any other value.
    static func caseName(of value: Any) -> String? {
        guard metadataKind(of: type(of: value)) == .enum, TypeFacts.of(value).kind == .reflected else { return nil }
        return enumCaseName(value)
    }

    private static func enumCaseName(_ value: Any) -> String? { _enumCaseName(value).map { String(cString: $0) } }

    /// A stored field or enum payload by name, in a value of `shape` (`items`, `0`).
    static func member(_ name: String, in shape: Shape) -> Any? {
        switch shape {
        case .object(_, let fields), .structure(let fields), .tuple(let fields):
            return fields.first { $0.label == name || $0.label == "." + name }?.value
        case .enumCase(_, let payload):
            return payload.first { $0.label == name }?.value
        default: return nil
        }
    }
}

/// The commonest scalars, told by their type's identity and read without a dynamic cast:
/// much cheaper than the casts in `Reflection.shape(of:)`, and what conditions mostly compare.
private func commonScalar<T>(_ value: T) -> Reflection.Shape? {
    if T.self == Int.self { return .integer(Int64(unsafeBitCast(value, to: Int.self))) }
    if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
    if T.self == Double.self { return .floatingPoint(unsafeBitCast(value, to: Double.self)) }
    if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
    if T.self == Int64.self { return .integer(unsafeBitCast(value, to: Int64.self)) }
    if T.self == Int32.self { return .integer(Int64(unsafeBitCast(value, to: Int32.self))) }
    if T.self == UInt64.self { return .unsignedInteger(unsafeBitCast(value, to: UInt64.self)) }
    if T.self == UInt8.self { return .unsignedInteger(UInt64(unsafeBitCast(value, to: UInt8.self))) }
    if T.self == Float.self { return .floatingPoint(Double(unsafeBitCast(value, to: Float.self))) }
    // What every C condition reads, without the per-type lookup and the cast from `Any`.
    if T.self == CValue.self { return unsafeBitCast(value, to: CValue.self).shape }
    return nil
}

private func swiftScalar<T>(_ value: T) -> Reflection.Shape? { T.self == CValue.self ? nil : commonScalar(value) }

/// Lets the runtime see through `Optional` held in an `Any`.
protocol _DeepOptionalValue { var _deepWrapped: Any? { get } }
extension Optional: _DeepOptionalValue {
    var _deepWrapped: Any? { map { $0 as Any } }
}

// The runtime's reflection entry points, declared as the standard library declares them
// (stdlib/public/core/ReflectionMirror.swift) for `Mirror`'s own use.
private typealias _NameFreeFunction = @convention(c) (UnsafePointer<CChar>?) -> Void

@_silgen_name("swift_reflectionMirror_count")
private func _reflectionCount<T>(_: T, type: Any.Type) -> Int

@_silgen_name("swift_reflectionMirror_subscript")
private func _reflectionChild<T>(
    of: T, type: Any.Type, index: Int,
    outName: UnsafeMutablePointer<UnsafePointer<CChar>?>,
    outFreeFunc: UnsafeMutablePointer<_NameFreeFunction?>
) -> Any

@_silgen_name("swift_reflectionMirror_displayStyle")
private func _reflectionDisplayStyleRaw<T>(_: T) -> CChar

@_silgen_name("swift_EnumCaseName")
private func _enumCaseName<T>(_ value: T) -> UnsafePointer<CChar>?

private func _reflectionDisplayStyle(_ value: Any) -> UInt8 { UInt8(bitPattern: _reflectionDisplayStyleRaw(value)) }
