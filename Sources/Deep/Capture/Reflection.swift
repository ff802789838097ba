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

    static func typeName(of value: Any) -> String {
        if let value = value as? CValue { return value.typeName }
        return _typeName(type(of: value), qualified: false)
    }

    /// Values guarded by a lock or made of atomics: reading their insides without the lock
    /// could see them mid-update, so they are shown by type only.
    static let guardedTypePrefixes = [
        "Synchronization.Mutex<", "Synchronization.Atomic<", "Atomics.ManagedAtomic<", "Atomics.UnsafeAtomic<",
        "NIOConcurrencyHelpers.NIOLock", "NIOConcurrencyHelpers.NIOLockedValueBox<",
        "Foundation.NSLock", "Foundation.NSRecursiveLock", "Foundation.NSCondition",
        "Dispatch.", "_Concurrency.",
    ]

    static func shape(of value: Any) -> Shape {
        // The commonest scalars by their type's identity first: much cheaper than the casts below.
        switch ObjectIdentifier(type(of: value)) {
        case ObjectIdentifier(Int.self): return .integer(Int64(value as! Int))
        case ObjectIdentifier(String.self): return .string(value as! String)
        case ObjectIdentifier(Double.self): return .floatingPoint(value as! Double)
        case ObjectIdentifier(Bool.self): return .bool(value as! Bool)
        default: break
        }
        if let optional = value as? any _DeepOptionalValue { return .optional(optional._deepWrapped) }
        if let value = value as? CValue { return value.shape }
        switch value {
        case let text as String: return .string(text)
        case let text as Substring: return .string(String(text))
        case let character as Character: return .string(String(character))
        case let number as Int: return .integer(Int64(number))
        case let number as Int64: return .integer(number)
        case let number as Int32: return .integer(Int64(number))
        case let number as Int16: return .integer(Int64(number))
        case let number as Int8: return .integer(Int64(number))
        case let number as UInt: return .unsignedInteger(UInt64(number))
        case let number as UInt64: return .unsignedInteger(number)
        case let number as UInt32: return .unsignedInteger(UInt64(number))
        case let number as UInt16: return .unsignedInteger(UInt64(number))
        case let number as UInt8: return .unsignedInteger(UInt64(number))
        case let number as Double: return .floatingPoint(number)
        case let number as Float: return .floatingPoint(Double(number))
        case let flag as Bool: return .bool(flag)
        case let date as Date: return .foundation(date.formatted(.iso8601))
        case let uuid as UUID: return .foundation(uuid.uuidString)
        case let url as URL: return .foundation(url.absoluteString)
        case let data as Data: return .foundation("\(data.count) bytes")
        default: break
        }
        let type = type(of: value)
        let qualified = _typeName(type, qualified: true)
        if guardedTypePrefixes.contains(where: qualified.hasPrefix) { return .opaque }
        let style = _reflectionDisplayStyle(value)
        if qualified.hasPrefix("Swift.") {
            let mirror = Mirror(reflecting: value)
            if [.collection, .set, .dictionary].contains(mirror.displayStyle) {
                return .collection(count: mirror.children.count,
                                   elements: AnySequence(mirror.children.lazy.map { ($0.label, $0.value) }),
                                   isDictionary: mirror.displayStyle == .dictionary)
            }
        }
        switch style {
        case UInt8(ascii: "e"):
            let name = _enumCaseName(value).map { String(cString: $0) } ?? "?"
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

    /// A stored field or collection element by name (`items`, `0`, a dictionary key).
    static func member(_ name: String, of value: Any) -> Any? {
        switch shape(of: value) {
        case .optional(let wrapped): return wrapped.flatMap { member(name, of: $0) }
        case .object(_, let fields), .structure(let fields), .tuple(let fields):
            return fields.first { $0.label == name || $0.label == "." + name }?.value
        case .enumCase(_, let payload):
            return payload.first { $0.label == name }?.value
        default: return nil
        }
    }
}

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
