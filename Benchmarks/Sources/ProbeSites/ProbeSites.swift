// The code the micro benchmarks run, plain and instrumented. Line numbers matter: the
// benchmarks set tracepoints on the lines marked `bench:`.

/// One probed line per iteration: a sequential recurrence the optimiser cannot vectorise,
/// so the plain and the instrumented loop differ by the probe alone.
@inline(never)
public func recurrence(_ count: Int, seed: Int) -> Int {
    var state = seed
    for step in 0..<count {
        state = state &* 31 &+ step  // bench: loop
    }
    return state
}

/// Never called: a tracepoint here sets a bit in the same word of the record as the loop's
/// probe, which must still cost what a disabled probe costs.
public func neverCalled() -> Int {
    return 0  // bench: elsewhere
}

public struct Address: Sendable {
    public var street: String
    public var city: String
}

public struct Customer: Sendable {
    public var name: String
    public var address: Address
}

public struct Order: Sendable {
    public var id: Int
    public var customer: Customer
    public var items: [String]
}

/// The loop of `recurrence` with an order in scope, for conditions on its fields.
@inline(never)
public func recurrence(_ count: Int, seed: Int, order: Order) -> Int {
    var state = seed
    for step in 0..<count {
        state = state &* 31 &+ step &+ order.id  // bench: fields
    }
    return state
}

/// An order like the one `tenLocals` makes.
public func sampleOrder(_ id: Int) -> Order {
    Order(id: id, customer: Customer(name: "Ada", address: Address(street: "Main St", city: "Oslo")), items: ["a", "b", "c"])
}

/// Ten locals of mixed types, one nested three deep, for the snapshot benchmarks.
@inline(never)
public func tenLocals(_ seed: Int) -> Int {
    let id = seed
    let price = Double(seed) * 1.5
    let quantity = Int32(truncatingIfNeeded: seed)
    let paid = seed % 2 == 0
    let label = "order-"
    let tags = ["a", "b", "c"]
    let discount: Float = 0.25
    let code: UInt8 = 7
    let note: String? = nil
    let order = Order(id: id, customer: Customer(name: "Ada", address: Address(street: "Main St", city: "Oslo")), items: tags)
    return order.id &+ Int(quantity) &+ (paid ? 1 : 0) &+ label.utf8.count &+ Int(code) &+ (note == nil ? 0 : 1)  // bench: snapshot
        &+ Int(price) &+ Int(discount)
}
