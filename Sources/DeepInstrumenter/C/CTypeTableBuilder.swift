import CLibclang
import DeepModel
import Foundation

/// Describes the C types of captured variables for the file's `CTypeTable`, one entry per
/// distinct type, with layouts as libclang computes them for the file's compile flags.
struct CTypeTableBuilder {
    let unit: ClangUnit
    private(set) var table = CTypeTable()
    private var indexByKey: [String: Int] = [:]
    /// Nested structures deeper than this are described by name only.
    private static let maxDepth = 8

    init(unit: ClangUnit) { self.unit = unit }

    /// The table index for a variable of `type`, or nil when such a variable cannot be
    /// captured by value (incomplete types, variable-length arrays, functions, atomics,
    /// structures with a flexible array member), or must not be read by a probe (`volatile`:
    /// reading one may have effects).
    mutating func variableType(_ type: CXType) -> Int? {
        let canonical = unit.canonical(type)
        let api = unit.clang.api
        guard api.Type_getSizeOf(canonical) > 0, api.isVolatileQualifiedType(canonical) == 0 else { return nil }
        if canonical.kind == CXTypeKind.constantArray,
            api.isVolatileQualifiedType(unit.canonical(api.getArrayElementType(canonical))) != 0
        {
            return nil
        }
        switch canonical.kind {
        case CXTypeKind.bool, CXTypeKind.unsignedIntegers, CXTypeKind.signedIntegers, CXTypeKind.floatingPoint,
            CXTypeKind.pointer, CXTypeKind.enumeration, CXTypeKind.constantArray:
            return index(type, depth: 0)
        case CXTypeKind.record where !hasFlexibleArray(canonical):
            return index(type, depth: 0)
        default:
            return nil
        }
    }

    /// The table index for a parameter declared as an array (`char buf[8]`, or `va_list`,
    /// an array on x86-64): C passes a pointer to its first element, so it is described as
    /// that pointer, and the probe copies the pointer, never what it points at.
    mutating func decayedParameterType(_ type: CXType) -> Int {
        let element = unit.clang.api.getArrayElementType(unit.canonical(type))
        let name = unit.spelling(of: element) + " *"
        let key = "decayed|" + Self.key(element, unit: unit)
        if let index = indexByKey[key] { return index }
        indexByKey[key] = table.types.count
        table.types.append(CType(name: name, kind: .pointer, size: unit.pointerSize))
        return table.types.count - 1
    }

    /// The index of `type`'s entry, adding it (and the types it contains) on first use.
    private mutating func index(_ type: CXType, depth: Int) -> Int {
        let key = Self.key(type, unit: unit)
        if let index = indexByKey[key] { return index }
        let index = table.types.count
        indexByKey[key] = index
        table.types.append(CType(name: unit.spelling(of: type), kind: .opaque, size: 0))
        table.types[index] =
            describe(type, depth: depth)
            ?? CType(name: unit.spelling(of: type), kind: .opaque, size: max(0, Int(unit.clang.api.Type_getSizeOf(type))))
        return index
    }

    /// A type's spelling is not unique (two functions may each declare a `struct point`),
    /// so the key adds the declaration it names.
    private static func key(_ type: CXType, unit: ClangUnit) -> String {
        let canonical = unit.canonical(type)
        let declaration = unit.clang.api.getTypeDeclaration(canonical)
        return unit.spelling(of: type) + "|" + unit.spelling(of: canonical) + "|"
            + String(UInt(bitPattern: declaration.data.0), radix: 16)
    }

    private mutating func describe(_ type: CXType, depth: Int) -> CType? {
        let api = unit.clang.api
        let canonical = unit.canonical(type)
        let name = unit.spelling(of: type)
        let size = Int(api.Type_getSizeOf(canonical))
        guard size >= 0 else { return nil }
        switch canonical.kind {
        case CXTypeKind.bool: return CType(name: name, kind: .bool, size: size)
        case CXTypeKind.unsignedIntegers: return CType(name: name, kind: .unsigned, size: size)
        case CXTypeKind.signedIntegers: return CType(name: name, kind: .signed, size: size)
        case CXTypeKind.floatingPoint: return CType(name: name, kind: .float, size: size)
        case CXTypeKind.pointer: return CType(name: name, kind: .pointer, size: size)
        case CXTypeKind.enumeration:
            let declaration = api.getTypeDeclaration(canonical)
            let integer = unit.canonical(api.getEnumDeclIntegerType(declaration))
            let cases = unit.children(declaration).filter { unit.kind($0) == CXCursorKind.enumConstantDecl }
                .map { CType.Case(name: unit.spelling($0), value: api.getEnumConstantDeclValue($0)) }
            return CType(
                name: name, kind: .enumeration, size: size, cases: cases,
                unsignedCases: CXTypeKind.unsignedIntegers.contains(integer.kind))
        case CXTypeKind.record:
            guard depth < Self.maxDepth else { return CType(name: name, kind: .opaque, size: size) }
            let isUnion = unit.kind(api.getTypeDeclaration(canonical)) == CXCursorKind.unionDecl
            let fields = recordFields(canonical).map { field in
                CType.Field(
                    name: field.name, type: index(field.type, depth: depth + 1), bitOffset: field.bitOffset,
                    bitWidth: field.bitWidth)
            }
            return CType(name: name, kind: isUnion ? .union : .structure, size: size, fields: fields)
        case CXTypeKind.constantArray:
            guard depth < Self.maxDepth else { return CType(name: name, kind: .opaque, size: size) }
            let element = api.getArrayElementType(canonical)
            return CType(
                name: name, kind: .array, size: size, element: index(element, depth: depth + 1),
                count: Int(api.getArraySize(canonical)))
        default:
            return CType(name: name, kind: .opaque, size: size)
        }
    }

    private struct RecordField {
        var name: String
        var type: CXType
        var bitOffset: Int
        var bitWidth: Int?
    }

    private func recordFields(_ record: CXType) -> [RecordField] {
        let api = unit.clang.api
        return unit.fields(of: record).map { field in
            RecordField(
                name: unit.spelling(field).isEmpty ? "(anonymous)" : unit.spelling(field),
                type: unit.type(field), bitOffset: Int(api.Cursor_getOffsetOfField(field)),
                bitWidth: api.Cursor_isBitField(field) != 0 ? Int(api.getFieldDeclBitWidth(field)) : nil)
        }
    }

    private func hasFlexibleArray(_ record: CXType) -> Bool {
        guard let last = recordFields(record).last else { return false }
        return unit.canonical(last.type).kind == CXTypeKind.incompleteArray
    }

    /// The table as the JSON text that instrumented files embed.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]  // the same file for the same input
        return (try? encoder.encode(table)).map { String(decoding: $0, as: UTF8.self) } ?? "{\"types\":[]}"
    }
}

/// libclang's CXTypeKind values that the instrumenter tells apart.
enum CXTypeKind {
    static let void: Int32 = 2
    static let bool: Int32 = 3
    static let unsignedIntegers: ClosedRange<Int32> = 4...11  // Char_U, UChar, Char16, Char32, UShort ... ULongLong
    static let signedIntegers: ClosedRange<Int32> = 13...19  // Char_S, SChar, WChar, Short ... LongLong
    static let floatingPoint: ClosedRange<Int32> = 21...23  // Float, Double, LongDouble
    static let pointer: Int32 = 101
    static let record: Int32 = 105
    static let enumeration: Int32 = 106
    static let constantArray: Int32 = 112
    static let incompleteArray: Int32 = 114
    /// Every kind of array: constant, incomplete, variable-length, dependent-sized (113 is
    /// a vector, which is no array).
    static let arrays: Set<Int32> = [112, 114, 115, 116]
}

/// libclang's CXCursorKind values that the instrumenter tells apart.
enum CXCursorKind {
    static let structDecl: Int32 = 2
    static let unionDecl: Int32 = 3
    static let enumConstantDecl: Int32 = 7
    static let functionDecl: Int32 = 8
    static let varDecl: Int32 = 9
    static let parmDecl: Int32 = 10
    static let labelRef: Int32 = 48
    static let unexposedExpr: Int32 = 100
    static let declRefExpr: Int32 = 101
    static let callExpr: Int32 = 103
    static let parenExpr: Int32 = 111
    static let unaryOperator: Int32 = 112
    static let binaryOperator: Int32 = 114
    static let addrLabelExpr: Int32 = 120
    static let stmtExpr: Int32 = 121
    static let labelStmt: Int32 = 201
    static let compoundStmt: Int32 = 202
    static let caseStmt: Int32 = 203
    static let defaultStmt: Int32 = 204
    static let ifStmt: Int32 = 205
    static let switchStmt: Int32 = 206
    static let whileStmt: Int32 = 207
    static let doStmt: Int32 = 208
    static let forStmt: Int32 = 209
    static let gotoStmt: Int32 = 210
    static let indirectGotoStmt: Int32 = 211
    static let continueStmt: Int32 = 212
    static let breakStmt: Int32 = 213
    static let returnStmt: Int32 = 214
    /// Statements after which control does not go on to the next one.
    static let jumps: Set<Int32> = [gotoStmt, indirectGotoStmt, continueStmt, breakStmt, returnStmt]
    static let gccAsmStmt: Int32 = 215
    static let msAsmStmt: Int32 = 229
    static let nullStmt: Int32 = 230
    static let declStmt: Int32 = 231
}
