import Atomics

/// What captures need to know about a type and would otherwise work out for every value of
/// it: how `Reflection.shape(of:)` reads it (found by casts and name tests, a few thousand
/// instructions for a structure) and its name as snapshots show it.
///
/// The facts of each type seen so far live in an immutable table behind an atomic
/// reference: a hit reads them with one load and a lookup, and never waits. A type seen for
/// the first time publishes a larger table with a compare-exchange (a race only repeats the
/// work). At most `capacity` types are kept, so that a program that makes types without end
/// cannot grow it without bound; past that, types are worked out at every capture.
struct TypeFacts: Sendable {
    let kind: Reflection.Kind
    /// `_typeName(type, qualified: false)`.
    let name: String

    static let capacity = 4096

    private final class Table: AtomicReference, Sendable {
        let facts: [ObjectIdentifier: TypeFacts]
        init(_ facts: [ObjectIdentifier: TypeFacts]) { self.facts = facts }
    }

    private static let table = ManagedAtomic(Table([:]))

    /// The facts of `value`'s type, worked out from `value` when the type is new.
    static func of(_ value: Any) -> TypeFacts {
        let type = type(of: value)
        let key = ObjectIdentifier(type)
        var current = table.load(ordering: .acquiring)
        if let known = current.facts[key] { return known }
        let facts = TypeFacts(kind: Reflection.classify(value, type), name: _typeName(type, qualified: false))
        while current.facts.count < capacity, current.facts[key] == nil {
            var all = current.facts
            all[key] = facts
            let (exchanged, original) = table.compareExchange(expected: current, desired: Table(all), ordering: .acquiringAndReleasing)
            if exchanged { break }
            current = original
        }
        return facts
    }
}
