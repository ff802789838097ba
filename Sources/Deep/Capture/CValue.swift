import DeepModel

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A value a C probe passed: bytes the probe copied, read through the file's type table.
///
/// Only valid while the probe's call lasts (the bytes are the probe's own compound literals
/// or the array it points at), which is as long as a hit evaluates and captures. Pointers
/// are shown as addresses and never followed.
///
/// Three words, so that an `Any` holds one without a heap allocation: the type's index and a
/// bit-field's place are packed into the third.
struct CValue {
    let table: CTypeTable
    let bytes: UnsafeRawPointer
    private let index: Int32
    private var shift: UInt8 = 0
    /// A bit-field's width plus one; 0 for a value that is not a bit-field (a bit-field can
    /// be 0 bits wide: `int : 0`).
    private var widthPlusOne: UInt8 = 0

    init(table: CTypeTable, type: Int, bytes: UnsafeRawPointer) {
        self.table = table
        self.bytes = bytes
        index = Int32(truncatingIfNeeded: type)
    }

    /// The type's index in `table`.
    var type: Int { Int(index) }
    /// For bit-fields: where the field starts in the first byte, and how many bits it has.
    var bitShift: Int {
        get { Int(shift) }
        set { shift = UInt8(truncatingIfNeeded: newValue) }
    }
    var bitWidth: Int? {
        get { widthPlusOne == 0 ? nil : Int(widthPlusOne) - 1 }
        set { widthPlusOne = newValue.map { UInt8(truncatingIfNeeded: $0 + 1) } ?? 0 }
    }

    var description: CType { table.types[type] }
    var typeName: String { description.name }

    var shape: Reflection.Shape {
        let type = description
        switch type.kind {
        case .signed:
            return signedInteger(size: type.size).map { .integer($0) } ?? .opaque
        case .unsigned:
            return integerBits(size: type.size).map { .unsignedInteger($0) } ?? .opaque
        case .bool:
            return .bool(truth(size: type.size))
        case .float:
            return floatingPoint(size: type.size).map { .floatingPoint($0) } ?? .opaque
        case .enumeration:
            guard let bits = integerBits(size: type.size) else { return .opaque }
            let value =
                type.unsignedCases == true
                ? Int64(bitPattern: bits)
                : Int64(bitPattern: bits << UInt64(64 - type.size * 8)) >> Int64(64 - type.size * 8)
            return .enumerator(name: type.cases?.first { $0.value == value }?.name, value: value)
        case .pointer:
            return .pointer(integerBits(size: type.size) ?? 0)
        case .structure, .union:
            return .structure(
                fields: (type.fields ?? []).map { field in
                    var value = CValue(table: table, type: field.type, bytes: bytes + field.bitOffset / 8)
                    if let width = field.bitWidth {
                        value.bitShift = field.bitOffset % 8
                        value.bitWidth = width
                    }
                    return (field.name, value)
                })
        case .array:
            guard let element = type.element, let count = type.count else { return .opaque }
            let elementType = table.types[element]
            if elementType.size == 1, elementType.kind == .signed || elementType.kind == .unsigned,
                elementType.name.hasSuffix("char")
            {
                let characters = UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt8.self), count: count)
                return .string(String(decoding: characters.prefix { $0 != 0 }, as: UTF8.self))
            }
            let table = table
            let bytes = bytes
            return .collection(
                count: count,
                elements: AnySequence(
                    (0..<count).lazy.map { index in
                        (label: nil, value: CValue(table: table, type: element, bytes: bytes + index * elementType.size) as Any)
                    }), isDictionary: false)
        case .opaque:
            return .opaque
        }
    }

    /// The value as a word, for comparisons and arithmetic (`VariableSlots`): a signed
    /// integer, an unsigned one below 2^63, a floating-point number or a `bool`; nil for
    /// anything else, which reads as `shape`. Reads the type's kind and size only.
    var word: VariableSlots.Word? {
        let (kind, size) = (table.types[type].kind, table.types[type].size)
        switch kind {
        case .signed: return signedInteger(size: size).map { .int(Int(truncatingIfNeeded: $0)) }
        case .unsigned: return integerBits(size: size).flatMap { $0 <= UInt64(Int.max) ? .int(Int($0)) : nil }
        case .bool: return .bool(truth(size: size))
        case .float: return floatingPoint(size: size).map { .double($0) }
        default: return nil
        }
    }

    /// The value of a signed integer type, sign-extended from its width.
    private func signedInteger(size: Int) -> Int64? {
        guard let bits = integerBits(size: size) else { return nil }
        let width = bitWidth ?? size * 8
        return Int64(bitPattern: bits << UInt64(64 - width)) >> Int64(64 - width)
    }

    private func truth(size: Int) -> Bool { (integerBits(size: size) ?? 0) != 0 }

    /// The value's bits, little-endian, shifted and masked for a bit-field.
    private func integerBits(size: Int) -> UInt64? {
        guard let width = bitWidth else {
            switch size {
            case 1: return UInt64(bytes.loadUnaligned(as: UInt8.self))
            case 2: return UInt64(bytes.loadUnaligned(as: UInt16.self))
            case 4: return UInt64(bytes.loadUnaligned(as: UInt32.self))
            case 8: return bytes.loadUnaligned(as: UInt64.self)
            default: return nil
            }
        }
        var word: UInt64 = 0
        for index in 0..<(bitShift + width + 7) / 8 {
            word |= UInt64(bytes.load(fromByteOffset: index, as: UInt8.self)) << UInt64(8 * index)
        }
        return (word >> UInt64(bitShift)) & (width == 64 ? .max : (1 << UInt64(width)) - 1)
    }

    private func floatingPoint(size: Int) -> Double? {
        switch size {
        case 4: return Double(bytes.loadUnaligned(as: Float.self))
        case 8: return bytes.loadUnaligned(as: Double.self)
        #if arch(x86_64)
        case 16: return Double(bytes.loadUnaligned(as: Float80.self))
        #endif
        default: return nil
        }
    }
}

/// The type tables of instrumented C files, decoded the first time one of the file's probes
/// needs one, by the address of the table's pieces. An address can hold another table once
/// its image is unloaded and another loaded, so the runtime forgets them all whenever the set
/// of images changes. A hit reads them without a lock (`PublishedTable`).
enum CTypeTables {
    /// One per instrumented C file of the loaded images.
    private static let decoded = PublishedTable<CTypeTable>(capacity: .max)

    static func forget() { decoded.removeAll() }

    static func table(at pieces: UnsafePointer<UnsafePointer<CChar>?>) -> CTypeTable {
        decoded.value(for: UInt(bitPattern: pieces)) {
            var json = Data()
            var index = 0
            while let piece = pieces[index] {
                json.append(Data(bytes: piece, count: strlen(piece)))
                index += 1
            }
            return (try? JSONDecoder().decode(CTypeTable.self, from: json)) ?? CTypeTable()
        }
    }
}
