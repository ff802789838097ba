import Testing

@testable import Deep

/// The address-keyed map hits read (type tables, type facts, member reads): every key finds
/// its own value as the table grows past its sizes, a value that is nil is kept as one, and
/// the capacity bounds what is kept.
@Suite struct PublishedTableTests {
    @Test func eachKeyFindsItsValueAsTheTableGrows() {
        let table = PublishedTable<Int>(capacity: .max)
        // Scattered addresses (SplitMix64), 16-byte aligned as objects are: about 40 of them
        // share a first place with another, so a search must go on past it.
        let keys = (1...300).map { index -> UInt in
            var bits = UInt64(index) &* 0x9E37_79B9_7F4A_7C15
            bits = (bits ^ (bits >> 30)) &* 0xBF58_476D_1CE4_E5B9
            bits = (bits ^ (bits >> 27)) &* 0x94D0_49BB_1331_11EB
            return UInt(truncatingIfNeeded: bits ^ (bits >> 31)) & ~0xF | 0x10
        }
        var made = 0
        for (index, key) in keys.enumerated() {
            #expect(
                table.value(for: key) {
                    made += 1; return index
                } == index)
        }
        for (index, key) in keys.enumerated() {
            #expect(
                table.value(for: key) {
                    made += 1; return -1
                } == index)
        }
        #expect(made == keys.count)
    }

    @Test func aNilValueIsKept() {
        let table = PublishedTable<String?>(capacity: .max)
        var made = 0
        for _ in 0..<3 {
            #expect(
                table.value(for: 0x1000) {
                    made += 1; return nil
                } == nil)
        }
        #expect(made == 1)
    }

    @Test func pastItsCapacityAKeyIsMadeEachTime() {
        let table = PublishedTable<Int>(capacity: 2)
        var made = 0
        for _ in 0..<2 {
            for key in [UInt(0x10), 0x20, 0x30] {
                _ = table.value(for: key) {
                    made += 1; return 0
                }
            }
        }
        #expect(made == 4)  // 0x10 and 0x20 kept, 0x30 made twice
        table.removeAll()
        _ = table.value(for: 0x10) {
            made += 1; return 0
        }
        #expect(made == 5)
    }
}
