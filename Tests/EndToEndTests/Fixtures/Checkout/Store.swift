import Shipping

struct Item {
    var sku: String
    var price: Double
}

final class Customer {
    let name: String
    var visits = 0 // tp: customer-visits
    var referrer: Customer?
    var notes: [String: Int] = ["a": 1]

    init(name: String) { self.name = name } // tp: customer-init

    /// Never run by capture: it has a side effect a test can see.
    var computed: Int {
        Store.computedCalls += 1
        return 42
    }
}

extension Customer: CustomStringConvertible, CustomReflectable {
    var description: String {
        Store.userCodeRuns += 1
        return "Customer(\(name))"
    }
    var customMirror: Mirror {
        Store.userCodeRuns += 1
        return Mirror(self, children: ["fake": 0])
    }
}

enum Tier { case standard, gold(discount: Double) }

struct Receipt {
    var total: Double
    var tier: Tier
}

final class Store {
    nonisolated(unsafe) static var userCodeRuns = 0
    nonisolated(unsafe) static var computedCalls = 0
    var customers: [String: Customer] = [:]

    func checkout(customer name: String, quantity: Int, unitPrice: Double, coupon: String?) -> Receipt {
        let customer = customers[name] ?? register(name)
        customer.visits += 1
        let cart = Array(repeating: Item(sku: "sku-\(quantity)", price: unitPrice), count: quantity)
        let tier: Tier = customer.visits > 2 ? .gold(discount: 0.1) : .standard
        let subtotal = cart.reduce(0) { $0 + $1.price } // tp: subtotal
        let banner = String(repeating: "=", count: 2000)
        let total = applyCoupon(coupon, to: subtotal) + shippingCost(for: 0) // tp: total
        _ = banner
        return Receipt(total: total, tier: tier)
    }

    private func register(_ name: String) -> Customer {
        let customer = Customer(name: name)
        customer.referrer = customers.values.first ?? customer
        customers[name] = customer
        return customer
    }
}
