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
    /// The names to keep (UTF-8), or nil to keep every variable.
    private let wanted: [[UInt8]]?
    /// For `wanted`: the last variable of each name so far.
    private let found: UnsafeMutableBufferPointer<_DeepVariable?>
    /// Without `wanted`: every variable, in order.
    private var all: [_DeepVariable] = []

    private init(wanted: [[UInt8]]?, found: UnsafeMutableBufferPointer<_DeepVariable?>) {
        self.wanted = wanted
        self.found = found
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
        for index in wanted.indices where name.equals(wanted[index]) {
            found[index] = _DeepVariable(name: name, content: content())
        }
    }

    /// Every variable `probe` passes, in order.
    package static func all(of probe: (inout _DeepVariables) -> Void) -> [_DeepVariable] {
        var variables = _DeepVariables(wanted: nil, found: .init(start: nil, count: 0))
        probe(&variables)
        return variables.all
    }

    /// Calls `body` with the variables `probe` passes under the `names` (UTF-8), the last of
    /// each name, in a buffer on the stack.
    static func named<R>(_ names: [[UInt8]], of probe: (inout _DeepVariables) -> Void,
                         _ body: (UnsafeBufferPointer<_DeepVariable>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: _DeepVariable?.self, capacity: names.count) { found in
            found.initialize(repeating: nil)
            defer { found.deinitialize() }
            var variables = _DeepVariables(wanted: names, found: found)
            probe(&variables)
            return withUnsafeTemporaryAllocation(of: _DeepVariable.self, capacity: names.count) { kept in
                var count = 0
                for case let variable? in found {
                    kept.initializeElement(at: count, to: variable)
                    count += 1
                }
                defer { kept.prefix(count).deinitialize() }
                return body(UnsafeBufferPointer(rebasing: kept.prefix(count)))
            }
        }
    }
}
