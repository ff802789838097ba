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
    /// For `wanted`: slot `i` holds the last variable named `wanted[i]` so far, or a
    /// placeholder no name matches.
    private let slots: UnsafeMutableBufferPointer<_DeepVariable>
    /// Without `wanted`: every variable, in order.
    private var all: [_DeepVariable] = []

    private init(wanted: VariableNames?, slots: UnsafeMutableBufferPointer<_DeepVariable>) {
        self.wanted = wanted
        self.slots = slots
    }

    /// A copyable value, copied only if it is wanted.
    public mutating func capture<T>(_ name: StaticString, _ value: T) {
        add(.literal(name)) { .value(value) }
    }

    /// A noncopyable value is shown by its type only.
    public mutating func capture<T: ~Copyable>(_ name: StaticString, _ value: borrowing T) {
        add(.literal(name)) { .unreadable(typeName: "\(T.self)", reason: "noncopyable") }
    }

    /// A function value, including a non-escaping closure parameter, is shown by its type only.
    /// Disfavoured, so an escaping function value goes to the generic overload unambiguously.
    @_disfavoredOverload
    public mutating func capture<each A, R>(_ name: StaticString, _ value: (repeat each A) throws -> R) {
        add(.literal(name)) { .unreadable(typeName: "\(type(of: value))", reason: "function") }
    }

    /// Keeps the variable `name` if it is wanted, making its content only then.
    mutating func add(_ name: ProbeName, _ content: () -> _DeepVariable.Content) {
        guard let wanted else {
            all.append(_DeepVariable(name: name, content: content()))
            return
        }
        if let slot = wanted.index(of: name) { slots[slot] = _DeepVariable(name: name, content: content()) }
    }

    /// Every variable `probe` passes, in order.
    package static func all(of probe: (inout _DeepVariables) -> Void) -> [_DeepVariable] {
        var variables = _DeepVariables(wanted: nil, slots: .init(start: nil, count: 0))
        probe(&variables)
        return variables.all
    }

    /// Calls `body` with the variables `probe` passes under `names` (the last of each name),
    /// in a buffer on the stack; a name the probe does not pass is missing from it.
    static func named<R>(_ names: VariableNames, of probe: (inout _DeepVariables) -> Void,
                         _ body: (UnsafeBufferPointer<_DeepVariable>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: _DeepVariable.self, capacity: names.count) { slots in
            slots.initialize(repeating: _DeepVariable(name: .literal(""), content: .value(())))
            defer { slots.deinitialize() }
            var variables = _DeepVariables(wanted: names, slots: slots)
            probe(&variables)
            return body(UnsafeBufferPointer(slots))
        }
    }
}

/// The names of the variables an expression reads, as the UTF-8 a probe's names are
/// compared with (length first, then the bytes). A class, so that a hit shares them.
final class VariableNames: Sendable {
    private let names: [[UInt8]]

    init(_ names: some Sequence<String>) { self.names = names.map { Array($0.utf8) } }

    var count: Int { names.count }

    /// The position of `name` among the names, if it is one.
    func index(of name: ProbeName) -> Int? { names.firstIndex { name.equals($0) } }
}
