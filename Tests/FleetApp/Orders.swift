/// A small order pricer for the fleet-mode tests: a tracepoint goes on `subtotal`.
struct Order {
    let id: Int
    let sku: String
    let quantity: Int
    let unitPrice: Double
}

func total(of order: Order) -> Double {
    let subtotal = Double(order.quantity) * order.unitPrice  // tp: subtotal
    let discount = subtotal > 100 ? 0.1 : 0
    return subtotal * (1 - discount)
}
