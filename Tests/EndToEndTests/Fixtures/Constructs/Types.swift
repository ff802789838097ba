// Declarations that carry bodies: initializers, accessors, observers, subscripts,
// inheritance, generics, protocol extensions, noncopyable types, inlinable code.

struct Point: Equatable {
    var x: Int
    var y: Int

    init(x: Int, y: Int) {
        let sum = x + y
        self.x = x
        self.y = sum - x
    }

    init?(text: String) {
        let parts = text.split(separator: ",").compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        self.init(x: parts[0], y: parts[1])
    }

    var length: Int { abs(x) + abs(y) }

    var doubled: Point {
        get { Point(x: x * 2, y: y * 2) }
        set {
            x = newValue.x / 2
            y = newValue.y / 2
        }
    }

    subscript(axis: Int) -> Int {
        axis == 0 ? x : y
    }

    mutating func move(by delta: Int) {
        x += delta
        y += delta
    }

    static func origin() -> Point { Point(x: 0, y: 0) }

    static func + (lhs: Point, rhs: Point) -> Point {
        Point(x: lhs.x + rhs.x, y: lhs.y + rhs.y)
    }
}

class Shape {
    let name: String
    var sides: Int {
        didSet { changes += 1 }
        willSet(next) { pending = next }
    }
    var changes = 0
    var pending = 0
    lazy var label: String = "shape \(name)"

    init(name: String, sides: Int) {
        self.name = name
        self.sides = sides
    }

    convenience init() {
        let defaultName = "triangle"
        self.init(name: defaultName, sides: 3)
    }

    func describe() -> String { "\(name)/\(sides)" }

    deinit {
        let note = name
        _ = note
    }
}

final class Square: Shape {
    let side: Int

    init(side: Int) {
        self.side = side
        super.init(name: "square", sides: 4)
        sides = 4
    }

    override func describe() -> String {
        let base = super.describe()
        return base + " side \(side)"
    }
}

/// Initializers that throw, typed and not, delegating and calling `super.init` inside the
/// `do` that keeps the error for their exit.
struct Ranged {
    let value: Int

    init(_ value: Int) throws(Failure) {
        if value > 100 { throw .bad(value) }
        self.value = value
    }

    init(text: String) throws {
        guard let number = Int(text) else { throw Failure.bad(-1) }
        try self.init(number)
    }
}

class Account {
    let owner: String

    init(owner: String) throws {
        if owner.isEmpty { throw Failure.bad(0) }
        self.owner = owner
    }
}

final class Savings: Account {
    let rate: Int

    init(owner: String, rate: Int) throws {
        self.rate = rate
        try super.init(owner: owner)
    }

    convenience init(copying other: Savings) throws {
        try self.init(owner: other.owner, rate: other.rate)
    }
}

/// Throws only inside a `do` that catches everything: nothing leaves the body, which gets
/// no `catch` of its own (one no error reaches draws a warning).
func parsedOrZero(_ text: String) throws -> Int {
    var parsed = 0
    do {
        parsed = try Ranged(text: text).value
    } catch {
        parsed = -1
    }
    return parsed
}

protocol Measured {
    var size: Int { get }
}

extension Measured {
    func twice() -> Int {
        let value = size
        return value * 2
    }
}

extension Point: Measured {
    var size: Int { length }
}

func largest<T: Comparable>(_ values: [T]) -> T? {
    var best: T? = nil
    for value in values where best.map({ value > $0 }) ?? true {
        best = value
    }
    return best
}

func describeAll(_ items: [any Measured], _ more: some Measured) -> Int {
    items.reduce(more.size) { $0 + $1.size }
}

enum Light: Int {
    case red, amber, green

    var next: Light {
        switch self {
        case .red: return .green
        case .amber: return .red
        case .green: return .amber
        }
    }

    mutating func advance() {
        self = next
    }
}

indirect enum Tree {
    case leaf(Int)
    case node(Tree, Tree)

    func sum() -> Int {
        switch self {
        case .leaf(let value): value
        case .node(let left, let right):
            left.sum() + right.sum()
        }
    }
}

struct FileHandleLike: ~Copyable {
    var descriptor: Int

    borrowing func peek() -> Int {
        let copy = descriptor
        return copy
    }

    consuming func close() -> Int {
        let last = descriptor
        return last
    }
}

func noncopyable(_ handle: borrowing FileHandleLike, _ owned: consuming FileHandleLike) -> Int {
    let local = FileHandleLike(descriptor: 9)
    let peeked = handle.peek() + local.peek()
    let closed = owned.close()
    return peeked + closed
}

public struct Library {
    public init() {}

    @inlinable
    public func inlined(_ value: Int) -> Int {
        let doubled = value * 2 // tp: inlinable
        return doubled
    }

    @_alwaysEmitIntoClient
    public func emitted(_ value: Int) -> Int {
        value + 1
    }

    @usableFromInline
    internal func helper() -> Int {
        let value = 3
        return value
    }
}

struct Temperature {
    @Clamped var celsius: Int = 20

    func report() -> String {
        @Clamped var local = 150
        local -= 1
        return "\(celsius) \(local)"
    }
}

@propertyWrapper
struct Clamped {
    private var value: Int
    init(wrappedValue: Int) { value = min(max(wrappedValue, -50), 100) }
    var wrappedValue: Int {
        get { value }
        set { value = min(max(newValue, -50), 100) }
    }
}
