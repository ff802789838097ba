/// A customer and what they are entitled to.
final class Customer {
    enum Tier: String { case standard, silver, gold }

    let id: Int
    let name: String
    let tier: Tier
    var lifetimeSpend: Double = 0
    /// The payment provider's token: a secret that snapshots show as <redacted>.
    let paymentToken: String

    init(id: Int, name: String, tier: Tier) {
        self.id = id
        self.name = name
        self.tier = tier
        paymentToken = "tok_live_\(id * 7919)"
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
