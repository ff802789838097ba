import Synchronization

/// Snapshot ids: a random per-process prefix and a counter, as 32 hex digits. A hit takes a
/// number; the agent spells it.
enum SnapshotIdentifiers {
    private static let prefix = UInt64.random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(0)

    static func nextNumber() -> UInt64 { counter.wrappingAdd(1, ordering: .relaxed).oldValue }

    static func id(_ number: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            for (offset, word) in [prefix, number].enumerated() {
                for digit in 0..<16 {
                    let nibble = UInt8(truncatingIfNeeded: word >> (60 - 4 * digit)) & 0xF
                    buffer[offset * 16 + digit] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
                }
            }
            return 32
        }
    }
}
