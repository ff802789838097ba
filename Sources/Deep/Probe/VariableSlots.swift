/// The values of the variables a hit reads, one slot per name (`_DeepVariables.named`), in
/// buffers on the stack that live for one call of `with`.
///
/// An `Int`, `Double` or `Bool` is kept as itself, so that a condition on one (`step < 0`)
/// reads it without an `Any`; any other value is boxed in a second buffer, initialised only
/// where a slot uses it. The first buffer is of a trivial type: clearing, writing and
/// reading it copies words, where an `Any` goes through the runtime's generic witnesses.
/// A C number or `bool` is both: boxed as itself (`CValue`, which watches and log messages
/// show with its C type) and kept as a word, which comparisons and arithmetic read.
struct VariableSlots {
    private let kinds: UnsafeMutableBufferPointer<Kind>
    /// `boxes[i]` is initialised exactly when `kinds[i]` is `.boxed` or `.boxedWord`.
    private let boxes: UnsafeMutableBufferPointer<Any>

    private enum Kind {
        case missing, unreadable, boxed
        case word(Word)
        /// Boxed, and read as `Word` by `subscript`.
        case boxedWord(Word)

        var isBoxed: Bool {
            switch self {
            case .boxed, .boxedWord: true
            default: false
            }
        }
    }

    /// A value kept as itself.
    enum Word {
        case int(Int), double(Double), bool(Bool)

        var value: Value {
            switch self {
            case .int(let number): .int(number)
            case .double(let number): .double(number)
            case .bool(let flag): .bool(flag)
            }
        }
    }

    /// What a slot holds.
    enum Value {
        /// The probe passes no variable of that name.
        case missing
        /// A noncopyable value or a function: the probe passed its type only.
        case unreadable
        case int(Int), double(Double), bool(Bool)
        case other(Any)

        /// The value as captured, for a readable one.
        var any: Any? {
            switch self {
            case .missing, .unreadable: nil
            case .int(let number): number
            case .double(let number): number
            case .bool(let flag): flag
            case .other(let value): value
            }
        }
    }

    /// Calls `body` with `count` slots, each `.missing`.
    static func with<R, E: Error>(count: Int, _ body: (VariableSlots) throws(E) -> R) throws(E) -> R {
        // One allocation for both buffers: the boxes first, whose alignment is the larger.
        let boxBytes = count * MemoryLayout<Any>.stride
        let bytes = boxBytes + count * MemoryLayout<Kind>.stride
        return try withUnsafeTemporaryAllocation(byteCount: bytes, alignment: MemoryLayout<Any>.alignment) { raw throws(E) in
            guard let start = raw.baseAddress else {  // no names: nothing to keep
                return try body(VariableSlots(kinds: .init(start: nil, count: 0), boxes: .init(start: nil, count: 0)))
            }
            let boxes = UnsafeMutableBufferPointer(start: start.bindMemory(to: Any.self, capacity: count), count: count)
            let kinds = UnsafeMutableBufferPointer(start: (start + boxBytes).bindMemory(to: Kind.self, capacity: count), count: count)
            kinds.initialize(repeating: .missing)
            let slots = VariableSlots(kinds: kinds, boxes: boxes)
            defer { for index in 0..<count { slots.emptyBox(index) } }
            return try body(slots)
        }
    }

    var count: Int { kinds.count }

    subscript(index: Int) -> Value {
        switch kinds[index] {
        case .missing: .missing
        case .unreadable: .unreadable
        case .boxed: .other(boxes[index])
        case .word(let word), .boxedWord(let word): word.value
        }
    }

    /// The value as the probe passed it, for a readable one: where `subscript` reads a C
    /// value's word, this is the `CValue` itself.
    func passed(_ index: Int) -> Any? {
        switch kinds[index] {
        case .boxed, .boxedWord: boxes[index]
        case .word(let word): word.value.any
        case .missing, .unreadable: nil
        }
    }

    /// Keeps a value the probe passed as `T`. A type test, not a dynamic cast.
    @inline(__always)
    func set<T>(_ index: Int, typed value: T) {
        if T.self == UnreadableValue.self {
            set(index, .unreadable)
        } else if T.self == Int.self {
            set(index, .word(.int(unsafeBitCast(value, to: Int.self))))
        } else if T.self == Double.self {
            set(index, .word(.double(unsafeBitCast(value, to: Double.self))))
        } else if T.self == Bool.self {
            set(index, .word(.bool(unsafeBitCast(value, to: Bool.self))))
        } else {
            box(index, value)
            if T.self == CValue.self, let word = unsafeBitCast(value, to: CValue.self).word { kinds[index] = .boxedWord(word) }
        }
    }

    /// Keeps a value as `set(_:typed:)` keeps it, with its dynamic type for `T` (opened, not
    /// cast); an `UnreadableValue` marks the slot unreadable.
    func set(_ index: Int, _ value: Any) {
        func typed<T>(_ value: T) { set(index, typed: value) }
        _openExistential(value, do: typed)
    }

    private func box(_ index: Int, _ value: Any) {
        emptyBox(index)
        (boxes.baseAddress! + index).initialize(to: value)
        kinds[index] = .boxed
    }

    private func set(_ index: Int, _ kind: Kind) {
        emptyBox(index)
        kinds[index] = kind
    }

    private func emptyBox(_ index: Int) {
        guard kinds[index].isBoxed else { return }
        (boxes.baseAddress! + index).deinitialize(count: 1)
        kinds[index] = .missing
    }
}
