import Atomics

/// A map from addresses (of types, of a file's tables) that hits read without a lock: an
/// immutable open-addressing table behind an atomic reference, read with one load and a few
/// compares. A key met for the first time publishes a larger table with a compare-exchange (a
/// race only makes its value twice). At most `capacity` entries are kept, so that keys
/// without end cannot grow it without bound; past that, a new key's value is made at every
/// call.
///
/// Keys are addresses, never 0, which marks an empty place: a multiplication finds a key's
/// first place, where a `Dictionary` would run the standard library's hash function.
final class PublishedTable<Value: Sendable>: Sendable {
    private final class Entries: AtomicReference, Sendable {
        /// A power of two at least twice `count`, so that a search ends at an empty place soon.
        let keys: [UInt]
        let values: [Value?]
        let count: Int

        init(_ pairs: [(key: UInt, value: Value)]) {
            var size = 4
            while size < 2 * pairs.count { size *= 2 }
            var keys = [UInt](repeating: 0, count: size)
            var values = [Value?](repeating: nil, count: size)
            for (key, value) in pairs {
                var place = Self.place(of: key, size: size)
                while keys[place] != 0 { place = (place + 1) & (size - 1) }
                (keys[place], values[place]) = (key, value)
            }
            (self.keys, self.values, count) = (keys, values, pairs.count)
        }

        func value(for key: UInt) -> Value? {
            var place = Self.place(of: key, size: keys.count)
            while keys[place] != 0 {
                if keys[place] == key { return values[place] }
                place = (place + 1) & (keys.count - 1)
            }
            return nil
        }

        var pairs: [(key: UInt, value: Value)] {
            keys.indices.compactMap { place in values[place].map { (keys[place], $0) } }
        }

        /// Fibonacci hashing: the top bits of the key times 2^64 / φ.
        private static func place(of key: UInt, size: Int) -> Int {
            Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - size.trailingZeroBitCount))
        }
    }

    private let entries = ManagedAtomic(Entries([]))
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The value of `key` (an address: not 0), made by `make` and kept when the key is new.
    func value(for key: UInt, making make: () -> Value) -> Value {
        var current = entries.load(ordering: .acquiring)
        if let known = current.value(for: key) { return known }
        let value = make()
        while current.count < capacity, current.value(for: key) == nil {
            let (exchanged, original) = entries.compareExchange(
                expected: current, desired: Entries(current.pairs + [(key, value)]), ordering: .acquiringAndReleasing)
            if exchanged { break }
            current = original
        }
        return value
    }

    /// Forgets every entry.
    func removeAll() { entries.store(Entries([]), ordering: .releasing) }
}
