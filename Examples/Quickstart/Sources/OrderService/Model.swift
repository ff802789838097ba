/// A customer and what they are entitled to.
final class Customer {
    enum Tier: String { case standard, silver, gold }

    let id: Int
    let name: String
    let tier: Tier
    var lifetimeSpend: Double = 0

    init(id: Int, name: String, tier: Tier) {
        self.id = id
        self.name = name
        self.tier = tier
    }
}

struct LineItem {
    var sku: String
    var unitPrice: Double
    var quantity: Int
}

struct Order {
    enum Status { case received, priced, rejected(reason: String) }

    var id: Int
    var customerID: Int
    var items: [LineItem]
    var couponCode: String?
    var status: Status = .received
}

struct Receipt {
    var orderID: Int
    var subtotal: Double
    var discount: Double
    var tax: Double
    var total: Double { subtotal - discount + tax }
}
