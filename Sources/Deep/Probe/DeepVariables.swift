/// The variables a probe passes, shown to the runtime one by one by the closure the probe
/// writes:
///
///     __deepHit(42, "Orders.place(_:)", { $0.capture("order", order); $0.capture("total", total) })
///
/// The closure runs only when a tracepoint is installed at the probe, and as far as that
/// tracepoint needs: once for the names its condition reads (keeping just those, in a buffer
/// on the stack, so a false condition allocates nothing for values an `Any` holds inline),
/// and once more to take them all when it fires. Nothing is copied before that.
public struct _DeepVariables {
    /// The names to keep, or nil to keep every variable.
    private let wanted: VariableNames?
    /// For `wanted`: slot `i` holds the value of the last variable named `wanted[i]` so far.
    private let slots: UnsafeMutableBufferPointer<Slot>
    /// Without `wanted`: every variable, in order.
    private var all: [_DeepVariable] = []

    private init(wanted: VariableNames?, slots: UnsafeMutableBufferPointer<Slot>) {
        self.wanted = wanted
        self.slots = slots
    }

    /// A copyable value, copied only if it is wanted.
    public mutating func capture<T>(_ name: StaticString, _ value: T) {
        add(.literal(name)) { value }
    }

    /// What a function's exit probe kept of its `return` (nil: it returned none, or a value
    /// not kept): the variable `return`, which a `method_end` snapshot reports as a watch.
    public mutating func returned(_ value: Any?) {
        guard let value else { return }
        add("return") { value }
    }

    /// A noncopyable value is shown by its type only.
    public mutating func capture<T: ~Copyable>(_ name: StaticString, _ value: borrowing T) {
        add(.literal(name), readable: false) { UnreadableValue(typeName: "\(T.self)", reason: "noncopyable") }
    }

    /// A function value, including a non-escaping closure parameter, is shown by its type only.
    /// Disfavoured, so an escaping function value goes to the generic overload unambiguously.
    @_disfavoredOverload
    public mutating func capture<each A, R>(_ name: StaticString, _ value: (repeat each A) throws -> R) {
        add(.literal(name), readable: false) { UnreadableValue(typeName: "\(type(of: value))", reason: "function") }
    }

    /// Keeps the variable `name` if it is wanted, making its value only then. An unreadable
    /// variable's value is an `UnreadableValue`.
    mutating func add(_ name: ProbeName, readable: @autoclosure () -> Bool = true, _ value: () -> Any) {
        guard let wanted else {
            all.append(_DeepVariable(name: name, value: value()))
            return
        }
        if let slot = wanted.index(of: name) { slots[slot] = Slot(state: readable() ? .readable : .unreadable, value: value()) }
    }

    /// Keeps `variable` as a probe would have passed it.
    mutating func add(_ variable: _DeepVariable) {
        add(variable.name, readable: UnreadableValue.of(variable.value) == nil) { variable.value }
    }

    /// Every variable `probe` passes, in order.
    package static func all(of probe: (inout _DeepVariables) -> Void) -> [_DeepVariable] {
        var variables = _DeepVariables(wanted: nil, slots: .init(start: nil, count: 0))
        probe(&variables)
        return variables.all
    }

    /// Calls `body` with the values of the variables `probe` passes under `names` (the last
    /// of each name), in `names` order in a buffer on the stack; a name the probe does not
    /// pass has a slot that is not set.
    static func named<R, E: Error>(
        _ names: VariableNames, of probe: (inout _DeepVariables) -> Void,
        _ body: (UnsafeBufferPointer<Slot>) throws(E) -> R
    ) throws(E) -> R {
        try withUnsafeTemporaryAllocation(of: Slot.self, capacity: names.count) { slots throws(E) in
            slots.initialize(repeating: Slot(state: .missing, value: ()))
            defer { slots.deinitialize() }
            var variables = _DeepVariables(wanted: names, slots: slots)
            probe(&variables)
            return try body(UnsafeBufferPointer(slots))
        }
    }

    /// A variable's value as `named` keeps it, with what the probe said of it. (Not an
    /// optional `Any`, whose copies go through the runtime's generic witnesses, and no type
    /// test at a hit to tell an `UnreadableValue`.)
    struct Slot {
        let state: State
        let value: Any

        enum State { case missing, readable, unreadable }
    }
}

/// The names of the variables an expression reads, as the UTF-8 a probe's names are
/// compared with (`ProbeName.same`: length first, then the bytes). One array of bytes for
/// them all, so that a search retains nothing per name. A class, so that a hit shares them.
final class VariableNames: Sendable {
    /// Every name's UTF-8, one after another.
    private let bytes: [UInt8]
    /// Where each name ends in `bytes`.
    private let ends: [Int]

    init(_ names: some Sequence<String>) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for name in names {
            bytes += name.utf8
            ends.append(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }

    var count: Int { ends.count }

    /// The position of `name` among the names, if it is one.
    func index(of name: ProbeName) -> Int? {
        name.withUTF8 { name in
            bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for (index, end) in ends.enumerated() {
                    if ProbeName.same(name, UnsafeBufferPointer(rebasing: bytes[start..<end])) { return index }
                    start = end
                }
                return nil
            }
        }
    }
}
