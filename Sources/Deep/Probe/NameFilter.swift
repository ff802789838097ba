/// A set of variable names as 64 bits, one for each name's signature (its length and its
/// first and last bytes), made when a tracepoint is installed.
///
/// A probe passes every variable in scope, and a hit usually wants one or two of them: the
/// test of a literal name against the filter is inlined into the probe's closure, where
/// the signature is a constant, so a variable nobody wants costs a test and a branch rather
/// than a call that compares names. A set bit may stand for several names (the call then
/// compares them); a clear one stands for none.
@usableFromInline
struct NameFilter: Sendable {
    @usableFromInline let bits: UInt64

    /// Lets every name through: a fire takes all the variables.
    static let everything = NameFilter(bits: .max)

    private init(bits: UInt64) { self.bits = bits }

    init(_ names: some Sequence<UnsafeBufferPointer<UInt8>>) {
        bits = names.reduce(0) { bits, name in
            bits | (name.isEmpty ? .max : Self.bit(count: name.count, first: name[0], last: name[name.count - 1]))
        }
    }

    /// Whether `name` may be in the set.
    @inlinable @inline(__always)
    func mayContain(_ name: StaticString) -> Bool {
        guard name.hasPointerRepresentation, name.utf8CodeUnitCount > 0 else { return true }
        let count = name.utf8CodeUnitCount
        return bits & Self.bit(count: count, first: name.utf8Start[0], last: name.utf8Start[count - 1]) != 0
    }

    @inlinable @inline(__always)
    static func bit(count: Int, first: UInt8, last: UInt8) -> UInt64 {
        1 &<< UInt64(truncatingIfNeeded: (count &+ Int(first) &* 3 &+ Int(last) &* 5) & 63)
    }
}
