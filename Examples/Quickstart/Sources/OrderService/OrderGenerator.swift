/// Makes a steady stream of plausible orders.
struct OrderGenerator {
    var catalogue = [("book", 12.5), ("pen", 1.2), ("lamp", 34.0), ("desk", 210.0), ("mug", 7.9)]
    var coupons = ["WELCOME10", "VIP25", "BOGUS", nil, nil, nil]
    var customerCount: Int
    private var nextID = 1
    private var random = SystemRandomNumberGenerator()

    init(customerCount: Int) { self.customerCount = customerCount }

    mutating func next() -> Order {
        let count = Int.random(in: 0...4, using: &random)
        var items: [LineItem] = []
        for _ in 0..<count {
            let (sku, price) = catalogue.randomElement(using: &random)!
            items.append(LineItem(sku: sku, unitPrice: price, quantity: Int.random(in: 1...3, using: &random)))
        }
        let coupon = coupons.randomElement(using: &random)!
        defer { nextID += 1 }
        return Order(id: nextID, customerID: Int.random(in: 1...customerCount, using: &random),
                     items: items, couponCode: coupon)
    }
}
