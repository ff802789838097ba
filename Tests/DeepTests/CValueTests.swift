import DeepModel
import Testing

@testable import Deep

/// C values in conditions: a number or `bool` is compared as a word (`CValue.word`), with the
/// results its C type gives; one that is no word (an unsigned value past `Int.max`, a field)
/// is compared through its shape; and a watch or log placeholder still sees the value as C
/// passed it, with its C type.
@Suite struct CValueTests {
    static let table = CTypeTable(types: [
        CType(name: "int8_t", kind: .signed, size: 1),
        CType(name: "uint64_t", kind: .unsigned, size: 8),
        CType(name: "_Bool", kind: .bool, size: 1),
        CType(name: "float", kind: .float, size: 4),
        CType(name: "struct flags", kind: .structure, size: 1, fields: [.init(name: "level", type: 0, bitOffset: 2, bitWidth: 3)]),
    ])

    @Test(arguments: [
        (0, [0xFF], "x < 0 && x == -1"),  // sign-extended from 8 bits
        (0, [0x7F], "x == 127 && x + 1 == 128"),
        (1, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "x > 0 && x > 9223372036854775807"),
        (1, [5, 0, 0, 0, 0, 0, 0, 0], "x * 2 == 10"),
        (2, [1], "x && x == true"),
        (3, [0x00, 0x00, 0xC0, 0x3F], "x > 1.25 && x < 1.75"),  // 1.5
        (4, [0b0001_1100], "x.level == -1"),  // a 3-bit signed field of all ones
    ])
    func conditionsReadCNumbersAsTheirTypesSay(type: Int, bytes: [UInt8], condition: String) throws {
        try withValue(type: type, bytes: bytes) { value in
            let holds = try compile(condition).isTrue([_DeepVariable(name: "x", value: value)])
            #expect(holds)
        }
    }

    @Test func aWatchSeesTheValueWithItsCType() throws {
        try withValue(type: 0, bytes: [0xFE]) { value in
            let variables = [_DeepVariable(name: "x", value: value)]
            let seen = try compile("x").resolve(variables)
            #expect((seen as? CValue)?.typeName == "int8_t")
            let holds = try compile("x == -2").isTrue(variables)
            #expect(holds)
        }
    }

    private func withValue(type: Int, bytes: [UInt8], _ body: (CValue) throws -> Void) throws {
        try bytes.withUnsafeBytes { raw in try body(CValue(table: Self.table, type: type, bytes: raw.baseAddress!)) }
    }
}
