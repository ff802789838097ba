/// Prices orders: volume and tier discounts, coupons, tax.
struct Pricing {
    var taxRate = 0.2
    var coupons: [String: Double] = ["WELCOME10": 0.10, "VIP25": 0.25]

    func validate(_ order: Order) -> String? {
        if order.items.isEmpty { return "no items" }
        for item in order.items where item.quantity <= 0 || item.unitPrice < 0 {
            return "bad line item \(item.sku)"
        }
        if let code = order.couponCode, coupons[code] == nil {
            return "unknown coupon \(code)"
        }
        return nil
    }

    func price(_ order: Order, for customer: Customer) -> Receipt {
        let subtotal = order.items.reduce(0) { $0 + $1.unitPrice * Double($1.quantity) }
        let volumeRate = order.items.count >= 3 ? 0.05 : 0
        let tierRate = switch customer.tier {
        case .standard: 0.0
        case .silver: 0.03
        case .gold: 0.08
        }
        let couponRate = order.couponCode.flatMap { coupons[$0] } ?? 0
        let discount = subtotal * min(volumeRate + tierRate + couponRate, 0.3)
        let tax = (subtotal - discount) * taxRate
        return Receipt(orderID: order.id, subtotal: subtotal, discount: discount, tax: tax)
    }
}
