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
    /// The names wanted, for the test `capture` inlines into the probe.
    @usableFromInline let filter: NameFilter
    /// Where the variables go. Words only, so that making, passing and dropping this costs
    /// no retain or release.
    private let destination: Destination

    private enum Destination {
        /// Slot `i` holds the value of the last variable named `names[i]` so far.
        case named(VariableNames.List, VariableSlots)
        /// Every variable, in order.
        case all(UnsafeMutablePointer<[_DeepVariable]>)
    }

    private init(_ destination: Destination, filter: NameFilter) {
        self.destination = destination
        self.filter = filter
    }

    /// A copyable value, copied only if it is wanted.
    @inlinable @inline(__always)
    public mutating func capture<T>(_ name: StaticString, _ value: T) {
        if filter.mayContain(name) { keep(name, value) }
    }

    @usableFromInline
    mutating func keep<T>(_ name: StaticString, _ value: T) {
        switch destination {
        case .named(let wanted, let slots):
            if let slot = wanted.index(of: .literal(name)) { slots.set(slot, typed: value) }
        case .all(let variables):
            variables.pointee.append(_DeepVariable(name: .literal(name), value: value))
        }
    }

    /// What a function's exit probe kept of its `return` (nil: it returned none, or a value
    /// not kept): the variable `return`, which a `method_end` snapshot reports as a watch.
    public mutating func returned(_ value: Any?) {
        guard let value else { return }
        add("return", ofTheCall: true) { value }
    }

    /// What a function's exit probe kept of the error it threw (nil: it threw none): the
    /// variable `exception`, which a `method_end` snapshot reports as a watch.
    public mutating func thrown(_ error: (any Error)?) {
        guard let error else { return }
        add("exception", ofTheCall: true) { error }
    }

    /// A noncopyable value is shown by its type only.
    public mutating func capture<T: ~Copyable>(_ name: StaticString, _ value: borrowing T) {
        add(.literal(name)) { UnreadableValue(typeName: "\(T.self)", reason: "noncopyable") }
    }

    /// A function value, including a non-escaping closure parameter, is shown by its type only.
    /// Disfavoured, so an escaping function value goes to the generic overload unambiguously.
    @_disfavoredOverload
    public mutating func capture<each A, R>(_ name: StaticString, _ value: (repeat each A) throws -> R) {
        add(.literal(name)) { UnreadableValue(typeName: "\(type(of: value))", reason: "function") }
    }

    /// Keeps the variable `name` if it is wanted, making its value only then. An unreadable
    /// variable's value is an `UnreadableValue`. `ofTheCall`: see `_DeepVariable`.
    mutating func add(_ name: ProbeName, ofTheCall: Bool = false, _ value: () -> Any) {
        switch destination {
        case .named(let wanted, let slots):
            if let slot = wanted.index(of: name) { slots.set(slot, value()) }
        case .all(let variables):
            variables.pointee.append(_DeepVariable(name: name, value: value(), ofTheCall: ofTheCall))
        }
    }

    /// Keeps `variable` as a probe would have passed it.
    mutating func add(_ variable: _DeepVariable) {
        add(variable.name, ofTheCall: variable.ofTheCall) { variable.value }
    }

    /// Every variable `probe` passes, in order.
    package static func all(of probe: (inout _DeepVariables) -> Void) -> [_DeepVariable] {
        var all: [_DeepVariable] = []
        withUnsafeMutablePointer(to: &all) { all in
            var variables = _DeepVariables(.all(all), filter: .everything)
            probe(&variables)
        }
        return all
    }

    /// The error a function's exit passes (`thrown`), if the call threw.
    static func thrownError(by probe: (inout _DeepVariables) -> Void) -> (any Error)? {
        named(exceptionName, of: probe) { slots in slots[0].any as? any Error }
    }

    private static let exceptionName = VariableNames(["exception"])

    /// Calls `body` with the values of the variables `probe` passes under `names` (the last
    /// of each name), in `names` order in buffers on the stack; a name the probe does not
    /// pass has a slot that is `.missing`.
    static func named<R, E: Error>(
        _ names: VariableNames, of probe: (inout _DeepVariables) -> Void, _ body: (VariableSlots) throws(E) -> R
    ) throws(E) -> R {
        // `names` lives through this call (its caller holds it), and with it the list. Read
        // here, not in the closure, which would retain `names`.
        let (list, filter) = (names.list, names.filter)
        return try VariableSlots.with(count: list.count) { slots throws(E) in
            var variables = _DeepVariables(.named(list, slots), filter: filter)
            probe(&variables)
            return try body(slots)
        }
    }
}
