import Atomics

/// A map that hits read without a lock: an immutable dictionary behind an atomic reference,
/// read with one load and a lookup. A key met for the first time publishes a larger
/// dictionary with a compare-exchange (a race only makes its value twice). At most
/// `capacity` entries are kept, so that keys without end cannot grow it without bound; past
/// that, a new key's value is made at every call.
final class PublishedTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private final class Entries: AtomicReference, Sendable {
        let values: [Key: Value]
        init(_ values: [Key: Value]) { self.values = values }
    }

    private let entries = ManagedAtomic(Entries([:]))
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The value of `key`, made by `make` and kept when the key is new.
    func value(for key: Key, making make: () -> Value) -> Value {
        var current = entries.load(ordering: .acquiring)
        if let known = current.values[key] { return known }
        let value = make()
        while current.values.count < capacity, current.values[key] == nil {
            var values = current.values
            values[key] = value
            let (exchanged, original) = entries.compareExchange(
                expected: current, desired: Entries(values), ordering: .acquiringAndReleasing)
            if exchanged { break }
            current = original
        }
        return value
    }

    /// Forgets every entry.
    func removeAll() { entries.store(Entries([:]), ordering: .releasing) }
}
