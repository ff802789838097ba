#if canImport(Glibc)
import Glibc
#endif

// An order service in miniature: it takes a steady stream of orders, validates and prices
// them, and prints a summary every second. `OrderService [seconds]` runs that long
// (default: until interrupted).

let seconds = CommandLine.arguments.dropFirst().first.flatMap { Int($0) }
let customers = [
    Customer(id: 1, name: "Ada", tier: .gold),
    Customer(id: 2, name: "Grace", tier: .silver),
    Customer(id: 3, name: "Linus", tier: .standard),
]
let pricing = Pricing()
var orders = OrderGenerator(customerCount: customers.count)
var processed = 0
var rejected = 0
var revenue = 0.0
let start = ContinuousClock.now
var lastReport = start

print("OrderService started (pid \(getpid()))")
while seconds.map({ ContinuousClock.now - start < .seconds($0) }) ?? true {
    for _ in 0..<1000 {
        var order = orders.next()
        let customer = customers[order.customerID - 1]
        if let problem = pricing.validate(order) {
            order.status = .rejected(reason: problem)
            rejected += 1
            continue
        }
        let receipt = pricing.price(order, for: customer)
        order.status = .priced
        customer.lifetimeSpend += receipt.total
        revenue += receipt.total
        processed += 1
    }
    if ContinuousClock.now - lastReport >= .seconds(1) {
        lastReport = ContinuousClock.now
        print("processed \(processed) orders, rejected \(rejected), revenue \(Int(revenue))")
    }
    usleep(10_000)
}
print("OrderService stopped: processed \(processed) orders")
