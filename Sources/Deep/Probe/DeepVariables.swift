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
        guard let slot = slot(for: .literal(name)) else { return }
        keep(_DeepVariable(name: .literal(name), content: .value(value)), in: slot)
    }

    /// A noncopyable value is shown by its type only.
    public mutating func capture<T: ~Copyable>(_ name: StaticString, _ value: borrowing T) {
        guard let slot = slot(for: .literal(name)) else { return }
        keep(_DeepVariable(name: .literal(name), content: .unreadable(typeName: "\(T.self)", reason: "noncopyable")), in: slot)
    }

    /// A function value, including a non-escaping closure parameter, is shown by its type only.
    /// Disfavoured, so an escaping function value goes to the generic overload unambiguously.
    @_disfavoredOverload
    public mutating func capture<each A, R>(_ name: StaticString, _ value: (repeat each A) throws -> R) {
        guard let slot = slot(for: .literal(name)) else { return }
        keep(_DeepVariable(name: .literal(name), content: .unreadable(typeName: "\(type(of: value))", reason: "function")), in: slot)
    }

    /// Keeps the variable `name` if it is wanted, making its content only then.
    mutating func add(_ name: ProbeName, _ content: () -> _DeepVariable.Content) {
        guard let slot = slot(for: name) else { return }
        keep(_DeepVariable(name: name, content: content()), in: slot)
    }

    /// Where a variable of this name goes: `all.endIndex` when every variable is kept, the
    /// slot of its name when it is wanted, nil when it is not.
    private func slot(for name: ProbeName) -> Int? {
        guard let wanted else { return all.endIndex }
        return wanted.index(of: name)
    }

    private mutating func keep(_ variable: _DeepVariable, in slot: Int) {
        if wanted == nil { all.append(variable) } else { slots[slot] = variable }
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

/// The names of the variables an expression reads, kept as bytes that a probe's names are
/// compared with: length first, then the bytes, with nothing reference-counted on the way.
/// Immutable after init, and the bytes are never written: safe to share.
final class VariableNames: @unchecked Sendable {
    /// Each name's UTF-8 bytes, allocated once and freed with the names.
    private let names: [UnsafeBufferPointer<UInt8>]

    init(_ names: some Sequence<String>) {
        self.names = names.map { name in
            let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: name.utf8.count)
            _ = bytes.initialize(from: name.utf8)
            return UnsafeBufferPointer(bytes)
        }
    }

    deinit { for name in names { name.deallocate() } }

    var count: Int { names.count }

    /// The position of `name` among the names, if it is one.
    func index(of name: ProbeName) -> Int? {
        for index in names.indices where name.equals(names[index]) { return index }
        return nil
    }
}
